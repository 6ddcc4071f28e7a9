"""Search as you type (an FTS5 index over each person) and a stored last-contact time,
so the people list sorts by last contact without scanning interactions."""

from __future__ import annotations

import sqlite3

from relapp.storage import search_index

VERSION = 2
DESCRIPTION = "full-text person search, last contact per person"


def apply(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE person ADD COLUMN last_contact_at INTEGER")
    conn.execute(
        "UPDATE person SET last_contact_at = (SELECT max(occurred_at) FROM interaction_person"
        " WHERE interaction_person.person_id = person.id)"
    )
    conn.execute("CREATE INDEX person_by_last_contact ON person (archived_at, last_contact_at)")
    search_index.create(conn)
    search_index.rebuild_all(conn)
