"""Reading the kept health summaries (``health_summary_repo``) of everyone who is not
archived, a group of blocks at a time, with their promises (which change with the clock
and are applied on reading)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.summary import NO_DAY, HealthSummaries, promises_among
from relapp.storage import everyone_health_repo
from relapp.storage.database import Database
from relapp.storage.health_codes import ints
from relapp.storage.health_summary_repo import (
    BLOCK,
    BLOCK_BITS,
    PARTS,
    RECORD,
    dirty_ids,
    is_kept,
    parts_of,
    summaries_of,
)

READ_BLOCKS = 4096  # blocks read at once: 65,536 ids, ~12 MB of records
AHEAD = 2  # parts read ahead while the caller computes (and reads its other lists first)


@dataclass(frozen=True)
class KeptHealth:
    """People who are not archived, from their records: person ``i`` is
    ``person_ids[i]`` (ascending). ``promises`` holds their promises only (outcomes as
    of the moment read), for the multiplier applied on reading."""

    person_ids: NDArray[np.int64]
    summaries: HealthSummaries
    cadence_days: NDArray[np.float64]
    created_at: NDArray[np.int64]
    promises: HealthArrays

    def take(self, index: NDArray[np.intp]) -> KeptHealth:
        """The people at ``index`` (ascending), with their promises."""
        return KeptHealth(
            self.person_ids[index],
            self.summaries.take(index),
            self.cadence_days[index],
            self.created_at[index],
            promises_among(self.promises, index, len(self.person_ids), self.cadence_days[index]),
        )


def iter_kept(
    conn: sqlite3.Connection, now: int, skip: NDArray[np.int64], *, blocks: int | None = None
) -> Iterator[KeptHealth]:
    """Everyone not archived whose record is kept, but the ids in ``skip`` (ascending:
    the people still in ``health_dirty``), ``blocks`` blocks at a time (``READ_BLOCKS``).
    Run it in one read transaction with the read of ``skip``."""
    blocks = READ_BLOCKS if blocks is None else blocks
    promises = everyone_health_repo.every_promise(conn, now)
    for start in range(0, _top(conn) + 1, blocks):
        part = _read_part(conn, skip, start, blocks, promises)
        if part is not None:
            yield _kept(part)


class KeptReader:
    """``iter_kept`` on a connection of its own, in one snapshot with ``unsettled`` (the
    ids in ``health_dirty``), reading the next part while the caller computes this one
    (SQLite lets go of the GIL while it steps). Use it in a ``with`` block: the first
    part is read from its start on, so the caller's other reads go on meanwhile."""

    def __init__(
        self, db: Database, now: int, *, parts: bool = True, after_day: int | None = None
    ) -> None:
        self._aside = sqlite3.connect(
            f"{db.path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=5.0,
            isolation_level=None,
            check_same_thread=False,
        )
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="relapp-kept")
        self._now = now
        # The kept month ends of people with promises (their usual), of those whose latest
        # contact is after ``after_day`` (the first month end their usual samples: the
        # others' month ends are all decayed ones); None: of none.
        self._parts = None if not parts else NO_DAY if after_day is None else after_day
        self._aside.execute("BEGIN")  # one moment for every part
        self.unsettled = dirty_ids(self._aside)
        self._starts: list[int] = []
        self._ahead: list[Future[_Read | None]] = []
        self._promises: everyone_health_repo.PromiseTable | None = None  # (read by the 1st)

    def __enter__(self) -> KeptReader:
        self._starts = list(range(0, _top(self._aside) + 1, READ_BLOCKS))
        self._ahead = [self._read(at) for at in range(min(AHEAD, len(self._starts)))]
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)
        self._aside.close()

    def _read(self, at: int) -> Future[_Read | None]:
        """The read of the ``at``-th part, under way."""
        return self._pool.submit(self._part, self._starts[at])

    def _part(self, start: int) -> _Read | None:
        """(On the reader's thread, one part after the other.)"""
        if self._promises is None:
            self._promises = everyone_health_repo.every_promise(self._aside, self._now)
        promises = self._promises
        return _read_part(self._aside, self.unsettled, start, READ_BLOCKS, promises, self._parts)

    def __iter__(self) -> Iterator[KeptHealth]:
        ahead, self._ahead = self._ahead, []
        for at in range(len(self._starts)):
            part = (ahead.pop(0) if ahead else self._read(at)).result()
            if at + len(ahead) + 1 < len(self._starts):
                ahead.append(self._read(at + len(ahead) + 1))
            if part is not None:
                yield _kept(part)  # (made up on the caller's thread, beside the next reads)
        for reading in ahead:
            reading.result()


