"""The data folder's lock: whoever holds it is the one process that writes there.

The window holds it for its whole run, each writing command (``relapp import``,
``restore``, ``backup``) for its own; a process that does not get it hands its work to
the holder (the window takes files over its single-instance socket) or refuses with a
message, and never writes the database. The lock is an advisory ``flock`` on the file
``relapp.lock`` in the data folder: the operating system drops it when its process ends,
however it ends, so a crashed Relapp never leaves a stale lock behind. The holder's
process id is written into the file, for the message of whoever is refused.

The file itself stays (an empty file between holders): deleting a lock file that
another process may have just opened would let two processes "hold" two different files.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

from relapp.domain.errors import FolderBusy

LOCK_NAME = "relapp.lock"

if os.name == "posix":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


class FolderLock:
    """``acquire()`` takes the folder (False when another process has it); ``release()``
    gives it back. Also a context manager that raises ``FolderBusy``.

    Each ``FolderLock`` opens the file on its own, so two of them exclude each other
    even inside one process."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock now, without waiting. Raises ``OSError`` when no lock file can
        be made here (a read-only folder: then nobody can write the database either)."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        with contextlib.suppress(OSError):  # the pid is only for messages
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def holder(self) -> int | None:
        """The process id the holder wrote into the lock file, if it can be read."""
        try:
            return int(self.path.read_text(encoding="ascii").split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def busy(self) -> FolderBusy:
        return FolderBusy(self.data_dir, self.holder())

    def __enter__(self) -> FolderLock:
        if not self.acquire():
            raise self.busy()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
