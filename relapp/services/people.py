"""Adding, editing, archiving and finding people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from relapp.domain.changes import Changes
from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _
from relapp.domain.model import ContactPoint, Person, PersonDraft, PersonRow
from relapp.storage import Database, people_repo
from relapp.storage.people_order import PeopleSort
from relapp.storage.timeconv import now_db

__all__ = [
    "PeopleSort",
    "add_contact_points",
    "add_person",
    "archive_person",
    "changes",
    "count_people",
    "get_person",
    "list_people",
    "person_rows",
    "unarchive_person",
    "update_person",
    "validated",
]


def _validated(draft: PersonDraft) -> PersonDraft:
    name = " ".join(draft.display_name.split())
    if not name:
        derived = " ".join(p for p in (draft.given_name, draft.family_name) if p).strip()
        name = derived or draft.nickname.strip() or draft.organisation.strip()
    if not name:
        raise InvalidInput(N_("Name"), _("a person needs a name."))
    if draft.cadence_days is not None and draft.cadence_days <= 0:
        raise InvalidInput(N_("Keep in touch"), _("the cadence must be a positive number of days."))
    points = tuple(
        ContactPoint(p.kind, p.value.strip(), p.label.strip())
        for p in draft.contact_points
        if p.value.strip()
    )
    return replace(draft, display_name=name, contact_points=points)


def validated(draft: PersonDraft) -> PersonDraft:
    """The draft as it would be stored (a name worked out, blank contact points left out);
    ``InvalidInput`` when it cannot be (for writers that store drafts themselves: sync)."""
    return _validated(draft)


def add_person(db: Database, draft: PersonDraft) -> Person:
    draft = _validated(draft)
    with db.atomic():
        person_id = people_repo.insert_person(db, draft)
    return people_repo.get_person(db, person_id)


def update_person(db: Database, person_id: int, draft: PersonDraft) -> Person:
    draft = _validated(draft)
    with db.atomic():
        people_repo.update_person(db, person_id, draft)
    return people_repo.get_person(db, person_id)


def changes(person_ids: Sequence[int], *, tags: bool = False) -> Changes:
    """What a write of these people's own fields changed (``tags``: their tags too)."""
    return Changes.of_people(person_ids, persons=True, tags=tags)


def get_person(db: Database, person_id: int) -> Person:
    return people_repo.get_person(db, person_id)


def archive_person(db: Database, person_id: int) -> None:
    """Archive, never silently delete: the person leaves the list and can come back."""
    with db.atomic():
        people_repo.set_archived(db, person_id, now_db())


def unarchive_person(db: Database, person_id: int) -> None:
    with db.atomic():
        people_repo.set_archived(db, person_id, None)


def add_contact_points(
    db: Database, person_id: int, points: Sequence[ContactPoint], notes: str = ""
) -> Person:
    """Add what is new (emails, phones, a note) to a known person; never overwrite."""
    with db.atomic():
        person = people_repo.get_person(db, person_id)
        have = {(p.kind, p.value.strip().lower()) for p in person.contact_points}
        new = [p for p in points if (p.kind, p.value.strip().lower()) not in have]
        merged_notes = person.notes
        if notes.strip() and notes.strip() not in person.notes:
            merged_notes = f"{person.notes}\n{notes.strip()}".strip()
        if new or merged_notes != person.notes:
            draft = replace(
                person.draft(),
                contact_points=(*person.contact_points, *new),
                notes=merged_notes,
            )
            people_repo.update_person(db, person_id, draft)
    return people_repo.get_person(db, person_id)


def list_people(
    db: Database, query: str = "", sort: PeopleSort = PeopleSort.NAME, *, archived: bool = False
) -> list[int]:
    """Ids of matching people in list order; cheap to hold even for 100,000."""
    return people_repo.person_ids(db, query, sort, archived=archived)


def person_rows(db: Database, ids: Sequence[int]) -> dict[int, PersonRow]:
    return people_repo.person_rows(db, ids)


def count_people(db: Database, *, archived: bool = False) -> int:
    return people_repo.count_people(db, archived=archived)
