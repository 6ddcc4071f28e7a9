"""Whether a ``-wal`` file left beside the database belongs to it.

SQLite applies any valid WAL it finds beside a database file: it checks the WAL's own
header checksum, salts and frame checksums, but nothing ties a WAL to *its* database. A
WAL copied in from another database (by a sync tool, a backup program or by hand) is
applied just the same, and the reader sees the other database's pages.

So Relapp gives every database a random ``application_id`` (four bytes at offset 68 of
page 1, in the file header) when it makes it, and before it opens a database with a
leftover WAL (one that no running Relapp is using: the caller holds the folder's lock)
it reads the WAL's frames of page 1 — the current generation's frames, whose salts match
the WAL header — and compares their ``application_id`` with the database file's. A WAL
whose page 1 names another database is refused, untouched. Every write transaction of
Relapp writes the id again (``Database.atomic``), so each of its commits carries page 1
and a WAL of another Relapp database is recognised even when it only edited a row. A
WAL that never wrote page 1 (written by another program, or by a Relapp from before
this check) cannot be told apart, and is applied as SQLite would.

Only frames SQLite would apply count: those of committed transactions, each frame's
checksum carrying on from the one before. A process killed while it commits leaves
frames SQLite ignores: the commit's first frames without its commit frame, or a frame
whose header was written and whose page was not, over what the file held there before
(an older page, with anything at offset 68). The quick scan trusts the frame headers
(no checksums) and skips what no commit frame follows; when it meets a page 1 with
another id, the frames are read again as SQLite's recovery reads them, checksums
chained, and only a committed page 1 with another id refuses the WAL.

The WAL format: https://www.sqlite.org/fileformat2.html#walformat (32-byte header: magic,
version, page size, checkpoint sequence, salt-1, salt-2, checksum-1, checksum-2; then
frames of a 24-byte header — page number, size after commit, salt-1, salt-2, two
checksums — and one page).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple

WAL_MAGIC = (0x377F0682, 0x377F0683)  # little- or big-endian checksums
HEADER = 32
FRAME_HEADER = 24
APPLICATION_ID_AT = 68
MAX_FRAMES_READ = 1 << 20  # page 1 is among the first frames of a generation


def new_application_id() -> int:
    """A random id for a new database (positive, non-zero, fits SQLite's signed int)."""
    import secrets  # a new database only: not at start-up

    return secrets.randbelow(0x7FFFFFFE) + 1


def file_application_id(database: Path) -> int:
    """The ``application_id`` in the database file's own header (0 when unset/short)."""
    with open(database, "rb") as handle:
        handle.seek(APPLICATION_ID_AT)
        raw = handle.read(4)
    return struct.unpack(">i", raw)[0] if len(raw) == 4 else 0


def _checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


class _Header(NamedTuple):
    page_size: int
    salts: tuple[int, int]
    checksum: tuple[int, int]
    big_endian: bool


def _header(handle: BinaryIO) -> _Header | None:
    """The WAL's header, or None when SQLite would ignore the WAL (short, bad magic,
    page size or header checksum)."""
    raw = handle.read(HEADER)
    if len(raw) < HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", raw)
    if magic not in WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
        return None
    big_endian = magic & 1 == 1
    if _checksum(raw[:24], big_endian) != (c1, c2):
        return None
    return _Header(page_size, (salt1, salt2), (c1, c2), big_endian)


def _application_id(page_one: bytes) -> int:
    return struct.unpack(">i", page_one[APPLICATION_ID_AT : APPLICATION_ID_AT + 4])[0]


def wal_page_one_ids(wal: Path) -> list[int]:
    """The ``application_id`` of every page-1 frame of the WAL's current generation that
    a commit frame follows, in order, read from the frame headers alone (checksums not
    checked); empty when SQLite would ignore the WAL."""
    ids: list[int] = []
    pending: list[int] = []
    with open(wal, "rb") as handle:
        header = _header(handle)
        if header is None:
            return ids
        for _ in range(MAX_FRAMES_READ):
            frame = handle.read(FRAME_HEADER)
            if len(frame) < FRAME_HEADER:
                break
            page, commit, f1, f2 = struct.unpack(">4I", frame[:16])
            if (f1, f2) != header.salts:
                break  # the end of this generation
            if page == 1:
                data = handle.read(header.page_size)
                if len(data) < header.page_size:
                    break
                pending.append(_application_id(data))
            else:
                handle.seek(header.page_size, os.SEEK_CUR)
            if commit:
                ids.extend(pending)
                pending.clear()
    return ids


def committed_page_one_ids(wal: Path, stop_at_other_than: int | None = None) -> list[int]:
    """The ``application_id`` of every page-1 frame SQLite would apply: frames of the
    current generation whose checksums chain from the header's, up to the last commit
    frame. Stops early at a committed id other than ``stop_at_other_than``. Reads every
    page (~30 ms a MB), so only when the quick scan saw another id."""
    committed: list[int] = []
    with open(wal, "rb") as handle:
        header = _header(handle)
        if header is None:
            return committed
        running = header.checksum
        pending: list[int] = []
        for _ in range(MAX_FRAMES_READ):
            frame = handle.read(FRAME_HEADER)
            data = handle.read(header.page_size)
            if len(frame) < FRAME_HEADER or len(data) < header.page_size:
                break
            page, commit, f1, f2, k1, k2 = struct.unpack(">6I", frame)
            if (f1, f2) != header.salts:
                break  # the end of this generation
            running = _checksum(frame[:8], header.big_endian, *running)
            running = _checksum(data, header.big_endian, *running)
            if running != (k1, k2):
                break  # torn or stale: SQLite stops here
            if page == 1:
                pending.append(_application_id(data))
            if commit:
                committed.extend(pending)
                pending.clear()
                if stop_at_other_than is not None and any(
                    other != stop_at_other_than for other in committed
                ):
                    break
    return committed


def foreign_wal(database: Path) -> Path | None:
    """The WAL beside ``database`` when it belongs to another database, else None."""
    wal = Path(f"{database}-wal")
    try:
        if wal.stat().st_size <= HEADER:
            return None
        mine = file_application_id(database)
        theirs = wal_page_one_ids(wal)
        if mine == 0 or not theirs:  # an old database without an id, or no page 1
            return None
        if all(other == mine for other in theirs):
            return None
        theirs = committed_page_one_ids(wal, stop_at_other_than=mine)
    except OSError:
        return None
    return wal if any(other != mine for other in theirs) else None
