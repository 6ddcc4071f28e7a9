"""Storing interactions and reading one person's history, newest first, in pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relapp.domain.errors import NotFound
from relapp.domain.model import (
    Channel,
    Direction,
    HistoryEntry,
    Interaction,
    InteractionDraft,
    InteractionKind,
    PersonRef,
)
from relapp.storage import people_repo
from relapp.storage.chunks import marks, rows_in
from relapp.storage.database import Database
from relapp.storage.people_repo import IS_CONTACT_SQL
from relapp.storage.timeconv import from_db, now_db, to_db


def _write_people(db: Database, interaction_id: int, draft: InteractionDraft) -> None:
    conn = db.connection()
    conn.execute("DELETE FROM interaction_person WHERE interaction_id = ?", (interaction_id,))
    at = to_db(draft.occurred_at)
    conn.executemany(
        "INSERT INTO interaction_person (interaction_id, person_id, occurred_at) VALUES (?, ?, ?)",
        [(interaction_id, pid, at) for pid in dict.fromkeys(draft.person_ids)],
    )


def _values(draft: InteractionDraft) -> tuple[object, ...]:
    """Values for ``_FIELDS``, in that order."""
    return (
        to_db(draft.occurred_at),
        draft.channel.value,
        draft.direction.value,
        draft.kind.value,
        draft.summary,
        draft.notes,
    )


_FIELDS = ("occurred_at", "channel", "direction", "kind", "summary", "notes")
_UPDATE = f"UPDATE interaction SET {', '.join(f'{c} = ?' for c in _FIELDS)} WHERE id = ?"


def insert_interaction(db: Database, draft: InteractionDraft, *, with_id: int | None = None) -> int:
    cursor = db.connection().execute(
        f"INSERT INTO interaction (id, created_at, {', '.join(_FIELDS)})"
        f" VALUES ({marks(len(_FIELDS) + 2)})",
        (with_id, now_db(), *_values(draft)),
    )
    interaction_id = int(cursor.lastrowid or 0)
    _write_people(db, interaction_id, draft)
    people_repo.refresh_last_contact(db, draft.person_ids)
    return interaction_id


def participants(db: Database, interaction_id: int) -> list[int]:
    return [
        pid
        for (pid,) in db.connection().execute(
            "SELECT person_id FROM interaction_person WHERE interaction_id = ?", (interaction_id,)
        )
    ]


def update_interaction(db: Database, interaction_id: int, draft: InteractionDraft) -> None:
    before = participants(db, interaction_id)
    cursor = db.connection().execute(_UPDATE, (*_values(draft), interaction_id))
    if not cursor.rowcount:
        raise NotFound(f"interaction {interaction_id} does not exist")
    _write_people(db, interaction_id, draft)
    people_repo.refresh_last_contact(db, [*before, *draft.person_ids])


def delete_interaction(db: Database, interaction_id: int) -> None:
    before = participants(db, interaction_id)
    conn = db.connection()
    conn.execute("DELETE FROM interaction_person WHERE interaction_id = ?", (interaction_id,))
    if not conn.execute("DELETE FROM interaction WHERE id = ?", (interaction_id,)).rowcount:
        raise NotFound(f"interaction {interaction_id} does not exist")
    people_repo.refresh_last_contact(db, before)


def _from_row(row: Sequence[Any], person_ids: tuple[int, ...]) -> Interaction:
    iid, at, channel, direction, kind, summary, notes = row
    return Interaction(
        id=int(iid),
        occurred_at=from_db(int(at)),
        channel=Channel(channel),
        direction=Direction(direction),
        kind=InteractionKind(kind),
        summary=str(summary),
        notes=str(notes),
        person_ids=person_ids,
    )


_COLUMNS = "i.id, i.occurred_at, i.channel, i.direction, i.kind, i.summary, i.notes"


def get_interaction(db: Database, interaction_id: int) -> Interaction:
    row = (
        db.connection()
        .execute(f"SELECT {_COLUMNS} FROM interaction i WHERE i.id = ?", (interaction_id,))
        .fetchone()
    )
    if row is None:
        raise NotFound(f"interaction {interaction_id} does not exist")
    return _from_row(row, tuple(participants(db, interaction_id)))


def history_count(db: Database, person_id: int) -> int:
    return (
        db.connection()
        .execute("SELECT count(*) FROM interaction_person WHERE person_id = ?", (person_id,))
        .fetchone()[0]
    )


def history_page(
    db: Database, person_id: int, offset: int, limit: int, *, contacts_only: bool = False
) -> list[HistoryEntry]:
    """One page of a person's history, newest first, with the other people present;
    ``contacts_only`` leaves out what is not a contact (introductions)."""
    conn = db.connection()
    only = f" AND {IS_CONTACT_SQL}" if contacts_only else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS}, c.source, c.message_count FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id"
        " LEFT JOIN captured_interaction c ON c.interaction_id = i.id"
        f" WHERE ip.person_id = ?{only} ORDER BY ip.occurred_at DESC, ip.interaction_id DESC"
        " LIMIT ? OFFSET ?",
        (person_id, limit, offset),
    ).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    people: dict[int, list[PersonRef]] = {iid: [] for iid in ids}
    for iid, pid, name in rows_in(
        conn,
        "SELECT ip.interaction_id, p.id, p.display_name FROM interaction_person ip"
        " JOIN person p ON p.id = ip.person_id WHERE ip.interaction_id IN ({marks})"
        " ORDER BY p.sort_name",
        ids,
    ):
        people[iid].append(PersonRef(pid, name))
    entries = []
    for row in rows:
        refs = people[row[0]]
        interaction = _from_row(row[:-2], tuple(r.id for r in refs))
        others = tuple(r for r in refs if r.id != person_id)
        source, count = row[-2:]
        entries.append(HistoryEntry(interaction, others, source or "", count or 0))
    return entries
