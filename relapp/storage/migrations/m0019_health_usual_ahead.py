"""The "Today" list at a million people, round two: each kept health record
(``health_summary_repo.RECORD``) also holds the person's usual score for the twelve
months from their latest contact's (``domain.health.summary.usual_ahead``), so the list
no longer scores everyone at twelve month ends (1.2 s of CPU at a million people); the
twelve kept month ends themselves move to ``health_usual_part``, by person, read only
for people with promises (everyone's read passes over 185 bytes a person, not 179 + 96).

Computed from the records themselves, not from the interactions: each block written
before (16 records of the old layout) is read, given the twelve numbers and written
back, its month ends beside it. Blocks already in the new layout (built by m0017 with
today's code) are left as they are. The progress goes to the log every 10%.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from relapp.storage import health_records

VERSION = 19
DESCRIPTION = "health: each kept record holds the usual score for twelve months"

_log = logging.getLogger(__name__)
_OLD_SIZE = 179  # m0017's record: flags, 10 numbers, 12 month ends, their lift bits
_PART_FIELDS = ("usual_part", "usual_lift")
STEP = 4096  # blocks converted at once: 65,536 people


def _old_record() -> Any:
    """m0017's layout as a numpy dtype (numpy only where there are records to convert:
    a new database has none)."""
    import numpy as np

    return np.dtype(
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
            ("usual_part", np.float64, (12,)),
            ("usual_lift", np.uint16),
        ]
    )


def apply(conn: sqlite3.Connection) -> None:
    health_records.create(conn)
    old_size = health_records.BLOCK * _OLD_SIZE
    if not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM health_summary WHERE length(records) = ?)", (old_size,)
    ).fetchone()[0]:
        return  # nothing in the old layout (a new database): numpy is not even imported
    top = int(conn.execute("SELECT coalesce(max(block), -1) FROM health_summary").fetchone()[0])
    started = time.monotonic()
    said = 0
    for start in range(0, top + 1, STEP):
        rows = conn.execute(
            "SELECT block, records FROM health_summary"
            " WHERE block >= ? AND block < ? AND length(records) = ? ORDER BY block",
            (start, start + STEP, old_size),
        ).fetchall()
        if rows:
            _convert(conn, rows)
        tenth = min(start + STEP, top + 1) * 10 // (top + 1)
        if tenth > said:
            said = tenth
            _log.info(
                "health summaries, the usual kept: %d of %d blocks (%.0f s)",
                min(start + STEP, top + 1),
                top + 1,
                time.monotonic() - started,
            )


def _convert(conn: sqlite3.Connection, rows: list[tuple[int, bytes]]) -> None:
    """Write the blocks ``(block, records)`` of the old layout in the new one."""
    import numpy as np

    from relapp.domain.health.summary import usual_ahead
    from relapp.storage import health_summary_repo as repo

    old_record = _old_record()
    assert old_record.itemsize == _OLD_SIZE
    old = np.frombuffer(b"".join(row[1] for row in rows), old_record)
    blocks = np.array([row[0] for row in rows], dtype=np.int64)
    ids = (np.repeat(blocks << repo.BLOCK_BITS, repo.BLOCK)) + np.tile(
        np.arange(repo.BLOCK, dtype=np.int64), len(rows)
    )
    new = np.zeros(len(old), dtype=repo.RECORD)
    parts = np.zeros(len(old), dtype=repo.PARTS)
    for name in old_record.names:
        (parts if name in _PART_FIELDS else new)[name] = old[name]
    present = np.flatnonzero(new["flags"] != 0)
    new["usual_ahead"][present] = usual_ahead(repo.summaries_of(new[present], parts[present]))
    repo.write(conn, ids, new, parts, fresh=True)  # whole blocks, written over
