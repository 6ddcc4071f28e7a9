"""Reading what a person's brief needs: recent contacts, favours each way, open promises.

Promises are read straight from the ``promise`` table (migration 4): open means status
'open'; the promiser is 'me' or 'them'.
"""

from __future__ import annotations

from relapp.domain.brief import FavourTally, OpenPromise
from relapp.domain.model import Channel, Interaction, InteractionKind
from relapp.domain.promises import Promiser
from relapp.storage import interactions_repo
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db

FAVOURS = (InteractionKind.FAVOUR_GIVEN, InteractionKind.FAVOUR_RECEIVED)


def recent_interactions(db: Database, person_id: int, limit: int) -> list[Interaction]:
    """The newest contacts (introductions have rows of their own in the brief)."""
    entries = interactions_repo.history_page(db, person_id, 0, limit, contacts_only=True)
    return [e.interaction for e in entries]


def favour_tallies(db: Database, person_id: int) -> dict[InteractionKind, FavourTally]:
    """How many favours each way, with the latest one's time and summary."""
    conn = db.connection()
    tallies = {kind: FavourTally() for kind in FAVOURS}
    for kind in FAVOURS:
        count, last_at = conn.execute(
            "SELECT count(*), max(ip.occurred_at) FROM interaction_person ip"
            " JOIN interaction i ON i.id = ip.interaction_id"
            " WHERE ip.person_id = ? AND i.kind = ?",
            (person_id, kind.value),
        ).fetchone()
        if not count:
            continue
        (summary,) = conn.execute(
            "SELECT i.summary FROM interaction_person ip"
            " JOIN interaction i ON i.id = ip.interaction_id"
            " WHERE ip.person_id = ? AND i.kind = ? AND ip.occurred_at = ?"
            " ORDER BY i.id DESC LIMIT 1",
            (person_id, kind.value, last_at),
        ).fetchone()
        tallies[kind] = FavourTally(count, from_db(last_at), summary)
    return tallies


def open_promises(db: Database, person_id: int) -> list[OpenPromise]:
    rows = db.connection().execute(
        "SELECT what, promiser, due_at, channel, snoozed_until FROM promise"
        " WHERE person_id = ? AND status = 'open' ORDER BY due_at, id",
        (person_id,),
    )
    out = []
    for what, promiser, due_at, channel, snoozed_until in rows:
        due = from_db(due_at)
        assert due is not None
        out.append(
            OpenPromise(
                what,
                Promiser(promiser),
                due,
                Channel(channel) if channel else None,
                from_db(snoozed_until),
            )
        )
    return out
