"""The duplicate guard: who you already know that a new or imported person may be."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.matching import Match, find_matches, keys_of_draft
from relapp.domain.model import PersonDraft, PersonRow
from relapp.storage import Database, imports_repo, people_repo


@dataclass(frozen=True)
class KnownMatch:
    """A match with what the user needs to recognise the person."""

    match: Match
    row: PersonRow
    met_how: str


def find_known(
    db: Database, draft: PersonDraft, *, exclude_id: int | None = None, limit: int = 5
) -> list[KnownMatch]:
    candidate = keys_of_draft(draft)
    name_text = " ".join(
        t for t in (draft.display_name, draft.given_name, draft.family_name, draft.nickname) if t
    )
    ids = people_repo.people_with_keys(db, candidate.email_keys, candidate.phone_keys, name_text)
    ids = [pid for pid in ids if pid != exclude_id]
    if not ids:
        return []
    names = people_repo.name_fields(db, ids)
    keys = imports_repo.person_keys(db, ids)
    known = [keys[pid] for pid in ids if pid in keys]
    email_owners, phone_owners = imports_repo.contact_owners(
        db, candidate.email_keys, candidate.phone_keys
    )
    matches = find_matches(
        candidate,
        known,
        phone_owner_counts=_counts(phone_owners, exclude_id),
        email_owner_counts=_counts(email_owners, exclude_id),
        limit=limit,
    )
    rows = people_repo.person_rows(db, [m.person_id for m in matches])
    return [KnownMatch(m, rows[m.person_id], names[m.person_id][4]) for m in matches]


def _counts(owners: dict[str, list[int]], exclude_id: int | None) -> dict[str, int]:
    """How many people (other than the one being edited) have each key."""
    return {key: sum(1 for pid in ids if pid != exclude_id) for key, ids in owners.items()}
