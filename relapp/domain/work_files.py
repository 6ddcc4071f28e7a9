"""How Relapp names the hidden files of work under way, so that what a killed process
left behind can be told apart from everything else and removed at the next start.

A copy being written (a backup, a restore, an export) goes to a hidden file beside its
target, ``.<target name>.relapp<process id>.<random>.tmp``, and is renamed into place
when complete. The process id says whose it is: while that process lives the file is
work under way; once it is gone, the file is a leftover.
"""

from __future__ import annotations

import re

_TAGGED = re.compile(r"^\..+\.relapp(?P<pid>[0-9]+)\.[^./]*\.?tmp$")
# What earlier Relapps left: mkstemp's ".<name>.<8 random characters>.tmp", and the
# finished copy a restore had not yet moved into place.
_UNTAGGED = re.compile(r"^\..+\.sqlite3\.[a-z0-9_]{8}\.tmp$|^\.relapp\.sqlite3\.restoring$")


def temp_prefix(target_name: str, pid: int) -> str:
    """The start of a work file's name for ``target_name`` (``mkstemp(prefix=...)``)."""
    return f".{target_name}.relapp{pid}."


def work_file_name(target_name: str, pid: int, what: str) -> str:
    """A fixed work file name (no random part), e.g. the restored copy waiting to be
    moved into place."""
    return f"{temp_prefix(target_name, pid)}{what}.tmp"


def owner(name: str) -> int | None:
    """The process id in a work file's name; None for any other file."""
    found = _TAGGED.match(name)
    return int(found.group("pid")) if found else None


def is_old_style_work_file(name: str) -> bool:
    """A work file of an earlier Relapp (no process id in its name)."""
    return _UNTAGGED.match(name) is not None
