"""Each person's health summary (``domain.health.summary``), kept in the database so the
"Today" list and everyone's scores read a million small records, not ten million
interactions (issue 18).

The tables, their triggers and the upkeep of people without history are in
``health_records`` (no numpy); this module computes records from a history.

- ``health_summary``: one row per block of ``BLOCK`` person ids (``id >> BLOCK_BITS``),
  its records packed as ``RECORD``: 62,500 rows at a million people instead of a
  million, and a write rewrites one page a block it touches.
- ``health_usual_part``: the twelve kept month ends of each person (``PARTS``), by
  person id: only people with promises need them (``kept_health_repo``), so they are
  not in the records everyone's read passes over.
- ``health_dirty``: people whose record is out of date. Triggers put a person there
  whenever their interactions, their links to them, their cadence, archive mark or the
  person themselves change, whatever code wrote (dialogs, imports, capture, sync, merge,
  undo, restore); ``settle`` recomputes them. ``Database.atomic`` settles at the end of
  every write transaction, so the records stay exact in the same commit; a reader
  (``kept_health_repo``) takes any person still listed from their interactions
  (``everyone_health_repo.read_people``).

It imports nothing of storage that imports ``database``, which calls ``settle``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.summary import HealthSummaries, summarize
from relapp.storage.chunks import rows_in
from relapp.storage.health_codes import (
    CODE_SQL,
    CONTACT_KIND_CODES,
    N_KINDS,
    code_table,
    ints,
    split_code,
)
from relapp.storage.health_records import ARCHIVED as _ARCHIVED
from relapp.storage.health_records import (
    BLOCK,
    BLOCK_BITS,
    SCHEMA,
    TABLES,
    create,
)
from relapp.storage.health_records import PARTS as _PACKED_PARTS
from relapp.storage.health_records import PRESENT as _PRESENT
from relapp.storage.health_records import RECORD as _PACKED
from relapp.storage.health_records import USUAL as _USUAL

RECORD = np.dtype(
    [
        ("flags", np.uint8),
        ("cadence", np.float64),
        ("created_at", np.int64),
        ("last_day", np.int64),
        ("last_t", np.int64),
        ("half_life", np.float64),
        ("warmth", np.float64),
        ("factor", np.float64),
        ("unanswered", np.int64),
        ("last_try", np.int64),
        ("usual_month", np.int64),
        ("usual_ahead", np.float64, (_USUAL,)),
    ]
)
PARTS = np.dtype([("usual_part", np.float64, (_USUAL,)), ("usual_lift", np.uint16)])
# The same layouts as packed without numpy (``health_records``; a test compares them).
assert RECORD.itemsize == _PACKED.size and PARTS.itemsize == _PACKED_PARTS.size
_SUMMARY_FIELDS = (
    *("last_day", "last_t", "half_life", "warmth", "factor"),
    *("unanswered", "last_try", "usual_month"),
)
_BITS = (1 << np.arange(_USUAL)).astype(np.uint16)
_IS_CONTACT = np.isin(np.arange(N_KINDS), CONTACT_KIND_CODES)
_TABLE_IDS = 1 << 27  # interaction ids a table of codes may cover (128 MB at the most)
BUILD_BLOCKS = 2048  # blocks computed at once when building: ~32,000 people

__all__ = ["BLOCK", "BLOCK_BITS", "RECORD", "SCHEMA", "TABLES", "create"]


def build(conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None) -> None:
    """Every person's record, from scratch, ``BUILD_BLOCKS`` blocks at a time;
    ``progress(done, total)`` in person ids after each step."""
    top = conn.execute("SELECT coalesce(max(id), 0) FROM person").fetchone()[0]
    codes = code_table(conn, max_ids=_TABLE_IDS)
    conn.execute("DELETE FROM health_summary")
    conn.execute("DELETE FROM health_usual_part")
    step = BUILD_BLOCKS * BLOCK
    for start in range(0, top + 1, step):
        ids, records, parts = _compute_range(conn, codes, start, start + step)
        write(conn, ids, records, parts, fresh=True)
        if progress is not None:
            progress(min(start + step, top + 1), top + 1)
    conn.execute("DELETE FROM health_dirty")


def settle(conn: sqlite3.Connection) -> int:
    """Recompute the records of everyone in ``health_dirty`` from their history; how
    many there were. (The writer's commit settles through ``health_settle.settle``,
    which packs the records of people without history itself.)"""
    dirty = [row[0] for row in conn.execute("SELECT person_id FROM health_dirty ORDER BY 1")]
    settle_ids(conn, dirty)
    conn.execute("DELETE FROM health_dirty")
    return len(dirty)


def settle_ids(conn: sqlite3.Connection, dirty: list[int]) -> None:
    """Recompute the records of ``dirty`` (ascending person ids) from their history."""
    for at in range(0, len(dirty), 20_000):
        ids = np.array(dirty[at : at + 20_000], dtype=np.int64)
        write(conn, ids, *_compute_ids(conn, ids))


def dirty_ids(conn: sqlite3.Connection) -> NDArray[np.int64]:
    rows = conn.execute("SELECT person_id FROM health_dirty ORDER BY 1").fetchall()
    return np.array([row[0] for row in rows], dtype=np.int64)


def _person_rows(rows: list[tuple[int, int, int | None, int]]) -> tuple[NDArray, ...]:
    table = np.array(
        [(pid, archived, cadence or 0, created) for pid, archived, cadence, created in rows],
        dtype=np.int64,
    ).reshape(-1, 4)
    return table[:, 0], table[:, 1].astype(bool), table[:, 2], table[:, 3]


def _compute_range(
    conn: sqlite3.Connection, codes: NDArray[np.int8] | None, start: int, stop: int
) -> tuple[NDArray[np.int64], NDArray, NDArray]:
    """Records for every id in ``start <= id < stop`` (zeros where there is no person)."""
    rows = conn.execute(
        "SELECT id, archived_at IS NOT NULL, cadence_days, created_at FROM person"
        " WHERE id >= ? AND id < ? ORDER BY id",
        (start, stop),
    ).fetchall()
    people = _person_rows(rows)
    if codes is not None:
        texts = conn.execute(
            "SELECT group_concat(interaction_id), group_concat(person_id),"
            " group_concat(occurred_at) FROM interaction_person"
            " WHERE person_id >= ? AND person_id < ?",
            (start, stop),
        ).fetchone()
        interaction, person, t = (ints(text) for text in texts)
        top = len(codes) - 1
        code = codes[np.clip(interaction, 0, top)].astype(np.int64) - 1
        code[(interaction < 0) | (interaction > top)] = -1
    else:
        texts = conn.execute(
            f"SELECT group_concat(ip.person_id), group_concat(ip.occurred_at),"
            f" group_concat({CODE_SQL}) FROM interaction_person ip"
            " JOIN interaction i ON i.id = ip.interaction_id"
            " WHERE ip.person_id >= ? AND ip.person_id < ?",
            (start, stop),
        ).fetchone()
        person, t, code = (ints(text) for text in texts)
    ids = np.arange(start, stop, dtype=np.int64)
    return ids, *_records(ids, people, person, t, code)


def _compute_ids(conn: sqlite3.Connection, ids: NDArray[np.int64]) -> tuple[NDArray, NDArray]:
    """Records and parts for ``ids`` (ascending; zeros for those no longer in
    ``person``)."""
    wanted = ids.tolist()
    people = _person_rows(
        list(
            rows_in(
                conn,
                "SELECT id, archived_at IS NOT NULL, cadence_days, created_at FROM person"
                " WHERE id IN ({marks})",
                wanted,
            )
        )
    )
    columns: tuple[list[NDArray[np.int64]], ...] = ([], [], [])
    for texts in rows_in(  # one text a column a chunk: no Python tuple per link
        conn,
        f"SELECT group_concat(ip.person_id), group_concat(ip.occurred_at),"
        f" group_concat({CODE_SQL}) FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id WHERE ip.person_id IN ({marks})",
        wanted,
    ):
        for column, text in zip(columns, texts, strict=True):
            column.append(ints(text))
    person, t, code = (np.concatenate([*column, np.empty(0, np.int64)]) for column in columns)
    return _records(ids, people, person, t, code)


def _records(
    ids: NDArray[np.int64],
    people: tuple[NDArray, ...],
    pair_person: NDArray[np.int64],
    pair_t: NDArray[np.int64],
    code: NDArray[np.int64],
) -> tuple[NDArray, NDArray]:
    """Records and parts for ``ids`` (ascending) from the rows of ``people`` among them
    and the (person id, time, ``CODE_SQL``) of their interactions."""
    person_ids, archived, cadence, created = people
    order = np.argsort(person_ids)
    person_ids, archived, cadence, created = (a[order] for a in people)
    records = np.zeros(len(ids), dtype=RECORD)
    parts = np.zeros(len(ids), dtype=PARTS)
    if len(person_ids) == 0:
        return records, parts
    at = np.minimum(np.searchsorted(person_ids, pair_person), len(person_ids) - 1)
    keep = (person_ids[at] == pair_person) & (code >= 0)
    keep[keep] = _IS_CONTACT[code[keep] % N_KINDS]
    channel, direction, kind = split_code(code[keep])
    cadence_days = cadence.astype(np.float64)
    cadence_days[cadence_days <= 0] = np.nan
    summaries = summarize(
        HealthArrays(
            n_people=len(person_ids),
            person_index=at[keep].astype(np.int32),
            t=pair_t[keep],
            channel=channel,
            direction=direction,
            kind=kind,
            cadence_days=cadence_days,
        )
    )
    found = np.searchsorted(ids, person_ids)
    mine = records[found]
    mine["flags"] = _PRESENT | np.where(archived, _ARCHIVED, 0)
    mine["cadence"] = cadence_days
    mine["created_at"] = created
    for name in _SUMMARY_FIELDS:
        mine[name] = getattr(summaries, name)
    mine["usual_ahead"] = summaries.usual_ahead
    records[found] = mine
    parts["usual_part"][found] = summaries.usual_part
    parts["usual_lift"][found] = (summaries.usual_lift * _BITS).sum(axis=1)
    return records, parts


def write(
    conn: sqlite3.Connection,
    ids: NDArray[np.int64],
    records: NDArray,
    parts: NDArray,
    *,
    fresh: bool = False,
) -> None:
    """Put ``records`` (of ``ids``, ascending) into their blocks and ``parts`` by person
    (none where a record is empty: nobody); ``fresh``: nothing is kept for them yet."""
    present = records["flags"] != 0
    if not fresh:
        conn.executemany(
            "DELETE FROM health_usual_part WHERE person_id = ?",
            [(i,) for i in ids[~present].tolist()],
        )
    data, size, numbers = parts.tobytes(), PARTS.itemsize, ids.tolist()
    conn.executemany(
        "INSERT OR REPLACE INTO health_usual_part (person_id, parts) VALUES (?, ?)",
        [(numbers[i], data[i * size : (i + 1) * size]) for i in np.flatnonzero(present).tolist()],
    )
    blocks = ids >> BLOCK_BITS
    bounds = np.flatnonzero(np.diff(blocks)) + 1
    for part in np.split(np.arange(len(ids)), bounds):
        if len(part) == 0:
            continue
        block = int(blocks[part[0]])
        row = (
            None
            if fresh
            else conn.execute(
                "SELECT records FROM health_summary WHERE block = ?", (block,)
            ).fetchone()
        )
        kept = (
            np.zeros(BLOCK, dtype=RECORD) if row is None else np.frombuffer(row[0], RECORD).copy()
        )
        kept[ids[part] & (BLOCK - 1)] = records[part]
        if not kept["flags"].any():
            conn.execute("DELETE FROM health_summary WHERE block = ?", (block,))
            continue
        conn.execute(
            "INSERT OR REPLACE INTO health_summary (block, records) VALUES (?, ?)",
            (block, kept.tobytes()),
        )


def summaries_of(records: NDArray, parts: NDArray | None = None) -> HealthSummaries:
    """The ``HealthSummaries`` of ``RECORD`` rows (each number a person in an array of
    its own: arithmetic over a field of the records steps over 185 bytes a person), with
    their ``PARTS`` (without: NaN, read-only and taking no memory, for people whose
    parts are not read)."""
    shape = (len(records), _USUAL)
    return HealthSummaries(
        **{name: np.ascontiguousarray(records[name]) for name in _SUMMARY_FIELDS},
        usual_part=np.broadcast_to(np.nan, shape) if parts is None else parts["usual_part"],
        usual_lift=(
            np.broadcast_to(False, shape)
            if parts is None
            else (parts["usual_lift"][:, None] & _BITS) > 0
        ),
        usual_ahead=records["usual_ahead"],
    )


def parts_of(conn: sqlite3.Connection, ids: NDArray[np.int64]) -> NDArray:
    """The ``PARTS`` of ``ids`` (NaN parts for anyone without)."""
    found = np.zeros(len(ids), dtype=PARTS)
    found["usual_part"] = np.nan
    if len(ids) == 0:
        return found
    # The ids as one JSON list (no limit on parameters), the parts end to end: one step
    # of SQLite, no Python object a person.
    people, data = conn.execute(
        "SELECT group_concat(person_id), CAST(group_concat(parts, '') AS BLOB)"
        " FROM health_usual_part WHERE person_id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids.tolist()),),
    ).fetchone()
    if people:
        found[np.searchsorted(ids, ints(people))] = np.frombuffer(data, PARTS)
    return found


def is_kept(records: NDArray) -> NDArray[np.bool_]:
    """Records of people who exist and are not archived."""
    flags = records["flags"]
    return ((flags & _PRESENT) > 0) & ((flags & _ARCHIVED) == 0)
