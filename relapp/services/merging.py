"""Merging two people you already have, and finding the pairs that may be one person.

``merge_people`` is one transaction: the absorbed person's history, promises,
introductions, contact points, tags, notes and photo move to the kept person, and the
absorbed person is removed; ``undo_merge`` puts everything back. ``possible_duplicates``
asks the matching rules (``domain.matching.find_matches``) about everyone you have,
leaving out pairs you said are different people (``not_the_same``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from relapp.domain.changes import Changes
from relapp.domain.duplicate_candidates import contact_groups, name_tiers
from relapp.domain.matching import Match, find_matches
from relapp.domain.model import Person, PersonRow
from relapp.domain.person_merge import MergeResult
from relapp.storage import Database, duplicates_repo, merge_repo, people_repo, unmerge_repo
from relapp.storage.timeconv import now_db

DEFAULT_LIMIT = 200
# About 3 s of matching on the benchmark machine; people who share an email or a
# phone are always all compared, whatever this says.
MAX_COMPARISONS = 20_000


@dataclass(frozen=True)
class DuplicatePair:
    """Two stored people who may be one, with the evidence in words."""

    first: PersonRow
    second: PersonRow
    score: float
    reasons: tuple[str, ...]
    strong: bool
    against: tuple[str, ...] = ()  # what says they are two people ("different birthday")

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


def changes(first_id: int, second_id: int) -> Changes:
    """What merging two people (or taking a merge back) changed: everything of both."""
    return Changes.of_people(
        (first_id, second_id),
        persons=True,
        interactions=True,
        promises=True,
        introductions=True,
        tags=True,
    )


def not_the_same_changes(first_id: int, second_id: int) -> Changes:
    """ "Not the same person" (and its undo): what is known about the two of them (the
    possible duplicates are read again), none of their records."""
    return Changes.of_people((first_id, second_id), persons=True)


def merge_people(db: Database, keep_id: int, absorb_id: int) -> MergeResult:
    """Merge ``absorb_id`` into ``keep_id``; raises CannotMerge (the same person, or
    data this version cannot move) or NotFound. Nothing changes unless all of it does."""
    with db.atomic():
        keep_name = people_repo.get_person(db, keep_id).display_name
        absorb_name = (
            people_repo.get_person(db, absorb_id).display_name if absorb_id != keep_id else ""
        )
        record, counts = merge_repo.merge(db, keep_id, absorb_id)
    return MergeResult(keep_id, absorb_id, keep_name, absorb_name, counts, record)


def undo_merge(db: Database, result: MergeResult) -> int:
    """Take a merge back: both people and every row as they were. Returns the absorbed
    person's id (the old one, unless another person has taken it since)."""
    with db.atomic():
        return unmerge_repo.unmerge(db, result.record)


def summaries(db: Database, first_id: int, second_id: int) -> tuple[PersonSummary, PersonSummary]:
    with db.read():
        return _summary(db, first_id), _summary(db, second_id)


def _summary(db: Database, person_id: int) -> PersonSummary:
    person = people_repo.get_person(db, person_id)
    return PersonSummary(person, *duplicates_repo.history_counts(db, person_id))


def possible_duplicates(
    db: Database, limit: int = DEFAULT_LIMIT, *, max_comparisons: int = MAX_COMPARISONS
) -> list[DuplicatePair]:
    """Pairs of people (not archived) who may be one person, most certain first.

    Everyone who shares an email or a phone is compared; then people of the same name,
    then of a similar one (``duplicate_candidates``), until ``limit`` pairs are found or
    ``max_comparisons`` pairs were asked about. The matching rules
    (``matching.find_matches``) decide, with the owners of each phone and email counted
    over everyone, so an office line is no evidence; strong matches first, then the
    most certain. Pairs you said are different are left out."""
    with db.read():
        keys = duplicates_repo.active_keys(db)  # the import's keys: birthday, organisation
        ignored = duplicates_repo.not_duplicate_pairs(db)
    phone_owners = Counter(k for person in keys for k in person.phone_keys if k)
    email_owners = Counter(k for person in keys for k in person.email_keys if k)
    found: dict[tuple[int, int], Match] = {}
    asked: set[tuple[int, int]] = set()

    def ask(i: int, others: list[int]) -> None:
        person = keys[i]
        known = []
        for j in others:
            pair = _ordered(person.person_id, keys[j].person_id)
            if pair[0] != pair[1] and pair not in asked and pair not in ignored:
                asked.add(pair)
                known.append(keys[j])
        if not known:
            return
        # Owners other than the person: a key anyone else has too is a shared one.
        phones = {k: phone_owners[k] - 1 for k in person.phone_keys if k}
        emails = {k: email_owners[k] - 1 for k in person.email_keys if k}
        for match in find_matches(
            person,
            known,
            phone_owner_counts=phones,
            email_owner_counts=emails,
            limit=len(known),
        ):
            found.setdefault(_ordered(person.person_id, match.person_id), match)

    for group in contact_groups(keys):
        for position, i in enumerate(group[:-1]):
            ask(i, group[position + 1 :])
    for tier in name_tiers(keys):
        for i, j in tier:
            if len(found) >= limit or len(asked) >= max_comparisons:
                break
            ask(i, [j])
    ranked = sorted(found.items(), key=lambda item: (not item[1].strong, -item[1].score, item[0]))[
        :limit
    ]
    rows = people_repo.person_rows(db, [pid for pair, _m in ranked for pid in pair])
    return [
        DuplicatePair(rows[a], rows[b], match.score, match.reasons, match.strong, match.against)
        for (a, b), match in ranked
        if a in rows and b in rows
    ]


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def not_the_same(db: Database, first_id: int, second_id: int) -> None:
    """Remember that two people are different, so the pair is not offered again."""
    with db.atomic():
        duplicates_repo.mark_not_duplicate(db, first_id, second_id, now_db())


def maybe_the_same(db: Database, first_id: int, second_id: int) -> None:
    """Forget a "not the same person" decision (its undo)."""
    with db.atomic():
        duplicates_repo.unmark_not_duplicate(db, first_id, second_id)
