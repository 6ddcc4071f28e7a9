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


class FileRefused(Exception):
    """A file that is not read; the message says why (without the file's name)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_CHUNK = 1 << 20


def kind_of(mode: int) -> str | None:
    """What a special file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | os.PathLike[str]) -> int:
    """The file's size; raises FileRefused for anything but a regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileRefused(f"the file cannot be read ({exc.strerror or exc})") from exc
    what = kind_of(info.st_mode)
    if what is not None:
        raise FileRefused(f"this is {what}, not a file; nothing was read from it")
    return info.st_size


def too_large(limit: int) -> FileRefused:
    return FileRefused(f"the file is over {limit / 2**20:,.0f} MB, the most Relapp reads")


def open_regular(path: str | os.PathLike[str]) -> int:
    """A descriptor of a regular file, opened without blocking; the caller closes it."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"the file cannot be read ({exc.strerror or exc})") from exc
    what = kind_of(os.fstat(fd).st_mode)
    if what is not None:
        os.close(fd)
        raise FileRefused(f"this is {what}, not a file; nothing was read from it")
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
        raise FileRefused(f"the file cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    return b"".join(parts)
