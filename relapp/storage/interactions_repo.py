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
from relapp.storage.database import Database
from relapp.storage.models import InteractionModel, InteractionPersonModel
from relapp.storage.people_repo import IS_CONTACT_SQL
from relapp.storage.timeconv import from_db, now_db, to_db


def _write_people(interaction_id: int, draft: InteractionDraft) -> None:
    InteractionPersonModel.delete().where(
        InteractionPersonModel.interaction == interaction_id
    ).execute()
    at = to_db(draft.occurred_at)
    rows = [
        {"interaction": interaction_id, "person": pid, "occurred_at": at}
        for pid in dict.fromkeys(draft.person_ids)
    ]
    InteractionPersonModel.insert_many(rows).execute()


def _fields(draft: InteractionDraft) -> dict[str, object]:
    return {
        "occurred_at": to_db(draft.occurred_at),
        "channel": draft.channel.value,
        "direction": draft.direction.value,
        "kind": draft.kind.value,
        "summary": draft.summary,
        "notes": draft.notes,
    }


def insert_interaction(db: Database, draft: InteractionDraft, *, with_id: int | None = None) -> int:
    fields = _fields(draft)
    if with_id is not None:
        fields["id"] = with_id
    interaction_id = int(InteractionModel.insert(created_at=now_db(), **fields).execute())
    _write_people(interaction_id, draft)
    people_repo.refresh_last_contact(db, draft.person_ids)
    return interaction_id


def participants(interaction_id: int) -> list[int]:
    return [
        row.person_id
        for row in InteractionPersonModel.select(InteractionPersonModel.person).where(
            InteractionPersonModel.interaction == interaction_id
        )
    ]


def update_interaction(db: Database, interaction_id: int, draft: InteractionDraft) -> None:
    before = participants(interaction_id)
    changed = (
        InteractionModel.update(**_fields(draft))
        .where(InteractionModel.id == interaction_id)
        .execute()
    )
    if not changed:
        raise NotFound(f"interaction {interaction_id} does not exist")
    _write_people(interaction_id, draft)
    people_repo.refresh_last_contact(db, [*before, *draft.person_ids])


def delete_interaction(db: Database, interaction_id: int) -> None:
    before = participants(interaction_id)
    InteractionPersonModel.delete().where(
        InteractionPersonModel.interaction == interaction_id
    ).execute()
    if not InteractionModel.delete().where(InteractionModel.id == interaction_id).execute():
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
    return _from_row(row, tuple(participants(interaction_id)))


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
        f"SELECT {_COLUMNS} FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id"
        f" WHERE ip.person_id = ?{only} ORDER BY ip.occurred_at DESC, ip.interaction_id DESC"
        " LIMIT ? OFFSET ?",
        (person_id, limit, offset),
    ).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    people: dict[int, list[PersonRef]] = {iid: [] for iid in ids}
    for iid, pid, name in conn.execute(
        "SELECT ip.interaction_id, p.id, p.display_name FROM interaction_person ip"
        f" JOIN person p ON p.id = ip.person_id WHERE ip.interaction_id IN ({marks})"
        " ORDER BY p.sort_name",
        ids,
    ):
        people[iid].append(PersonRef(pid, name))
    entries = []
    for row in rows:
        refs = people[row[0]]
        interaction = _from_row(row, tuple(r.id for r in refs))
        others = tuple(r for r in refs if r.id != person_id)
        entries.append(HistoryEntry(interaction, others))
    return entries
