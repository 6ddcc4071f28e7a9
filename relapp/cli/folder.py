"""Opening the data folder for a ``relapp`` command: its lock, the database, the check.

One writer per data folder: a writing command holds the folder's lock
(``relapp.storage.folder_lock``) for as long as it works, the same lock the open window
holds for its whole run, and is refused (exit code 3) when another Relapp has it. A
reading command takes the lock when it is free and otherwise reads beside the holder.
The database is checked (``PRAGMA quick_check``) before a command trusts it; a database
that cannot be opened or fails the check is reported (exit code 4) and never written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from relapp.paths import AppPaths
    from relapp.services.backups import BackupUnderWay
    from relapp.storage import Database

from relapp.domain.i18n import _
from relapp.exit_codes import BUSY as FOLDER_BUSY
from relapp.exit_codes import DONE, NOTHING_DONE, USAGE
from relapp.exit_codes import NEEDS_ATTENTION as DATABASE_NEEDS_ATTENTION

__all__ = ["DATABASE_NEEDS_ATTENTION", "DONE", "FOLDER_BUSY", "NOTHING_DONE", "USAGE"]


class CommandFailed(Exception):
    """A command cannot go on; the message is printed and the exit code returned."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def busy(paths: AppPaths, hint: str) -> CommandFailed:
    """Exit code 3: the folder's lock is another process's."""
    from relapp.storage.folder_lock import FolderLock

    refused = FolderLock(paths.data_dir).busy()
    said = _("{refused} Nothing was changed. {hint}").format(refused=refused, hint=hint)
    return CommandFailed(said.rstrip(), FOLDER_BUSY)


def database_failure(error: Exception) -> CommandFailed:
    """A database that cannot be used: exit code 4 (3 when another program locks it)."""
    from relapp.domain.errors import DatabaseLocked

    code = FOLDER_BUSY if isinstance(error, DatabaseLocked) else DATABASE_NEEDS_ATTENTION
    return CommandFailed(str(error), code)


@contextlib.contextmanager
def holding_the_folder(paths: AppPaths, hint: str = "") -> Iterator[None]:
    """The data folder's lock for a writing command, or ``CommandFailed`` (exit code 3)."""
    from relapp.storage.folder_lock import FolderLock

    paths.ensure()
    lock = FolderLock(paths.data_dir)
    try:
        taken = lock.acquire()
    except OSError:  # no lock file can be made: nobody can write here (the open says why)
        taken = True
    if not taken:
        raise busy(paths, hint)
    try:
        yield
    finally:
        lock.release()


def damaged(database: Path, problems: str) -> CommandFailed:
    """Exit code 4: the check found the database damaged; nothing was written."""
    from relapp.domain.errors import DatabaseCorrupt

    damage = DatabaseCorrupt(
        database,
        _(
            "the database is damaged ({problems}). Nothing was written and no "
            "backup was made of it. Restore a good backup (relapp restore FILE), "
            "or open Relapp to be offered one."
        ).format(problems=problems),
    )
    return database_failure(damage)


def backed_up_first(db: Database) -> BackupUnderWay:
    """The pre-import backup, made before a command writes anything, verified
    (``copy_verified``). It is the command's check of the database too: the copy holds
    the database's own pages, so its ``quick_check`` finds what one of the database
    would (``open_db(check=False)``), and the file is read once, not twice. It is made
    on a thread while the command plans and writes, and the command's first commit
    waits for it (``backups.BackupUnderWay``); the caller says how it ended with
    ``backup_done``. A damaged database: exit code 4, no copy, nothing written."""
    from relapp.services import backups

    return backups.BackupUnderWay(db, backups.PRE_IMPORT)


def backup_done(db: Database, under_way: BackupUnderWay | None) -> None:
    """Wait for a backup under way; a copy that did not check out (a damaged database,
    so nothing was committed) is exit code 4."""
    from relapp.domain.errors import BackupInvalid

    if under_way is None:
        return
    try:
        under_way.wait()
    except BackupInvalid as invalid:
        raise damaged(db.path, invalid.damage or invalid.message) from None


def checked(db: Database) -> None:
    """The database's own check (``quick_check``), for a command that found it has
    nothing to write (so no backup is made, and no copy's check stands for it): a
    damaged database is still exit code 4."""
    from relapp.storage.backup import quick_check_file

    problems = quick_check_file(db.path)
    if problems:
        raise damaged(db.path, "; ".join(problems[:3]))


@contextlib.contextmanager
def open_db(
    paths: AppPaths, *, writes: bool = True, hint: str = "", check: bool = True
) -> Iterator[Database]:
    """The user's database for a command, checked (``quick_check``) before it is trusted.

    ``writes``: hold the data folder's lock throughout (``CommandFailed``, exit code 3,
    when another Relapp has it). A reader takes the lock when it is free and otherwise
    reads beside the holder. A database that cannot be opened or fails the check is
    reported (exit code 4) and never written. ``check=False``: the caller checks before
    it writes (``backed_up_first``: the verified copy is the check)."""
    from relapp.bootstrap import open_user_database
    from relapp.domain.errors import DatabaseError
    from relapp.storage.backup import quick_check_file
    from relapp.storage.folder_lock import FolderLock

    paths.ensure()
    lock = FolderLock(paths.data_dir)
    try:
        alone = lock.acquire()
    except OSError:
        alone = writes  # a read-only folder: opening it says what is wrong
    if writes and not alone:
        raise busy(paths, hint)
    try:
        try:
            db = open_user_database(paths, exclusive=alone)
        except DatabaseError as error:
            raise database_failure(error) from error
        try:
            problems = quick_check_file(db.path) if check else []
            if problems:
                raise damaged(db.path, "; ".join(problems[:3]))
            yield db
        finally:
            db.close()
    finally:
        lock.release()
