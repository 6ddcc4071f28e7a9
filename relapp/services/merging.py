"""Merging two people you already have, and finding the pairs that may be one person.

``merge_people`` is one transaction: the absorbed person's history, promises,
introductions, contact points, tags, notes and photo move to the kept person, and the
absorbed person is removed; ``undo_merge`` puts everything back. ``possible_duplicates``
asks the matching rules (``domain.matching.matches_within``) about everyone you have,
leaving out pairs you said are different people (``not_the_same``).
"""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.matching import matches_within
from relapp.domain.model import Person, PersonRow
from relapp.domain.person_merge import MergeResult
from relapp.storage import Database, duplicates_repo, merge_repo, people_repo
from relapp.storage.timeconv import now_db

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class DuplicatePair:
    """Two stored people who may be one, with the evidence in words."""

    first: PersonRow
    second: PersonRow
    score: float
    reasons: tuple[str, ...]
    strong: bool

    @property
    def ids(self) -> tuple[int, int]:
        return self.first.id, self.second.id


@dataclass(frozen=True)
class PersonSummary:
    """A person with how much history they have, for the merge confirmation."""

    person: Person
    interactions: int
    promises: int
    introductions: int


def merge_people(db: Database, keep_id: int, absorb_id: int) -> MergeResult:
    """Merge ``absorb_id`` into ``keep_id``; raises CannotMerge (the same person, or
    data this version cannot move) or NotFound. Nothing changes unless all of it does."""
    with db.atomic():
        keep_name = people_repo.get_person(keep_id).display_name
        absorb_name = people_repo.get_person(absorb_id).display_name if absorb_id != keep_id else ""
        record, counts = merge_repo.merge(db, keep_id, absorb_id)
    return MergeResult(keep_id, absorb_id, keep_name, absorb_name, counts, record)


def undo_merge(db: Database, result: MergeResult) -> int:
    """Take a merge back: both people and every row as they were. Returns the absorbed
    person's id (the old one, unless another person has taken it since)."""
    with db.atomic():
        return merge_repo.unmerge(db, result.record)


def summaries(db: Database, first_id: int, second_id: int) -> tuple[PersonSummary, PersonSummary]:
    with db.read():
        return _summary(db, first_id), _summary(db, second_id)


def _summary(db: Database, person_id: int) -> PersonSummary:
    person = people_repo.get_person(person_id)
    return PersonSummary(person, *duplicates_repo.history_counts(db, person_id))


def possible_duplicates(db: Database, limit: int = DEFAULT_LIMIT) -> list[DuplicatePair]:
    """Pairs of people (not archived) who may be one person, most certain first."""
    with db.read():
        keys = duplicates_repo.active_keys(db)
        ignored = duplicates_repo.not_duplicate_pairs(db)
    found = []
    for i, j, match in matches_within(keys):
        a, b = keys[i].person_id, keys[j].person_id
        pair = (min(a, b), max(a, b))
        if a != b and pair not in ignored:
            found.append((match, pair))
    found.sort(key=lambda item: (-item[0].score, item[1]))
    found = found[:limit]
    rows = people_repo.person_rows(db, [pid for _m, pair in found for pid in pair])
    return [
        DuplicatePair(rows[a], rows[b], match.score, match.reasons, match.strong)
        for match, (a, b) in found
        if a in rows and b in rows
    ]


def not_the_same(db: Database, first_id: int, second_id: int) -> None:
    """Remember that two people are different, so the pair is not offered again."""
    with db.atomic():
        duplicates_repo.mark_not_duplicate(db, first_id, second_id, now_db())


def maybe_the_same(db: Database, first_id: int, second_id: int) -> None:
    """Forget a "not the same person" decision (its undo)."""
    with db.atomic():
        duplicates_repo.unmark_not_duplicate(db, first_id, second_id)
