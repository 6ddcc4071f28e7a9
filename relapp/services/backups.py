"""Backups of the database: now, before imports, daily; the rotation; restoring one.

Backups live in the data folder's ``backups/`` (0700) as ``<kind>-<UTC time>.sqlite3``
files (0600), made while the app keeps working (a sequential copy of the file when it
holds everything committed, else SQLite's online backup API: ``storage.backup``). Each
kind is rotated on its own (7 daily, 4 weekly, 12 monthly), so a daily backup never
pushes out the copy made just before a restore or an upgrade. A new copy is verified
(``quick_check``, the same numbers of people and interactions) before it may push an
older one out, and the newest backup that passes the check is never rotated out.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from relapp.domain.backup_rotation import RetentionPolicy, backups_to_delete
from relapp.domain.errors import BackupInvalid, DatabaseReadOnly
from relapp.domain.work_files import temp_prefix
from relapp.storage.backup import (
    backup_name,
    check_file,
    copy_database_file,
    copy_verified,
    copy_verified_file,
    parse_backup_name,
    private_folder,
    quick_check_file,
    replace_database,
)
from relapp.storage.database import Database
from relapp.storage.wal_check import foreign_wal

log = logging.getLogger(__name__)

MANUAL = "manual"
DAILY = "daily"
PRE_IMPORT = "pre-import"
PRE_RESTORE = "pre-restore"
DEFAULT_POLICY = RetentionPolicy()


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    when: datetime  # UTC
    size: int  # bytes


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous: Path | None  # the backup of what was there before, if it could be read
    damaged: Path | None  # where an unreadable database was set aside


def backups_folder(database: Path) -> Path:
    return Path(database).parent / "backups"


def backup_now(
    db: Database,
    kind: str = MANUAL,
    *,
    to: Path | None = None,
    now: datetime | None = None,
    policy: RetentionPolicy = DEFAULT_POLICY,
) -> Path:
    """Copy the open database, consistently, while it stays in use.

    With ``to`` the copy goes exactly there (0600); otherwise into ``backups/`` under a
    name that says its kind and time, and older backups of that kind are rotated out.
    """
    if to is not None:
        return copy_verified(db.connection(), Path(to))
    folder = private_folder(backups_folder(db.path))
    when = now or datetime.now(UTC)
    target = copy_verified(db.connection(), folder / backup_name(kind, when))
    rotate(folder, kind, policy, good=target)
    log.info("backup made: %s", target)
    return target


class BackupUnderWay:
    """A backup made on a thread while the command plans and writes its transaction:
    the copy, its flush, its check and the rotation. The database's next commit waits
    for it (``Database.before_commit``), so the copy holds the state before the command
    (nothing is committed until it is made: the folder's one writer is this process),
    and a copy that does not check out refuses the commit, nothing written. ``wait``
    says how it ended (the path, or ``BackupInvalid`` / ``DiskFull``)."""

    def __init__(
        self,
        db: Database,
        kind: str = PRE_IMPORT,
        *,
        now: datetime | None = None,
        policy: RetentionPolicy = DEFAULT_POLICY,
    ) -> None:
        folder = private_folder(backups_folder(db.path))
        target = folder / backup_name(kind, now or datetime.now(UTC))
        self._made: Path | None = None
        self._failed: BaseException | None = None

        def make() -> None:
            try:
                made = copy_verified_file(db.path, target)
                rotate(folder, kind, policy, good=made)
                log.info("backup made: %s", made)
                self._made = made
            except BaseException as exc:  # said by ``wait``, on the caller's thread
                self._failed = exc

        db.before_commit(self.wait)
        self._thread = threading.Thread(target=make, name="backup before import")
        self._thread.start()

    def wait(self) -> Path:
        """The backup, once made, flushed, checked and rotated in; else what went wrong."""
        self._thread.join()
        if self._failed is not None:
            raise self._failed
        assert self._made is not None
        return self._made


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (other files are ignored)."""
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        parsed = parse_backup_name(entry.name)
        if parsed is None or not entry.is_file():
            continue
        kind, when = parsed
        found.append(BackupInfo(entry, kind, when, entry.stat().st_size))
    found.sort(key=lambda b: b.when, reverse=True)
    return found


def rotate(
    folder: Path,
    kind: str,
    policy: RetentionPolicy = DEFAULT_POLICY,
    *,
    good: Path | None = None,
) -> list[Path]:
    """Delete the backups of ``kind`` that the policy does not keep, but never the
    newest one that passes the check (``good``: one just verified, and newest)."""
    mine = [b for b in list_backups(folder) if b.kind == kind]
    doomed = backups_to_delete([b.when for b in mine], policy)
    if not doomed:
        return []
    newest_good = _newest_good(mine, good)
    removed = []
    for backup in mine:
        if backup.when in doomed and backup.path != newest_good:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _newest_good(newest_first: list[BackupInfo], good: Path | None) -> Path | None:
    for backup in newest_first:
        if backup.path == good:
            return good
        try:
            check_file(backup.path)
        except BackupInvalid as exc:
            log.warning("a damaged backup does not count as the newest good one: %s", exc)
            continue
        return backup.path
    return None


def has_backup_on(folder: Path, day: date) -> bool:
    """Whether any backup was made on ``day`` (local time)."""
    return any(b.when.astimezone().date() == day for b in list_backups(folder))


def daily_backup_if_due(db: Database, now: datetime | None = None) -> Path | None:
    """Make today's daily backup unless a backup was already made today."""
    when = now or datetime.now(UTC)
    if has_backup_on(backups_folder(db.path), when.astimezone().date()):
        return None
    return backup_now(db, DAILY, now=when)


def check_backup(path: Path) -> int:
    """Check a backup file (read-only): sound, Relapp's, not too new. Returns its
    schema version; raises ``BackupInvalid`` with the reason otherwise."""
    return check_file(Path(path))


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup that passes the check, or None."""
    for backup in list_backups(folder):
        try:
            check_file(backup.path)
        except BackupInvalid as exc:
            log.warning("skipping a damaged backup: %s", exc)
            continue
        return backup
    return None


def set_aside(database: Path, now: datetime | None = None) -> Path:
    """Move a damaged database (and its WAL) aside as ``<name>.damaged-<time>``; it is
    never written over or deleted."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):
        part = Path(f"{database}{suffix}")
        if part.exists():
            shutil.copy2(part, f"{aside}{suffix}")
    os.replace(database, aside)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return aside


def restore(database: Path, backup: Path, *, now: datetime | None = None) -> RestoreResult:
    """Replace the (closed) database at ``database`` with ``backup``.

    The backup is checked first (nothing changes if it is bad). What was there is backed
    up first as a ``pre-restore`` backup; if it cannot be read, or a ``-wal`` of another
    database lies beside it, it is set aside (with its WAL) as damaged instead. The
    caller must close its connections before and reopen after.
    """
    database, backup = Path(database), Path(backup)
    check_file(backup)
    check_writable(database)
    previous: Path | None = None
    damaged: Path | None = None
    when = now or datetime.now(UTC)
    if database.exists():
        try:
            stray = foreign_wal(database)
            if stray is not None:  # reading it would mix in the other database's pages
                raise BackupInvalid(stray, "this WAL belongs to another database.")
            check_file(database)
            folder = private_folder(backups_folder(database))
            previous = copy_database_file(database, folder / backup_name(PRE_RESTORE, when))
        except BackupInvalid as exc:  # unreadable: keep it aside, untouched
            log.warning("the current database could not be backed up (%s); set aside", exc)
            damaged = set_aside(database, when)
    replace_database(backup, database)
    if os.name == "posix":
        os.chmod(database, 0o600)
    return RestoreResult(restored_from=backup, previous=previous, damaged=damaged)


def check_writable(database: Path) -> None:
    """``DatabaseReadOnly`` when the database's folder (or the file) cannot be written:
    a restore could not put the backup in place, and a healthy database there must not
    be taken for a damaged one because it cannot be opened for writing."""
    folder = database.parent
    try:
        fd, probe = tempfile.mkstemp(prefix=temp_prefix("write-test", os.getpid()), dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DatabaseReadOnly(
            database,
            f"the data folder {folder} is read-only ({exc.strerror or exc}), so the backup "
            "cannot be put in place. Nothing was changed; the database there was not "
            "checked or touched.",
        ) from exc
    if database.exists() and not os.access(database, os.W_OK):
        raise DatabaseReadOnly(
            database,
            "the database file is read-only, so it cannot be replaced. Nothing was changed.",
        )


def check_database(database: Path) -> list[str]:
    """What is wrong with the database file (``PRAGMA quick_check``), or an empty list.

    Costs about 0.7 s on a 230 MB database, so the app runs it in the background after
    the window is shown, never before."""
    return quick_check_file(Path(database))
