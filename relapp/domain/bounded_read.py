"""Reading a file the user named, with a bound, and only if it is a regular file.

``relapp import /dev/zero`` once read until memory ran out, and a named pipe (FIFO) hung
the import forever. Here the path is looked at (``os.stat``, which never blocks) before it
is opened; a pipe, device, socket or folder is refused with a message saying what it is.
The file is then opened without blocking, checked again on the open descriptor (the path
may have changed in between), and read to at most ``limit`` bytes: the size ``stat``
reports is not trusted, so a file that grows while it is read is cut off too.
"""

from __future__ import annotations

import os
import stat

from relapp.domain.i18n import _
from relapp.domain.sizes import megabytes_text


class FileRefused(Exception):
    """A file that is not read; the message says why (without the file's name)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_CHUNK = 1 << 20


def refusal(mode: int) -> str | None:
    """Why a special file is not read, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("this is a folder, not a file; nothing was read from it")
    if stat.S_ISFIFO(mode):
        return _("this is a named pipe (FIFO), not a file; nothing was read from it")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("this is a device, not a file; nothing was read from it")
    if stat.S_ISSOCK(mode):
        return _("this is a socket, not a file; nothing was read from it")
    return _("this is not a regular file; nothing was read from it")


def _unreadable(exc: OSError) -> FileRefused:
    return FileRefused(_("the file cannot be read ({reason})").format(reason=exc.strerror or exc))


def check_regular(path: str | os.PathLike[str]) -> int:
    """The file's size; raises FileRefused for anything but a regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _unreadable(exc) from exc
    why = refusal(info.st_mode)
    if why is not None:
        raise FileRefused(why)
    return info.st_size


def too_large(limit: int) -> FileRefused:
    return FileRefused(
        _("the file is over {size}, the most Relapp reads").format(
            size=megabytes_text(limit, places=0)
        )
    )


def open_regular(path: str | os.PathLike[str]) -> int:
    """A descriptor of a regular file, opened without blocking; the caller closes it."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _unreadable(exc) from exc
    why = refusal(os.fstat(fd).st_mode)
    if why is not None:
        os.close(fd)
        raise FileRefused(why)
    return fd


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else FileRefused."""
    if check_regular(path) > limit:
        raise too_large(limit)
    fd = open_regular(path)
    parts: list[bytes] = []
    total = 0
    try:
        while True:
            part = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not part:
                break
            parts.append(part)
            total += len(part)
            if total > limit:
                raise too_large(limit)
    except OSError as exc:
        raise _unreadable(exc) from exc
    finally:
        os.close(fd)
    return b"".join(parts)
