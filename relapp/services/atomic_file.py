"""Writing a file so that it is either all there or not there at all.

The text goes to a temporary file in the same folder (created private: 0600 on POSIX),
is flushed to disk, and then renamed over the target in one step. A crash, a full disk
or an error half-way leaves any earlier file at the target untouched and no temporary
file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from relapp.domain.work_files import temp_prefix
from relapp.services import leftovers


@contextlib.contextmanager
def atomic_text_file(
    path: str | os.PathLike[str], *, journal: Path | None = None
) -> Iterator[TextIO]:
    """Open ``path`` for writing UTF-8 text (no newline translation) atomically.

    With ``journal`` (the data folder's note of work under way) the temporary file is
    noted there while it is written, so that if this process is killed, the next start
    removes it wherever it is (``relapp.services.leftovers``)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = temp_prefix(target.name, os.getpid())
    fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    note = leftovers.note_work_file(journal, temp) if journal is not None else None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    finally:
        if note is not None:
            note.unlink(missing_ok=True)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
