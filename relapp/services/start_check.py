"""Whether the window's start-up check of the database (``PRAGMA quick_check``, which
reads the whole file: 700 MB at 100,000 people, 7 GB at a million) has anything to
find this time.

What the check is for: damage that happened to the file while no Relapp had it open
(a disk or file-system fault, a copy or sync tool writing over it, another program).
Relapp's own writes go through SQLite's transactions, which do not damage a sound file.
So when a Relapp closed the database cleanly after it had been found sound (checked
in that session, or found unchanged at its start), the file as that session left it is
known to be sound; if it is still exactly that file at the next start (same inode,
size, modification and change times, no write-ahead log with content), there is
nothing new to check. ``ctime`` cannot be set back by a program, so a file written
over in place with its old ``mtime`` and size restored still counts as changed.

Anything else is checked: a file never checked, one changed since (a command such as
``relapp import``, a session that crashed or was killed, a restore, another program),
and, whatever happened, a file whose last full check is older than ``RECHECK_AFTER``
(damage that changes no time stamp, a failing disk, is still found within a week). The
daily backup's copy is checked too (``services.backups``), and SQLite reports any
damaged page it reads.

The note lives beside the database (``CHECK_NOTE``), written whole or not at all; a
note that cannot be read counts as no note (the check runs).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relapp.services.atomic_file import atomic_text_file
from relapp.storage.backup import checkpoint_file

log = logging.getLogger(__name__)

CHECK_NOTE = "database-check.json"
RECHECK_AFTER = timedelta(days=7)
_FIELDS = ("inode", "size", "mtime_ns", "ctime_ns")


def note_path(database: Path) -> Path:
    return Path(database).parent / CHECK_NOTE


def file_stamp(database: Path) -> dict[str, int] | None:
    """What identifies this state of the file (None: there is no file)."""
    try:
        st = os.stat(database)
    except OSError:
        return None
    return {"inode": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "ctime_ns": st.st_ctime_ns}  # fmt: skip


def _wal_has_content(database: Path) -> bool:
    try:
        return os.stat(f"{database}-wal").st_size > 0
    except OSError:
        return False


def read_note(database: Path) -> dict[str, object] | None:
    try:
        note = json.loads(note_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def _last_checked(note: dict[str, object]) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(note["checked"]))
    except (KeyError, ValueError):
        return None
    return when if when.tzinfo is not None else None


def check_needed(database: Path, now: datetime | None = None) -> bool:
    """Whether the start-up check must read the file (see the module's docstring)."""
    now = now or datetime.now(UTC)
    note = read_note(database)
    stamp = file_stamp(database)
    if note is None or stamp is None or _wal_has_content(database):
        return True
    checked = _last_checked(note)
    if checked is None or not (now - RECHECK_AFTER < checked <= now):
        return True
    return any(note.get(field) != stamp[field] for field in _FIELDS)


def last_full_check(database: Path) -> datetime | None:
    """When the file was last read whole and found sound, as the note says."""
    note = read_note(database)
    return _last_checked(note) if note is not None else None


def note_sound_close(database: Path, checked: datetime) -> None:
    """The database was closed cleanly by a session that knew it sound (its last full
    check: ``checked``): its write-ahead log (this session's own commits) is copied into
    it, and the file as it is then is noted. A log that cannot be emptied (another
    connection still reading or writing) leaves nothing noted; the next start checks."""
    if not Path(database).exists():
        return
    if not checkpoint_file(database) or _wal_has_content(database):
        log.info("database check: not noted at close (its log could not be emptied)")
        return
    stamp = file_stamp(database)
    if stamp is None:
        return
    note = {**stamp, "checked": checked.astimezone(UTC).isoformat()}
    try:
        with atomic_text_file(note_path(database)) as handle:
            json.dump(note, handle)
        log.info("database check: noted sound at close (last read whole %s)", note["checked"])
    except OSError as exc:  # a read-only folder, a full disk: the next start checks
        log.warning("could not note the database check: %s", exc)


def fold_log(database: Path) -> bool:
    """At a clean close that notes nothing: the write-ahead log copied into the file and
    emptied, so the file alone holds every commit (a copy of it made by hand once Relapp
    has quit misses none; SQLite folds it as its last connection closes, but a thread's
    connection may still be open). False when it could not be (another connection is
    reading or writing): the log stays beside the file, as safe as ever."""
    return Path(database).exists() and checkpoint_file(database)


def forget(database: Path) -> None:
    """No note any more (the file was found damaged, or replaced)."""
    try:
        note_path(database).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove the database check's note: %s", exc)
