"""The recent contacts with one person that the outreach rules look at (bounded reads on
the history index, whatever the length of the history)."""

from __future__ import annotations

from datetime import datetime, timedelta

from relapp.domain.model import Channel, Direction
from relapp.domain.outreach import RecentContact
from relapp.storage.database import Database
from relapp.storage.people_repo import IS_CONTACT_SQL
from relapp.storage.timeconv import from_db, to_db


def recent_contacts(
    db: Database,
    person_id: int,
    when: datetime,
    window: timedelta,
    *,
    limit: int = 100,
    exclude_interaction_id: int | None = None,
) -> list[RecentContact]:
    """Up to ``limit`` contacts at or before ``when`` (newest first), plus every contact
    after ``when`` within ``window`` (a contact logged after the fact can still be part
    of a burst)."""
    at = to_db(when)
    after = to_db(when + window)
    exclude = -1 if exclude_interaction_id is None else exclude_interaction_id
    conn = db.connection()
    rows = conn.execute(
        "SELECT ip.occurred_at, i.direction, i.channel FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id"
        " WHERE ip.person_id = ? AND ip.occurred_at <= ? AND ip.interaction_id != ?"
        f" AND {IS_CONTACT_SQL}"
        " ORDER BY ip.occurred_at DESC, ip.interaction_id DESC LIMIT ?",
        (person_id, at, exclude, limit),
    ).fetchall()
    rows += conn.execute(
        "SELECT ip.occurred_at, i.direction, i.channel FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id"
        " WHERE ip.person_id = ? AND ip.occurred_at > ? AND ip.occurred_at <= ?"
        f" AND ip.interaction_id != ? AND {IS_CONTACT_SQL}",
        (person_id, at, after, exclude),
    ).fetchall()
    return [
        RecentContact(from_db(occurred), Direction(direction), Channel(channel))
        for occurred, direction, channel in rows
    ]
