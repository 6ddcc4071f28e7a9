"""Planning an import: what each card is, the suggested choice, and choosing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import pytest

from relapp.domain.errors import VCardError
from relapp.domain.importing.apply import StalePlan, resolve, targets
from relapp.domain.importing.decide import plan_cards
from relapp.domain.importing.merge import card_key
from relapp.domain.importing.plan import (
    CardInput,
    Choice,
    Decision,
    ImportPlan,
    PreviousImport,
    choose,
    choose_all,
    count,
    retarget,
)
from relapp.domain.matching import PersonKeys, find_matches, keys_of_draft
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft

CAROL = PersonKeys(7, "Carol Roth", "Carol", "Roth", email_keys=frozenset({"carol@roth.example"}))
JOHN_1 = PersonKeys(8, "John Smith", "John", "Smith")
JOHN_2 = PersonKeys(9, "John Smith", "John", "Smith")


def card(name: str, *, email: str = "", phone: str = "") -> PersonDraft:
    points = []
    if email:
        points.append(ContactPoint(ContactKind.EMAIL, email))
    if phone:
        points.append(ContactPoint(ContactKind.PHONE, phone))
    return PersonDraft(name, contact_points=tuple(points))


def plan_of(
    items: Sequence[PersonDraft | VCardError],
    known: Sequence[PersonKeys] = (),
    previous: Mapping[str, PreviousImport] | None = None,
) -> ImportPlan:
    inputs = [
        CardInput("a.vcf", n, 1 + 5 * n, error=item)
        if isinstance(item, VCardError)
        else CardInput("a.vcf", n, 1 + 5 * n, draft=item)
        for n, item in enumerate(items, start=1)
    ]
    keys = [keys_of_draft(i.draft) if i.draft else None for i in inputs]
    matches = [find_matches(k, known) if k else [] for k in keys]
    card_keys = [card_key(i.draft) if i.draft else "" for i in inputs]
    return ImportPlan((), plan_cards(inputs, keys, card_keys, matches, previous or {}))


def test_a_stranger_is_new_and_created() -> None:
    plan = plan_of([card("Dan Park", email="dan@park.example")], [CAROL])
    (only,) = plan.cards
    assert (only.decision, only.default, only.choices) == (
        Decision.NEW,
        Choice.CREATE,
        (Choice.CREATE, Choice.SKIP),
    )


def test_the_same_email_as_someone_you_know_merges_into_them() -> None:
    plan = plan_of([card("C. Roth", email="Carol@Roth.example")], [CAROL])
    (only,) = plan.cards
    assert only.decision is Decision.MATCH and only.default is Choice.MERGE
    assert only.match is not None and only.match.person_id == CAROL.person_id
    assert "same email carol@roth.example" in only.match.reasons
    assert only.target_id == CAROL.person_id


def test_a_lone_first_name_is_a_weak_match_and_created_by_default() -> None:
    plan = plan_of([card("Carol", phone="555 0100")], [CAROL])
    (only,) = plan.cards
    assert only.decision is Decision.MATCH and only.match is not None
    assert not only.match.strong
    assert only.default is Choice.CREATE


def test_a_name_alone_is_never_merged_by_default() -> None:
    # Issue 12: an identical name used to merge into the one John Smith you know.
    plan = plan_of([card("John Smith", email="john@x.example")], [JOHN_1, JOHN_2])
    (only,) = plan.cards
    assert only.decision is Decision.MATCH and only.match is not None
    assert not only.match.strong and only.match.reasons == ("same name",)
    assert len(only.other_matches) == 1
    assert only.default is Choice.CREATE
    one_john = plan_of([card("John Smith", email="john@x.example")], [JOHN_1])
    assert one_john.cards[0].default is Choice.CREATE


def test_a_strong_match_shared_by_two_people_you_know_is_not_merged_by_default() -> None:
    first = PersonKeys(8, "John Smith", email_keys=frozenset({"john@x.example"}))
    second = PersonKeys(9, "J. Smith", phone_keys=frozenset({"+12125550100"}))
    plan = plan_of(
        [card("John Smith", email="john@x.example", phone="212 555 0100")], [first, second]
    )
    (only,) = plan.cards
    assert only.match is not None and only.match.strong
    assert only.other_matches[0].strong and only.default is Choice.CREATE


def test_two_cards_for_one_person_in_one_file_are_recognised() -> None:
    plan = plan_of(
        [
            card("Dan Smith", email="dan@smith.example"),
            card("Ann Lee", email="ann@lee.example"),
            card("Daniel Smith", email="DAN@smith.example", phone="555 0199"),
        ]
    )
    first, _, second = plan.cards
    assert first.decision is Decision.NEW
    assert second.decision is Decision.DUPLICATE_IN_FILE
    assert second.same_as == first.row and second.default is Choice.MERGE
    assert second.same_as_match is not None and second.same_as_match.strong


def test_a_card_whose_twin_matches_someone_you_know_takes_the_match() -> None:
    # Card 1 has Carol's phone only; card 2, the same person, has Carol's email too.
    carol = PersonKeys(
        7,
        "Carol Roth",
        email_keys=frozenset({"carol@roth.example"}),
        phone_keys=frozenset({"+14155550100"}),
    )
    plan = plan_of(
        [
            card("Carol Roth", phone="415 555 0100"),
            card("C. Roth", email="carol@roth.example", phone="4155550100"),
        ],
        [carol],
    )
    first, second = plan.cards
    assert first.decision is Decision.MATCH and first.match is not None
    assert first.match.person_id == carol.person_id and first.default is Choice.MERGE
    assert second.decision is Decision.DUPLICATE_IN_FILE and second.same_as == first.row


def test_twins_sharing_only_a_name_are_not_linked() -> None:
    plan = plan_of(
        [card("Carol Roth", phone="555 0100"), card("Carol Roth", email="carol@roth.example")],
        [CAROL],
    )
    first, second = plan.cards
    # Card 1 has only Carol's name: a possible match. Card 2 has her email; the two cards
    # share nothing but the name, so they are not linked either.
    assert first.decision is Decision.MATCH and first.default is Choice.CREATE
    assert second.decision is Decision.MATCH and second.default is Choice.MERGE


def test_cards_matching_two_different_people_you_know_are_not_joined() -> None:
    dan = PersonKeys(3, "Dan Smith", email_keys=frozenset({"dan@a.example"}))
    other_dan = PersonKeys(4, "Daniel Smith", email_keys=frozenset({"dan@b.example"}))
    plan = plan_of(
        [card("Dan Smith", email="dan@a.example"), card("Dan Smith", email="dan@b.example")],
        [dan, other_dan],
    )
    assert [c.decision for c in plan.cards] == [Decision.MATCH, Decision.MATCH]
    assert [c.match.person_id for c in plan.cards if c.match] == [3, 4]


def test_a_card_imported_before_is_skipped_by_default() -> None:
    draft = card("Carol Roth", email="carol@roth.example")
    earlier = PreviousImport(7, 1, datetime(2026, 3, 1, tzinfo=UTC), "old.vcf")
    plan = plan_of([draft], [CAROL], {card_key(draft): earlier})
    (only,) = plan.cards
    assert only.decision is Decision.ALREADY_IMPORTED and only.default is Choice.SKIP
    assert only.previous == earlier and only.target_id == 7
    assert set(only.choices) == {Choice.SKIP, Choice.MERGE, Choice.CREATE}


def test_an_unreadable_card_has_no_choice() -> None:
    error = VCardError("a.vcf", 1, 1, "contains binary data")
    plan = plan_of([error, card("Ann Lee")])
    broken = plan.cards[0]
    assert broken.decision is Decision.ERROR and broken.default is None
    assert broken.choices == () and plan.errors == (error,)
    assert plan.readable == 1
    with pytest.raises(ValueError):
        choose(plan, plan.defaults(), 0, Choice.CREATE)


def test_choices_per_card_and_for_all_at_once() -> None:
    plan = plan_of(
        [
            card("Carol Roth", email="carol@roth.example"),
            card("Dan Park"),
            card("Carol", phone="555 0100"),
        ],
        [CAROL],
    )
    defaults = plan.defaults()
    assert defaults == {0: Choice.MERGE, 1: Choice.CREATE, 2: Choice.CREATE}
    assert count(plan, defaults).merge == 1
    # "Carol" may be the Carol you know (a lone first name): created unless chosen. Only
    # strong evidence links two cards of one file, so it is no "same as card 1".
    assert plan.cards[2].decision is Decision.MATCH
    assert choose_all(plan, defaults, Choice.SKIP, [Decision.DUPLICATE_IN_FILE])[2] is (
        Choice.CREATE
    )
    skip_matches = choose_all(plan, defaults, Choice.SKIP, [Decision.MATCH])
    assert skip_matches == {0: Choice.SKIP, 1: Choice.CREATE, 2: Choice.SKIP}
    merge_all = choose_all(plan, defaults, Choice.MERGE)  # a new card cannot merge
    assert merge_all == {0: Choice.MERGE, 1: Choice.CREATE, 2: Choice.MERGE}
    one = choose(plan, defaults, 0, Choice.CREATE)
    assert one[0] is Choice.CREATE and defaults[0] is Choice.MERGE  # not changed in place
    counts = count(plan, one)
    assert (counts.create, counts.merge, counts.skip) == (3, 0, 0)
    with pytest.raises(ValueError):
        choose(plan, defaults, 1, Choice.MERGE)


def test_resolving_creates_merges_and_folds_twins_into_what_the_first_card_became() -> None:
    plan = plan_of(
        [
            card("Carol Roth", email="carol@roth.example"),
            card("Dan Smith", email="dan@smith.example"),
            card("Daniel Smith", email="dan@smith.example", phone="555 0199"),
        ],
        [CAROL],
    )
    assert targets(plan, plan.defaults()) == {7}
    with pytest.raises(StalePlan):
        resolve(plan, plan.defaults(), {})
    before = PersonDraft("Carol Roth", contact_points=(ContactPoint(ContactKind.EMAIL, "x@y.z"),))
    outcome = resolve(plan, plan.defaults(), {7: before})
    (dan,) = outcome.new
    assert dan.rows == [1, 2] and dan.draft.display_name == "Dan Smith"
    assert [p.value for p in dan.draft.contact_points] == ["dan@smith.example", "555 0199"]
    (carol,) = outcome.merged
    assert carol.before == before and carol.changed
    assert outcome.combined == (2,)
    skipped_first = resolve(plan, {**plan.defaults(), 1: Choice.SKIP}, {7: before})
    assert skipped_first.new == () and skipped_first.skipped == (1, 2)


def test_cards_dropped_on_a_person_all_merge_into_them() -> None:
    plan = retarget(plan_of([card("Dan Park"), VCardError("a.vcf", 2, 6, "bad")]), 42)
    dan, broken = plan.cards
    assert dan.decision is Decision.MATCH and dan.target_id == 42
    assert dan.default is Choice.MERGE and broken.decision is Decision.ERROR
