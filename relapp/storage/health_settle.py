"""The kept health records brought up to date in the writer's commit
(``Database.atomic``), without numpy where nothing needs it.

People with no interaction at all (a vCard import's new people, a person just added,
someone deleted) get their record packed from ``domain.health.untouched``
(``health_records.untouched_record``): no numpy imported, no interaction read. The
others are computed from their history by ``health_summary_repo`` (numpy), imported
only then. The records are the very bytes the full computation writes (tested).

It imports nothing of storage that imports ``database``, which calls ``settle``.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.health_records import RECORD, untouched_record, write_records

# Each listed person: whether they exist, their row, and whether any interaction names them.
_LISTED = (
    "SELECT d.person_id, p.id IS NOT NULL, p.archived_at IS NOT NULL, p.cadence_days,"
    " p.created_at, EXISTS (SELECT 1 FROM interaction_person ip"
    " WHERE ip.person_id = d.person_id)"
    " FROM health_dirty d LEFT JOIN person p ON p.id = d.person_id ORDER BY d.person_id"
)
_NOBODY: tuple[bytes, bytes | None] = (bytes(RECORD.size), None)  # no record, no month ends


def settle(conn: sqlite3.Connection) -> int:
    """Bring every listed person's record up to date, then empty the list; how many."""
    listed = conn.execute(_LISTED).fetchall()
    with_history = [row[0] for row in listed if row[5]]
    if with_history:
        from relapp.storage import health_summary_repo

        health_summary_repo.settle_ids(conn, with_history)
    quiet = {
        pid: untouched_record(archived, cadence, created) if exists else _NOBODY
        for pid, exists, archived, cadence, created, history in listed
        if not history
    }
    if quiet:
        write_records(conn, quiet)
    conn.execute("DELETE FROM health_dirty")
    return len(listed)
