"""Removing what interrupted work left behind: the hidden full-size copies of a backup,
restore, upgrade or export whose process was killed before it could rename or delete
them (``relapp.domain.work_files`` names them).

At every start (the window's, and each command's) ``clean_leftovers`` looks in the data
folder, its ``backups/`` and the demo folder, and at the exports noted in the data
folder's ``.unfinished/``, and removes the work files whose process is gone. A file of a
process that still runs is work under way and is left alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from pathlib import Path

from relapp.domain.work_files import is_old_style_work_file, owner

log = logging.getLogger(__name__)

JOURNAL = ".unfinished"
# An earlier Relapp's work file carries no process id: only its age says it is stale.
OLD_STYLE_AGE = 3600.0  # seconds


def journal_folder(database: Path) -> Path:
    """Where work under way outside the data folder (an export) is noted."""
    return Path(database).parent / JOURNAL


def note_work_file(journal: Path, temp: Path) -> Path | None:
    """Note ``temp`` (a work file being written) in ``journal``; returns the note, to be
    removed when the work is done. None if the note cannot be written (the work goes on;
    only the clean-up after a kill is lost)."""
    try:
        journal.mkdir(mode=0o700, exist_ok=True)
        note = journal / f"{os.getpid()}-{time.monotonic_ns()}"
        note.write_text(str(temp.absolute()), encoding="utf-8")
    except OSError as exc:
        log.warning("cannot note %s in %s: %s", temp, journal, exc)
        return None
    return note


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: leave it
    return True


def _stale(entry: Path, now: float) -> bool:
    pid = owner(entry.name)
    if pid is not None:
        return not alive(pid)
    if is_old_style_work_file(entry.name):
        with contextlib.suppress(OSError):
            return now - entry.stat().st_mtime > OLD_STYLE_AGE
    return False


def _remove(entry: Path, removed: list[Path]) -> None:
    try:
        if entry.is_file() and not entry.is_symlink():
            entry.unlink()
            removed.append(entry)
    except OSError as exc:
        log.warning("cannot remove the leftover %s: %s", entry, exc)


def _clean_journal(journal: Path, removed: list[Path]) -> None:
    if not journal.is_dir():
        return
    for note in journal.iterdir():
        pid_text = note.name.split("-", 1)[0]
        if not pid_text.isdigit() or alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError, UnicodeDecodeError):
            temp = Path(note.read_text(encoding="utf-8").strip())
            if owner(temp.name) == int(pid_text):  # only ever that process's work file
                _remove(temp, removed)
        note.unlink(missing_ok=True)


def clean_leftovers(data_dir: Path) -> list[Path]:
    """Remove the leftovers of interrupted work of the data folder ``data_dir``; returns
    what was removed."""
    removed: list[Path] = []
    now = time.time()
    folders = [data_dir, data_dir / "backups", data_dir / "demo", data_dir / "demo" / "backups"]
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and _stale(entry, now):
                _remove(entry, removed)
    _clean_journal(data_dir / JOURNAL, removed)
    for path in removed:
        log.info("removed a leftover of interrupted work: %s", path)
    return removed
