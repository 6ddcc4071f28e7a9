"""Looking inside a zip without trusting it: nothing is ever extracted to disk.

A chat export's zip comes from a phone, or from anyone: every entry is checked before
one is read (a path that climbs out with ``..`` or starts at the root, an encrypted
entry, a zip inside the zip, an entry that would expand far beyond its packed size),
and the one entry read is read as a stream with a ceiling on its size.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from relapp.domain.capture.records import CaptureProblem
from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.domain.sizes import megabytes_text

MAX_ENTRIES = 100_000  # a zip listing more entries is not looked into
MAX_ENTRY_BYTES = 4 << 30  # no chat text is this large
BOMB_RATIO = 200  # text packs ~5-10 to 1; a zip bomb 1,000 to 1 and more
BOMB_FLOOR = 64 << 20  # below this expanded size the ratio does not matter


@dataclass(frozen=True)
class Entry:
    info: zipfile.ZipInfo
    name: str


def _mb(size: int) -> str:
    return megabytes_text(size)


def _refusal(info: zipfile.ZipInfo) -> str | None:
    """Why this entry must not be read, or None."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return _("its path leads outside the export; not read")
    if info.flag_bits & 0x1:
        return _("it is encrypted; not read")
    if name.lower().endswith(".zip"):
        return _("it is a zip inside the zip; not opened")
    packed = max(info.compress_size, 1)
    if info.file_size > MAX_ENTRY_BYTES or (
        info.file_size > BOMB_FLOOR and info.file_size / packed > BOMB_RATIO
    ):
        return (
            f"it would expand to {_mb(info.file_size)} from {_mb(info.compress_size)} "
            "(a zip bomb?); not read"
        )
    return None


def checked_entries(
    archive: zipfile.ZipFile, file: str
) -> tuple[list[Entry], list[CaptureProblem]]:
    """The entries safe to read, and a problem for each one that is not."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        return [], [
            CaptureProblem(
                file,
                _("the zip"),
                _("it lists {n} entries; not looked into").format(n=number_text(len(infos))),
            )
        ]
    safe: list[Entry] = []
    problems: list[CaptureProblem] = []
    for info in infos:
        if info.is_dir():
            continue
        refusal = _refusal(info)
        if refusal:
            where = _("entry {name}").format(name=info.filename)
            problems.append(CaptureProblem(file, where, refusal))
        else:
            safe.append(Entry(info, info.filename.replace("\\", "/")))
    return safe, problems


def pick(entries: list[Entry], wanted: Callable[[Entry], int]) -> Entry | None:
    """The entry ``wanted`` ranks best (0 = not wanted at all)."""
    ranked = [(wanted(entry), index) for index, entry in enumerate(entries)]
    ranked = [item for item in ranked if item[0] > 0]
    if not ranked:
        return None
    return entries[max(ranked, key=lambda item: (item[0], -item[1]))[1]]


def open_zip(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path)


def read_lines(stream: IO[bytes], limit: int = MAX_ENTRY_BYTES) -> Iterator[bytes]:
    """The stream's lines (pieces of at most 1 MiB), stopping after ``limit`` bytes."""
    total = 0
    while total < limit:
        line = stream.readline(1 << 20)
        if not line:
            return
        total += len(line)
        yield line
