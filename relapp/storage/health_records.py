"""The kept health records' tables and their layout, without numpy.

- ``SCHEMA``: ``health_summary`` (one row per block of ``BLOCK`` person ids, the records
  packed as ``RECORD``), ``health_usual_part`` (each person's twelve kept month ends,
  ``PARTS``) and ``health_dirty`` (people whose record is out of date; the triggers
  list them whatever code wrote).
- ``untouched_record``: the record and month ends of someone with no interaction at
  all, packed from ``domain.health.untouched``; ``write_records`` puts packed records
  into their blocks and their month ends beside them.

``health_summary_repo`` computes records from a history (numpy); ``health_settle``
keeps them up to date in the writer's commit.
"""

from __future__ import annotations

import functools
import math
import sqlite3
import struct

from relapp.domain.health.untouched import untouched_summary

BLOCK_BITS = 4  # 16 records, 2,960 bytes: a block fits in one page, no overflow chain
BLOCK = 1 << BLOCK_BITS
PRESENT, ARCHIVED = 1, 2
USUAL = 12
# One record: flags, cadence, created_at, last_day, last_t, half_life, warmth, factor,
# unanswered, last_try, usual_month, usual_ahead (12); little-endian and packed, as
# numpy lays out ``health_summary_repo.RECORD`` (a test compares them).
RECORD = struct.Struct(f"<Bdqqqdddqqq{USUAL}d")
# A person's kept month ends: usual_part (12), usual_lift (bits), as ``PARTS``.
PARTS = struct.Struct(f"<{USUAL}dH")
_CREATED_AT = 1 + 8  # its offset in a record, after flags and cadence

TABLES = frozenset({"health_summary", "health_usual_part", "health_dirty"})
_MARK = "INSERT OR IGNORE INTO health_dirty (person_id)"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS health_summary (block INTEGER PRIMARY KEY, records BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS health_usual_part"
    " (person_id INTEGER PRIMARY KEY, parts BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS health_dirty (person_id INTEGER PRIMARY KEY) WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS health_dirty_link_insert AFTER INSERT ON interaction_person"
    f" BEGIN {_MARK} VALUES (NEW.person_id); END",
    "CREATE TRIGGER IF NOT EXISTS health_dirty_link_delete AFTER DELETE ON interaction_person"
    f" BEGIN {_MARK} VALUES (OLD.person_id); END",
    "CREATE TRIGGER IF NOT EXISTS health_dirty_link_update AFTER UPDATE ON interaction_person"
    f" BEGIN {_MARK} VALUES (OLD.person_id); {_MARK} VALUES (NEW.person_id); END",
    "CREATE TRIGGER IF NOT EXISTS health_dirty_interaction_update"
    " AFTER UPDATE OF occurred_at, channel, direction, kind ON interaction"
    f" BEGIN {_MARK} SELECT person_id FROM interaction_person"
    " WHERE interaction_id = NEW.id; END",
    f"CREATE TRIGGER IF NOT EXISTS health_dirty_person_insert AFTER INSERT ON person BEGIN {_MARK}"
    " VALUES (NEW.id); END",
    "CREATE TRIGGER IF NOT EXISTS health_dirty_person_update"
    " AFTER UPDATE OF id, cadence_days, archived_at, created_at ON person"
    f" BEGIN {_MARK} VALUES (OLD.id); {_MARK} VALUES (NEW.id); END",
    f"CREATE TRIGGER IF NOT EXISTS health_dirty_person_delete AFTER DELETE ON person BEGIN {_MARK}"
    " VALUES (OLD.id); END",
)


def create(conn: sqlite3.Connection) -> None:
    """The tables and triggers (empty: ``health_summary_repo.build`` fills them)."""
    for statement in SCHEMA:
        conn.execute(statement)


def untouched_record(
    archived: int, cadence_days: int | float | None, created_at: int
) -> tuple[bytes, bytes]:
    """The packed record and month ends of a person with no interaction (as
    ``health_summary_repo`` computes them: the cadence as a whole number of days, none
    where it is not positive)."""
    head, tail, parts = _untouched_parts(bool(archived), int(cadence_days or 0))
    return head + created_at.to_bytes(8, "little", signed=True) + tail, parts


@functools.cache
def _untouched_parts(archived: bool, days: int) -> tuple[bytes, bytes, bytes]:
    """The record's bytes before and after ``created_at``, and the month ends: the same
    for everyone with this archive mark and cadence (ten thousand new people: a few
    distinct ones)."""
    summary = untouched_summary(float(days) if days > 0 else None)
    lift = sum(1 << i for i, lifted in enumerate(summary.usual_lift) if lifted)
    packed = RECORD.pack(
        PRESENT | (ARCHIVED if archived else 0),
        float(days) if days > 0 else math.nan,
        0,
        summary.last_day,
        summary.last_t,
        summary.half_life,
        summary.warmth,
        summary.factor,
        summary.unanswered,
        summary.last_try,
        summary.usual_month,
        *summary.usual_ahead,
    )
    parts = PARTS.pack(*summary.usual_part, lift)
    return packed[:_CREATED_AT], packed[_CREATED_AT + 8 :], parts


def write_records(conn: sqlite3.Connection, records: dict[int, tuple[bytes, bytes | None]]) -> None:
    """Put packed records and month ends (by person id; month ends None for nobody) into
    their blocks and rows; a block left with nobody in it is deleted."""
    conn.executemany(
        "DELETE FROM health_usual_part WHERE person_id = ?",
        [(pid,) for pid, (_, parts) in records.items() if parts is None],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO health_usual_part (person_id, parts) VALUES (?, ?)",
        [(pid, parts) for pid, (_, parts) in records.items() if parts is not None],
    )
    by_block: dict[int, list[int]] = {}
    for pid in records:
        by_block.setdefault(pid >> BLOCK_BITS, []).append(pid)
    size = RECORD.size
    for block, ids in sorted(by_block.items()):
        row = conn.execute(
            "SELECT records FROM health_summary WHERE block = ?", (block,)
        ).fetchone()
        kept = bytearray(row[0]) if row is not None else bytearray(size * BLOCK)
        for pid in ids:
            at = (pid & (BLOCK - 1)) * size
            kept[at : at + size] = records[pid][0]
        if not any(kept[::size]):  # every record's flags byte is 0: nobody is in it
            conn.execute("DELETE FROM health_summary WHERE block = ?", (block,))
            continue
        conn.execute(
            "INSERT OR REPLACE INTO health_summary (block, records) VALUES (?, ?)",
            (block, bytes(kept)),
        )
