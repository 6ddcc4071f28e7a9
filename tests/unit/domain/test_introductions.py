"""Introductions: who may be where, how they read, and what they say about one person."""

from __future__ import annotations

from datetime import date

import pytest

from relapp.domain.errors import InvalidInput
from relapp.domain.introductions import (
    Introduction,
    IntroductionDraft,
    Shape,
    describe,
    met_how_text,
    relations_of,
    validated,
    with_context,
)

CAROL, DAN, ED, FAY = 1, 2, 3, 4
NAMES = {CAROL: "Carol", DAN: "Dan", ED: "Ed", FAY: "Fay"}


def test_you_can_be_any_one_of_the_three() -> None:
    for draft in (
        IntroductionDraft(None, CAROL, ED),
        IntroductionDraft(CAROL, None, DAN),
        IntroductionDraft(CAROL, DAN, None),
        IntroductionDraft(CAROL, DAN, ED),
    ):
        assert validated(draft).people() == tuple(p for p in draft.people())


@pytest.mark.parametrize(
    "draft",
    [
        IntroductionDraft(None, None, DAN),
        IntroductionDraft(CAROL, None, None),
        IntroductionDraft(None, DAN, None),
        IntroductionDraft(None, None, None),
    ],
)
def test_you_cannot_be_two_of_them(draft: IntroductionDraft) -> None:
    with pytest.raises(InvalidInput, match="only one of the three"):
        validated(draft)


@pytest.mark.parametrize(
    "draft",
    [
        IntroductionDraft(CAROL, CAROL, DAN),
        IntroductionDraft(CAROL, DAN, CAROL),
        IntroductionDraft(CAROL, DAN, DAN),
        IntroductionDraft(None, ED, ED),
        IntroductionDraft(DAN, None, DAN),
    ],
)
def test_nobody_appears_twice(draft: IntroductionDraft) -> None:
    with pytest.raises(InvalidInput, match="two places"):
        validated(draft)


def test_you_are_always_stored_as_person_a() -> None:
    draft = validated(IntroductionDraft(CAROL, DAN, None, context="  at   SmallBiz "))
    assert (draft.person_a_id, draft.person_b_id) == (None, DAN)
    assert draft.context == "at SmallBiz"


def test_an_introduction_in_the_future_is_refused_when_today_is_given() -> None:
    draft = IntroductionDraft(CAROL, None, DAN, occurred_on=date(2026, 3, 2))
    with pytest.raises(InvalidInput, match="future"):
        validated(draft, today=date(2026, 3, 1))
    assert validated(draft, today=date(2026, 3, 2)).occurred_on == date(2026, 3, 2)


def test_the_three_shapes_read_as_people_say_them() -> None:
    assert describe(IntroductionDraft(CAROL, None, DAN), NAMES) == "Carol introduced you to Dan"
    assert describe(IntroductionDraft(CAROL, DAN, None), NAMES) == "Carol introduced you to Dan"
    assert describe(IntroductionDraft(None, CAROL, ED), NAMES) == "You introduced Carol to Ed"
    assert describe(IntroductionDraft(CAROL, DAN, ED), NAMES) == "Carol introduced Dan to Ed"
    assert describe(IntroductionDraft(CAROL, DAN, 99), NAMES) == "Carol introduced Dan to someone"


def test_shape_and_who_was_newly_met() -> None:
    assert IntroductionDraft(CAROL, None, DAN).shape is Shape.TO_ME
    assert IntroductionDraft(None, CAROL, ED).shape is Shape.BY_ME
    assert IntroductionDraft(CAROL, DAN, ED).shape is Shape.AMONG_OTHERS
    assert IntroductionDraft(CAROL, None, DAN).newly_met() == DAN
    assert IntroductionDraft(CAROL, DAN, None).newly_met() == DAN
    assert IntroductionDraft(None, CAROL, ED).newly_met() is None
    assert IntroductionDraft(CAROL, DAN, ED).newly_met() is None


def test_how_we_met_comes_from_an_introduction_to_you_only() -> None:
    to_me = IntroductionDraft(CAROL, None, DAN, context="at the SmallBiz conference")
    assert met_how_text(to_me, NAMES) == "Introduced by Carol at the SmallBiz conference"
    assert met_how_text(IntroductionDraft(CAROL, None, DAN), NAMES) == "Introduced by Carol"
    assert met_how_text(IntroductionDraft(None, CAROL, ED), NAMES) is None
    assert met_how_text(IntroductionDraft(CAROL, DAN, ED), NAMES) is None


def test_a_context_that_stands_alone_follows_a_dash() -> None:
    assert with_context("Introduced by Carol", "by email") == "Introduced by Carol by email"
    assert with_context("Introduced by Carol", "SmallBiz 2024") == (
        "Introduced by Carol — SmallBiz 2024"
    )
    assert with_context("Introduced by Carol", "  ") == "Introduced by Carol"


def _intro(iid: int, x: int | None, a: int | None, b: int | None, day: int) -> Introduction:
    return Introduction(x, a, b, occurred_on=date(2025, 1, day), id=iid)


def test_one_persons_introductions_fall_into_five_groups() -> None:
    carol_introduced_me_to_dan = _intro(1, CAROL, None, DAN, 1)
    i_introduced_carol_to_ed = _intro(2, None, CAROL, ED, 2)
    carol_introduced_dan_to_ed = _intro(3, CAROL, DAN, ED, 3)
    fay_introduced_me_to_carol = _intro(4, FAY, None, CAROL, 4)
    fay_introduced_carol_to_dan = _intro(5, FAY, CAROL, DAN, 5)
    everything = [
        carol_introduced_me_to_dan,
        i_introduced_carol_to_ed,
        carol_introduced_dan_to_ed,
        fay_introduced_me_to_carol,
        fay_introduced_carol_to_dan,
    ]
    carol = relations_of(CAROL, everything)
    assert [(r.introduction.id, r.people) for r in carol.introduced_to_you_by] == [(4, (FAY,))]
    assert [(r.introduction.id, r.people) for r in carol.introduced_you_to] == [(1, (DAN,))]
    assert [(r.introduction.id, r.people) for r in carol.you_introduced_them_to] == [(2, (ED,))]
    assert [(r.introduction.id, r.people) for r in carol.they_introduced] == [(3, (DAN, ED))]
    assert [(r.introduction.id, r.people) for r in carol.introduced_to_others] == [(5, (DAN, FAY))]
    assert carol.person_ids() == {FAY, DAN, ED}

    dan = relations_of(DAN, everything)
    assert [r.people for r in dan.introduced_to_you_by] == [(CAROL,)]
    assert [r.people for r in dan.introduced_to_others] == [(CAROL, FAY), (ED, CAROL)]
    assert not dan.introduced_you_to and not dan.they_introduced
    assert not relations_of(99, everything)


def test_groups_list_the_newest_introduction_first() -> None:
    older = _intro(1, CAROL, None, DAN, 1)
    newer = _intro(2, CAROL, None, ED, 9)
    undated = Introduction(CAROL, None, FAY, id=3)
    carol = relations_of(CAROL, [older, undated, newer])
    assert [r.people for r in carol.introduced_you_to] == [(ED,), (DAN,), (FAY,)]