def _top(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(block), -1) FROM health_summary").fetchone()[0])


def _read_part(
    conn: sqlite3.Connection,
    skip: NDArray[np.int64],
    start: int,
    blocks: int,
    promises: everyone_health_repo.PromiseTable,
    parts_after: int | None = NO_DAY,
) -> _Read | None:
    """The kept people of the blocks from ``start`` on (None: nobody), with the kept
    month ends of those with promises whose latest contact is after the day
    ``parts_after`` (else NaN: None for nobody's, enough for scores today)."""
    # One step of SQLite for the whole part, the blocks' records end to end: no Python
    # object a block, and the GIL let go of once, not at each of 4,096 rows (the caller
    # computing beside it held it back at each).
    texts, data = conn.execute(
        "SELECT group_concat(block), CAST(group_concat(records, '') AS BLOB)"
        " FROM (SELECT block, records FROM health_summary WHERE block >= ? AND block < ?"
        " ORDER BY block)",
        (start, start + blocks),
    ).fetchone()
    if not texts:
        return None
    numbers = ints(texts)
    records = np.frombuffer(data, RECORD)
    if len(records) != len(numbers) * BLOCK:
        raise ValueError("health_summary: a block of the wrong size")
    if np.any(numbers[1:] <= numbers[:-1]):  # (SQLite keeps the order asked; in case not)
        order = np.argsort(numbers, kind="stable")
        numbers, records = numbers[order], records.reshape(-1, BLOCK)[order].reshape(-1)
    first_ids = np.repeat(numbers << BLOCK_BITS, BLOCK)
    ids = first_ids + np.tile(np.arange(BLOCK, dtype=np.int64), len(numbers))
    keep = is_kept(records)
    if len(skip):
        keep &= ~np.isin(ids, skip)
    if not keep.any():
        return None
    if not keep.all():  # (a copy of 185 bytes a person: only where someone is left out)
        ids, records = ids[keep], records[keep]
    stop = (start + blocks) << BLOCK_BITS
    promise_person, promise_due, promise_kept = everyone_health_repo.promises_of(
        promises, ids, start << BLOCK_BITS, stop
    )
    # The kept month ends: only people with promises are scored at them (the others'
    # usual is in their record), so only theirs are read.
    promised = np.unique(promise_person)
    if parts_after is not None:
        promised = promised[records["last_day"][promised] > parts_after]
    found = parts_of(conn, ids[promised]) if parts_after is not None and len(promised) else None
    return _Read(ids, records, promise_person, promise_due, promise_kept, promised, found)


@dataclass(frozen=True)
class _Read:
    """What ``_read_part`` read of a part (on the reader's thread); ``_kept`` makes the
    arrays of it (on the caller's)."""

    ids: NDArray[np.int64]
    records: NDArray
    promise_person: NDArray[np.int32]
    promise_due: NDArray[np.int64]
    promise_kept: NDArray[np.int8]
    promised: NDArray[np.int32]  # positions of the people with promises
    parts: NDArray | None  # their PARTS (None: not read)


def _kept(read: _Read) -> KeptHealth:
    ids, records = read.ids, read.records
    if read.parts is not None:
        parts = np.zeros(len(ids), dtype=PARTS)
        parts["usual_part"] = np.nan
        parts[read.promised] = read.parts
        summaries = summaries_of(records, parts)
    else:
        summaries = summaries_of(records)
    empty = np.empty(0, dtype=np.int8)
    cadence = records["cadence"].copy()
    return KeptHealth(
        ids,
        summaries,
        cadence,
        records["created_at"].copy(),
        HealthArrays(
            n_people=len(ids),
            person_index=np.empty(0, dtype=np.int32),
            t=np.empty(0, dtype=np.int64),
            channel=empty,
            direction=empty,
            kind=empty,
            cadence_days=cadence,
            promise_person=read.promise_person,
            promise_due=read.promise_due,
            promise_kept=read.promise_kept,
        ),
    )


def read_kept(db: Database, now: int) -> tuple[list[KeptHealth], NDArray[np.int64]]:
    """For tests: every kept part and the ids still to settle, in one snapshot."""
    with db.read() as conn:
        skip = dirty_ids(conn)
        return list(iter_kept(conn, now, skip)), skip
