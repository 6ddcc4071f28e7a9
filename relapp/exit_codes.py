"""Relapp's exit codes, the same for the window and the commands, and the error each
stands for.

    0  done
    1  nothing was done (nothing could be imported, a file could not be written, the disk
       is full); what was stored before is intact
    2  bad usage: an unknown command or option, a data folder that is a file or (for a
       command that reads it) does not exist, no graphical desktop for the window
    3  another program holds the data folder or the database (another Relapp, or a
       program that has the database locked); try again when it is done
    4  the database or its folder needs attention: damaged, read-only, written by a newer
       Relapp, or an upgrade that failed
  130  a command interrupted with Ctrl+C (``relapp.cli.errors``); nothing half-written
"""

from __future__ import annotations

import errno

from relapp.domain.errors import (
    DatabaseError,
    DatabaseLocked,
    DataFolderMistaken,
    DataFolderUnusable,
    DiskFull,
    FolderBusy,
    RelappError,
)

DONE = 0
NOTHING_DONE = 1
USAGE = 2
BUSY = 3
NEEDS_ATTENTION = 4


def for_error(error: BaseException) -> int:
    """The exit code for an error that ended a run."""
    if isinstance(error, DiskFull):
        return NOTHING_DONE
    if isinstance(error, DatabaseLocked | FolderBusy):
        return BUSY
    if isinstance(error, DataFolderMistaken):
        return USAGE
    if isinstance(error, DataFolderUnusable):
        return NEEDS_ATTENTION
    if isinstance(error, DatabaseError):
        return NEEDS_ATTENTION
    if isinstance(error, RelappError):
        return NOTHING_DONE
    if isinstance(error, OSError) and error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return NEEDS_ATTENTION
    return NOTHING_DONE
