"""The duplicate guard: who you already know that a new or imported person may be."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.matching import Match, PersonKeys, find_matches, keys_of_draft
from relapp.domain.model import ContactKind, PersonDraft, PersonRow
from relapp.storage import Database, people_repo


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
    known = _keys_of(db, ids, names)
    counts = people_repo.phone_owner_counts(db, candidate.phone_keys, exclude_id=exclude_id)
    matches = find_matches(candidate, known, phone_owner_counts=counts, limit=limit)
    rows = people_repo.person_rows(db, [m.person_id for m in matches])
    return [KnownMatch(m, rows[m.person_id], names[m.person_id][4]) for m in matches]


def _keys_of(
    db: Database, ids: list[int], names: dict[int, tuple[str, str, str, str, str]]
) -> list[PersonKeys]:
    contacts = people_repo.contact_keys_of(db, ids)
    keys = []
    for pid in ids:
        display, given, family, nickname, _met = names[pid]
        emails = frozenset(k for kind, k in contacts[pid] if kind == ContactKind.EMAIL.value)
        phones = frozenset(k for kind, k in contacts[pid] if kind == ContactKind.PHONE.value)
        keys.append(
            PersonKeys(
                person_id=pid,
                display_name=display,
                given_name=given,
                family_name=family,
                nickname=nickname,
                email_keys=emails,
                phone_keys=phones,
            )
        )
    return keys
