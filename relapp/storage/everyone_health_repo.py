"""Everyone's health inputs as flat numpy arrays, a slice of people at a time.

The health rule is per person, so everyone's scores, the Today list and the overview are
computed one slice of people (by ascending id) at a time, and only one slice's history is
held at once: about ``PAIRS_PER_SLICE`` (interaction, person) pairs, whatever the size of
the database. Reading everyone at once held ~130 bytes a pair at its peak: 1.3 GB for the
ten million pairs of a million people (issue 18).

Speed: only integers cross from SQLite, packed by ``group_concat`` into one string per
column and parsed by numpy in C (a Python tuple per row costs more than the score).

- Each interaction's channel, direction and kind become one small code in SQL
  (``health_repo.CODE_SQL``), read once into a table indexed by interaction id: one byte
  an interaction (10 MB for ten million), read in id ranges, half of them on a second
  connection at once (SQLite lets go of the GIL while it steps). Ids past
  ``_TABLE_IDS`` are looked up by a join per slice instead (twice the CPU).
- A slice's people are the next ones by id; their pairs come from the covering index
  ``interaction_person_history`` (person_id first) and their promises from
  ``promise_by_person``. The next slice is read on the second connection while the
  caller computes this one; its size follows the pairs a person had in the last slice.

The second connection reads in one transaction, so the slices see one moment; the table
of codes is read first, and a pair whose interaction it has not seen is left out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.promise_outcomes import NO_TIME, STATUS_CODE, promise_outcomes
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.health_codes import (
    CODE_SQL,
    CONTACT_KIND_CODES,
    N_KINDS,
    STATUS_SQL,
    fill_codes,
    ints,
    split_code,
)
from relapp.thread_priority import lower_this_thread

PAIRS_PER_SLICE = 200_000
"""(interaction, person) pairs a slice holds, about: ~30 MB at the peak, and few enough
slices (5 at 100,000 people, 55 at a million) that their overhead does not count."""
_TABLE_IDS = 1 << 27  # interaction ids a code table may cover: 128 MB at the most
_FIRST_PEOPLE_UNKNOWN = 64  # without a table, the first slice's people (then it adapts)
_IS_CONTACT = np.isin(np.arange(N_KINDS), CONTACT_KIND_CODES)  # by kind code
_EVERYONE = 1 << 62
_MIN_IDS_A_READ = 4096
_MIN_PEOPLE = 8  # a slice's people, however busy (one person is never split)


@dataclass(frozen=True)
class EveryoneHealth:
    """People who are not archived, as the score needs them. Person ``i`` of the arrays
    is ``person_ids[i]`` (ascending)."""

    person_ids: NDArray[np.int64]
    arrays: HealthArrays
    created_at: NDArray[np.int64]  # unix seconds


def iter_everyone(
    db: Database, now: int, *, pairs_per_slice: int | None = None
) -> Iterator[EveryoneHealth]:
    """Every person who is not archived, with their interactions, cadences and promises
    (outcomes as of ``now``), in slices of ascending ids of about ``pairs_per_slice``
    pairs (``PAIRS_PER_SLICE``); at least one slice, empty for an empty database."""
    yield from _slices(db, now, PAIRS_PER_SLICE if pairs_per_slice is None else pairs_per_slice)


def read_everyone(db: Database, now: int) -> EveryoneHealth:
    """Everyone in one slice: memory grows with the whole history (~130 bytes a pair), so
    the use cases read ``iter_everyone``; for tests and benchmarks."""
    (everyone,) = _slices(db, now, None)
    return everyone


def _slices(db: Database, now: int, target: int | None) -> Iterator[EveryoneHealth]:
    aside = sqlite3.connect(
        f"{db.path.resolve().as_uri()}?mode=ro",
        uri=True,
        timeout=5.0,
        isolation_level=None,
        check_same_thread=False,
    )
    pool = ThreadPoolExecutor(1, initializer=lower_this_thread)  # the GUI thread first
    pending: Future[_Slice | None] | None = None
    try:
        aside.execute("BEGIN")  # one moment for every slice
        step = max(target or PAIRS_PER_SLICE, _MIN_IDS_A_READ)  # ids a read of the codes
        codes = _Codes.read(db.connection(), aside, pool, step)
        people = _EVERYONE if target is None else codes.first_slice_people(target)
        found = pool.submit(_read_slice, aside, codes, -_EVERYONE, people, now).result()
        if found is None:
            yield _empty()
        while found is not None:
            if target is not None:  # read the next slice while the caller computes
                people = _next_people(target, found)
                pending = pool.submit(_read_slice, aside, codes, found.last_id, people, now)
            yield found.everyone
            found = None if pending is None else pending.result()
            pending = None
    finally:
        if pending is not None:
            pending.cancel()
        pool.shutdown(wait=True)
        aside.close()


def _next_people(target: int, last: _Slice) -> int:
    """People for the next slice: as many as ``target`` pairs at the last slice's pairs
    a person, at most twice as many as before."""
    people = len(last.everyone.person_ids)
    wanted = target * people // max(last.pairs_read, 1)
    return max(_MIN_PEOPLE, min(wanted, 2 * people))


@dataclass(frozen=True)
class _Slice:
    everyone: EveryoneHealth
    last_id: int  # the slice holds the people after the previous slice's, to this id
    pairs_read: int


class _Codes:
    """Each interaction's ``CODE_SQL`` by id, in a byte table (the code + 1; 0: no such
    interaction), or None where ids go past ``_TABLE_IDS``: then a join per slice."""

    def __init__(self, table: NDArray[np.int8] | None, people: int) -> None:
        self.table = table
        self.interactions = None if table is None else int(np.count_nonzero(table))
        self.people = people

    @staticmethod
    def read(
        conn: sqlite3.Connection, aside: sqlite3.Connection, pool: ThreadPoolExecutor, step: int
    ) -> _Codes:
        """Read in ranges of ``step`` ids, half of them on ``aside`` at once."""
        top = aside.execute("SELECT coalesce(max(id), 0) FROM interaction").fetchone()[0]
        people = aside.execute("SELECT coalesce(max(id), 0) FROM person").fetchone()[0]
        if top >= _TABLE_IDS:
            return _Codes(None, people)
        # Zeros come from calloc: a page of ids none of which is used is never touched.
        table = np.zeros(top + 1, dtype=np.int8)
        starts = list(range(0, top + 1, step))
        half = len(starts) // 2
        upper = pool.submit(fill_codes, aside, table, starts[half:], step)
        fill_codes(conn, table, starts[:half], step)
        upper.result()
        return _Codes(table, people)

    def first_slice_people(self, target: int) -> int:
        if self.interactions is None:
            return _FIRST_PEOPLE_UNKNOWN
        return max(_MIN_PEOPLE, target * max(self.people, 1) // max(self.interactions, 1))

    def of(self, interaction_ids: NDArray[np.int64]) -> NDArray[np.int64]:
        """The code of each interaction (-1: unknown)."""
        assert self.table is not None
        top = len(self.table) - 1
        found = self.table[np.clip(interaction_ids, 0, top)].astype(np.int64) - 1
        found[(interaction_ids < 0) | (interaction_ids > top)] = -1
        return found


def read_people(conn: sqlite3.Connection, ids: NDArray[np.int64], now: int) -> EveryoneHealth:
    """The people of ``ids`` who are not archived, as ``iter_everyone`` gives them: for
    the few whose kept summary cannot answer (``health_summary_repo``)."""
    rows = list(
        rows_in(
            conn,
            "SELECT id, coalesce(cadence_days, 0), created_at FROM person"
            " WHERE archived_at IS NULL AND id IN ({marks}) ORDER BY id",
            sorted(set(ids.tolist())),
        )
    )
    if not rows:
        return _empty()
    people = np.array(rows, dtype=np.int64).reshape(-1, 3)
    people = people[np.argsort(people[:, 0], kind="stable")]
    person_ids = people[:, 0]
    cadence = people[:, 1].astype(np.float64)
    cadence[cadence <= 0] = np.nan
    wanted = person_ids.tolist()
    pairs = np.array(
        list(
            rows_in(
                conn,
                f"SELECT ip.person_id, ip.occurred_at, {CODE_SQL} FROM interaction_person ip"
                " JOIN interaction i ON i.id = ip.interaction_id WHERE ip.person_id IN ({marks})",
                wanted,
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    at = _index_of(person_ids, pairs[:, 0])
    code = pairs[:, 2]
    keep = at >= 0
    keep[keep] = _IS_CONTACT[code[keep] % N_KINDS]
    channel, direction, kind = split_code(code[keep])
    promise_rows = list(
        rows_in(
            conn, f"SELECT {_PROMISE_COLUMNS} FROM promise WHERE person_id IN ({{marks}})", wanted
        )
    )
    promise_person, promise_due, promise_kept = _promise_arrays(person_ids, promise_rows, now)
    arrays = HealthArrays(
        n_people=len(person_ids),
        person_index=at[keep].astype(np.int32),
        t=pairs[keep, 1],
        channel=channel,
        direction=direction,
        kind=kind,
        cadence_days=cadence,
        promise_person=promise_person,
        promise_due=promise_due,
        promise_kept=promise_kept,
    )
    return EveryoneHealth(person_ids, arrays, people[:, 2])


def _read_slice(
    conn: sqlite3.Connection, codes: _Codes, after: int, people: int, now: int
) -> _Slice | None:
    """The next ``people`` people after id ``after`` (not archived), with their history
    and promises; None when there is nobody left."""
    # NOT INDEXED: the rowid order beats walking the (archived_at, ...) index.
    ids_text, cadence_text, created_text = conn.execute(
        "SELECT group_concat(id), group_concat(cadence_days), group_concat(created_at) FROM"
        " (SELECT id, coalesce(cadence_days, 0) AS cadence_days, created_at FROM person"
        " NOT INDEXED WHERE id > ? AND archived_at IS NULL ORDER BY id LIMIT ?)",
        (after, people),
    ).fetchone()
    person_ids = ints(ids_text)
    if len(person_ids) == 0:
        return None
    order = np.argsort(person_ids, kind="stable")
    person_ids = person_ids[order]
    cadence = ints(cadence_text)[order].astype(np.float64)
    cadence[cadence <= 0] = np.nan
    created = ints(created_text)[order]
    last = int(person_ids[-1])

    if codes.table is not None:
        interaction_text, person_text, t_text = conn.execute(
            "SELECT group_concat(interaction_id), group_concat(person_id),"
            " group_concat(occurred_at) FROM interaction_person"
            " WHERE person_id > ? AND person_id <= ?",
            (after, last),
        ).fetchone()
        pair_person, pair_t = ints(person_text), ints(t_text)
        code = codes.of(ints(interaction_text))
    else:
        person_text, t_text, code_text = conn.execute(
            f"SELECT group_concat(ip.person_id), group_concat(ip.occurred_at),"
            f" group_concat({CODE_SQL}) FROM interaction_person ip"
            " JOIN interaction i ON i.id = ip.interaction_id"
            " WHERE ip.person_id > ? AND ip.person_id <= ?",
            (after, last),
        ).fetchone()
        pair_person, pair_t, code = ints(person_text), ints(t_text), ints(code_text)
    if not len(pair_person) == len(pair_t) == len(code):
        raise ValueError("interaction_person did not read back whole")

    at = _index_of(person_ids, pair_person)
    keep = (at >= 0) & (code >= 0)  # archived people: left out
    keep[keep] = _IS_CONTACT[code[keep] % N_KINDS]
    channel, direction, kind = split_code(code[keep])
    promise_person, promise_due, promise_kept = promises_in(conn, person_ids, after, last, now)
    arrays = HealthArrays(
        n_people=len(person_ids),
        person_index=at[keep].astype(np.int32),
        t=pair_t[keep],
        channel=channel,
        direction=direction,
        kind=kind,
        cadence_days=cadence,
        promise_person=promise_person,
        promise_due=promise_due,
        promise_kept=promise_kept,
    )
    return _Slice(EveryoneHealth(person_ids, arrays, created), last, len(pair_person))


_PROMISE_COLUMNS = (
    f"person_id AS c0, due_at AS c1, {STATUS_SQL} AS c2, coalesce(done_at, {NO_TIME}) AS c3,"
    f" coalesce(snoozed_until, {NO_TIME}) AS c4"
)


def promises_in(
    conn: sqlite3.Connection, person_ids: NDArray[np.int64], after: int, last: int, now: int
) -> tuple[NDArray[np.int32], NDArray[np.int64], NDArray[np.int8]]:
    """The promises that count by ``now`` of ``person_ids`` (ascending, not empty), all
    of them with ids in ``after < id <= last``: (position in ``person_ids``, due, code)."""
    texts = conn.execute(  # a text a column (no Python tuple a promise), in index order
        f"SELECT {_PROMISE_TEXTS} FROM (SELECT {_PROMISE_COLUMNS} FROM promise"
        " WHERE person_id > ? AND person_id <= ?)",
        (after, last),
    ).fetchone()
    table = np.stack([ints(text) for text in texts], axis=1)
    return _promise_table(person_ids, table, now)


_PROMISE_TEXTS = ", ".join(f"group_concat(c{n})" for n in range(5))
# A status code's place in the order of the status as text (``promise_by_person``'s).
_BY_TEXT = np.argsort(np.argsort([status.value for status in STATUS_CODE])).astype(np.int64)
assert list(STATUS_CODE.values()) == list(range(len(STATUS_CODE)))

PromiseTable = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int8]]


def every_promise(conn: sqlite3.Connection, now: int) -> PromiseTable:
    """Every promise that counts by ``now``: (person id, due, code), in the order
    ``promises_in`` reads them (``promise_by_person``'s: person, status, due, id). One
    pass over the table: no look-up of each promise's row from the index (50 ms for
    50,000 promises at a million people, a part at a time), nor a Python tuple each."""
    texts = conn.execute(
        f"SELECT {_PROMISE_TEXTS}, group_concat(id) FROM (SELECT {_PROMISE_COLUMNS}, id"
        " FROM promise)"
    ).fetchone()
    table = np.stack([ints(text) for text in texts], axis=1).reshape(-1, 6)
    person, due, status, done, snoozed, ids = table.T
    order = np.lexsort((ids, due, _BY_TEXT[status], person))
    counted, kept = promise_outcomes(status[order], due[order], done[order], now, snoozed[order])
    chosen = order[counted]
    return person[chosen], due[chosen], kept[counted]


def promises_of(
    every: PromiseTable, person_ids: NDArray[np.int64], start: int, stop: int
) -> tuple[NDArray[np.int32], NDArray[np.int64], NDArray[np.int8]]:
    """``promises_in`` from ``every_promise``: those of ``person_ids`` (ascending, not
    empty), all of them with ids in ``start <= id < stop``."""
    person, due, kept = every
    low, high = np.searchsorted(person, [start, stop]).tolist()
    at = _index_of(person_ids, person[low:high])
    keep = at >= 0
    return at[keep].astype(np.int32), due[low:high][keep], kept[low:high][keep]


def _promise_arrays(
    person_ids: NDArray[np.int64], rows: list[tuple[int, ...]], now: int
) -> tuple[NDArray[np.int32], NDArray[np.int64], NDArray[np.int8]]:
    return _promise_table(person_ids, np.array(rows, dtype=np.int64).reshape(-1, 5), now)


def _promise_table(
    person_ids: NDArray[np.int64], table: NDArray[np.int64], now: int
) -> tuple[NDArray[np.int32], NDArray[np.int64], NDArray[np.int8]]:
    """(position in ``person_ids``, due, code) of the promises in ``table`` (rows of
    ``_PROMISE_COLUMNS``) that count by ``now``."""
    at = _index_of(person_ids, table[:, 0])
    counted, kept = promise_outcomes(table[:, 2], table[:, 1], table[:, 3], now, table[:, 4])
    keep = counted & (at >= 0)
    return at[keep].astype(np.int32), table[keep, 1], kept[keep]


def _index_of(sorted_ids: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.int64]:
    """Position of each wanted id in ``sorted_ids`` (not empty); -1 where absent."""
    low, high = int(sorted_ids[0]), int(sorted_ids[-1])
    if high - low <= 4 * len(sorted_ids) + 1024:  # dense ids: a lookup table is fastest
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[sorted_ids - low] = np.arange(len(sorted_ids))
        found = table[np.clip(wanted - low, 0, high - low)]
        found[(wanted < low) | (wanted > high)] = -1
        return found
    at = np.minimum(np.searchsorted(sorted_ids, wanted), len(sorted_ids) - 1)
    return np.where(sorted_ids[at] == wanted, at, -1)


def _empty() -> EveryoneHealth:
    none = np.empty(0, dtype=np.int64)
    arrays = HealthArrays(
        n_people=0,
        person_index=np.empty(0, dtype=np.int32),
        t=none,
        channel=np.empty(0, dtype=np.int8),
        direction=np.empty(0, dtype=np.int8),
        kind=np.empty(0, dtype=np.int8),
        cadence_days=np.empty(0, dtype=np.float64),
    )
    return EveryoneHealth(none, arrays, none)
