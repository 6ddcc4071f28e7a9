"""Reading who knows whom for warm paths: the people you have talked to, and people
who were together at one interaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db


def talked_to(db: Database) -> list[tuple[int, datetime]]:
    """(person id, latest time) of everyone not archived you have had contact with.

    Entries that only log an introduction do not count (one among others is logged in
    their history too, though you were not there); introductions are ties of their own."""
    rows = db.connection().execute(
        "SELECT ip.person_id, max(ip.occurred_at) FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id"
        " JOIN person p ON p.id = ip.person_id AND p.archived_at IS NULL"
        " WHERE i.kind != 'introduction'"
        " GROUP BY ip.person_id"
    )
    return [(pid, from_db(at)) for pid, at in rows]


def together(db: Database) -> list[tuple[int, int, datetime]]:
    """Pairs of people (not archived) who were part of the same interaction (other than
    an introduction's entry), with the latest such time."""
    rows = db.connection().execute(
        "SELECT p.person_id, q.person_id, max(p.occurred_at)"
        " FROM interaction_person p"
        " JOIN interaction_person q"
        "   ON q.interaction_id = p.interaction_id AND q.person_id > p.person_id"
        " JOIN person pp ON pp.id = p.person_id AND pp.archived_at IS NULL"
        " JOIN person qq ON qq.id = q.person_id AND qq.archived_at IS NULL"
        " JOIN interaction i ON i.id = p.interaction_id AND i.kind != 'introduction'"
        " GROUP BY p.person_id, q.person_id"
    )
    return [(a, b, from_db(at)) for a, b, at in rows]


def names_and_contacts(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, datetime | None]]:
    """(display name, last contact) for each id."""
    return {
        pid: (name, from_db(last))
        for pid, name, last in rows_in(
            db.connection(),
            "SELECT id, display_name, last_contact_at FROM person WHERE id IN ({marks})",
            ids,
        )
    }


def archived_ids(db: Database) -> set[int]:
    return {
        pid
        for (pid,) in db.connection().execute("SELECT id FROM person WHERE archived_at IS NOT NULL")
    }
