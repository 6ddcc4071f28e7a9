"""What a SQLite error means for the user: a full disk, a lock held by another program,
a read-only file or damage, as a ``DatabaseError`` they can act on. Used by opening
(``database``), backups and restores, and the error reports of the window and commands.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from relapp.domain.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
)
from relapp.domain.i18n import N_, _

if TYPE_CHECKING:
    import peewee as pw

# Less free space than this, and an I/O error or a file that cannot be made: the disk is
# full (SQLite reports a full disk that way when it cannot grow its -shm or -wal file).
NEARLY_FULL = 1 << 20
STARTUP_DISK_FULL = N_(
    "the disk is full, so Relapp cannot open its database (it needs a little room for "
    "its working files). The database itself was not touched. Free some space on the "
    "disk and start Relapp again."
)


def free_space(folder: Path) -> int | None:
    """Bytes an ordinary user may still write on ``folder``'s disk (None if unknown)."""
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return stats.f_bavail * stats.f_frsize


def _disk_full(path: Path, exc: BaseException) -> bool:
    name = str(getattr(exc, "sqlite_errorname", ""))
    text = str(exc).lower()
    io_error = name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL")) or any(
        word in text for word in ("disk i/o error", "unable to open")
    )
    if isinstance(exc, OSError):
        io_error = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if not io_error:
        return False
    free = free_space(path.parent)
    return free is not None and free < NEARLY_FULL


def classify_sqlite(path: Path, exc: sqlite3.Error | pw.PeeweeException) -> DatabaseError:
    text = str(exc).lower()
    if "full" in text:
        return DiskFull(path)
    if _disk_full(path, exc):
        return DiskFull(path, _(STARTUP_DISK_FULL))
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            path,
            _(
                "another program is using this database right now (it is locked). "
                "Close the other program, or wait for it to finish, and try again."
            ),
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseReadOnly(
            path,
            _(
                "Relapp cannot write here. Check that you own the file and its folder "
                "and that the disk is not mounted read-only."
            ),
        )
    return DatabaseCorrupt(
        path,
        _(
            "this file is not a readable Relapp database ({error}). It was left exactly as it was."
        ).format(error=exc),
    )


def classify_error(path: Path, exc: BaseException) -> DatabaseError:
    """Turn a SQLite error during work on ``path`` into an error the user can act on
    (a full disk, a lock held by another program, a read-only file, damage).

    SQLite rolls back by itself on a full disk, so the error that surfaces may be a
    failed rollback; the chain of causes is searched for the first real reason."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for link in chain:
        if "full" in str(link).lower():
            return DiskFull(path)
    errors = [e for e in chain if isinstance(e, sqlite3.Error)]
    return classify_sqlite(path, errors[0] if errors else exc)  # type: ignore[arg-type]


def database_error(path: Path, exc: BaseException) -> DatabaseError | None:
    """``classify_error`` for an error that came out of SQLite (directly, through
    peewee, or as the cause of another error); None for any other error."""
    if isinstance(exc, DatabaseError):
        return exc
    current: BaseException | None = exc
    seen: list[BaseException] = []
    while current is not None and current not in seen:
        if isinstance(current, _sqlite_errors()):
            return classify_error(path, exc)
        seen.append(current)
        current = current.__cause__ or current.__context__
    return None


def _sqlite_errors() -> tuple[type[BaseException], ...]:
    """SQLite's errors, and peewee's once peewee is loaded: it is imported when a
    ``Database`` is first used, not at start-up, and before that none of its errors can
    have been raised."""
    peewee = sys.modules.get("peewee")
    return (sqlite3.Error,) if peewee is None else (sqlite3.Error, peewee.PeeweeException)
