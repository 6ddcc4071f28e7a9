"""A database file copied page by page at the same places, without its free pages.

The pages on the freelist's leaves hold nothing: SQLite neither reads nor writes them
until it takes one again, and then writes it whole (the file format's "freelist leaf
pages contain no information"). So a copy may leave them as holes of zeros; what it
holds, and what restoring it gives, is the same. A migration that drops an index leaves
its pages free (m0018: 73 MB of the full-size database's 770), and a backup before each
import copied them. The rest goes in the kernel (``copy_file_range``, a shared extent on
Btrfs and XFS) where it can.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
SKIP_RUN = 16  # free leaves in a row worth a hole (64 KB of 4 KB pages)


def copy_pages(path: Path, temp: Path) -> None:
    """Every page of the database file at ``path`` into ``temp`` (which exists), at the
    same places, but for the freelist's leaves: they hold nothing (SQLite neither reads
    nor writes them until it takes one again, and then writes it whole), so they are
    left as holes of zeros. The file must not change meanwhile (a read transaction)."""
    with path.open("rb") as source, temp.open("r+b") as target:
        size = os.fstat(source.fileno()).st_size
        skipped = free_leaves(source.fileno(), size)
        copy = _ranges_copier(source.fileno(), target.fileno())
        for start, stop in _kept_ranges(skipped, size):
            copy(start, stop - start)
        os.ftruncate(target.fileno(), size)


def free_leaves(fd: int, size: int) -> tuple[int, list[int]]:
    """(page size, the page numbers on the freelist's leaves), read from the file's
    header and trunk pages; (page size, []) when anything there does not add up (the
    copy then takes every page, and its check says what is wrong)."""
    header = os.pread(fd, 100, 0)
    if len(header) < 100 or header[:16] != SQLITE_HEADER:
        return 0, []
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = size // page_size if page_size >= 512 else 0
    trunk, total = int.from_bytes(header[32:36], "big"), int.from_bytes(header[36:40], "big")
    room = page_size // 4 - 2  # leaf numbers a trunk page holds
    leaves: list[int] = []
    trunks = 0
    while trunk:
        trunks += 1
        if not 1 < trunk <= pages or trunks + len(leaves) > total:
            return page_size, []  # a loop or a page that is not there
        data = os.pread(fd, page_size, (trunk - 1) * page_size)
        count = int.from_bytes(data[4:8], "big")
        if count > room:
            return page_size, []
        found = [int.from_bytes(data[8 + 4 * i : 12 + 4 * i], "big") for i in range(count)]
        if any(not 1 < leaf <= pages for leaf in found):
            return page_size, []
        leaves.extend(found)
        trunk = int.from_bytes(data[:4], "big")
    if trunks + len(leaves) != total or len(set(leaves)) != len(leaves):
        return page_size, []
    return page_size, sorted(leaves)


def _kept_ranges(skipped: tuple[int, list[int]], size: int) -> list[tuple[int, int]]:
    """The byte ranges ``[start, stop)`` of the file to copy: all but the runs of at
    least ``SKIP_RUN`` free leaves (the full-size database's 17,875 free pages are 931
    runs; the 253 runs of 16 or more hold 86% of them, in a few hundred copies)."""
    page_size, leaves = skipped
    ranges: list[tuple[int, int]] = []
    at = 0
    for first, count in _runs(leaves):
        if count < SKIP_RUN:
            continue
        start = (first - 1) * page_size
        if start > at:
            ranges.append((at, start))
        at = start + count * page_size
    if size > at:
        ranges.append((at, size))
    return ranges


def _runs(pages: list[int]) -> list[tuple[int, int]]:
    """(first page, count) of each run of consecutive numbers in ``pages`` (ascending)."""
    runs: list[tuple[int, int]] = []
    for page in pages:
        if runs and runs[-1][0] + runs[-1][1] == page:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((page, 1))
    return runs


def _ranges_copier(source: int, target: int) -> Callable[[int, int], None]:
    """``copy(offset, length)``: bytes at ``offset`` of ``source`` to the same offset of
    ``target``, in the kernel (``copy_file_range``: a shared extent on file systems that
    can, such as Btrfs and XFS) or, where it cannot, through a buffer."""
    in_kernel = [hasattr(os, "copy_file_range")]

    def copy(offset: int, length: int) -> None:
        done = 0
        while done < length and in_kernel[0]:
            try:
                moved = os.copy_file_range(
                    source, target, length - done, offset + done, offset + done
                )
            except OSError as exc:
                if exc.errno not in _NO_COPY_FILE_RANGE:
                    raise
                in_kernel[0] = False
                break
            if moved == 0:
                raise OSError(errno.EIO, f"the database file ended at {offset + done}")
            done += moved
        while done < length:
            chunk = os.pread(source, min(length - done, 1 << 20), offset + done)
            if not chunk:
                raise OSError(errno.EIO, f"the database file ended at {offset + done}")
            os.pwrite(target, chunk, offset + done)
            done += len(chunk)

    return copy


_NO_COPY_FILE_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}
