"""How a typed query is read for the text search, and how a hit says where it is."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from relapp.domain.model import Channel, PersonRef
from relapp.domain.promise_model import Promiser
from relapp.domain.text_search import (
    HitKind,
    TextMatch,
    describe,
    match_expression,
    snippet,
    text_query,
    where,
)
from relapp.domain.timefmt import day_text

CAROL = PersonRef(1, "Carol Roth")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Garden", '"garden"*'),
        ("garden ro", '"garden"* AND "ro"*'),
        ("garden r", '"garden"*'),
        ("Gärten KRAKÓW", '"garten"* AND "krakow"*'),
        ('NEAR("garden" -roses*)', '"near"* AND "garden"* AND "roses"*'),
        ('"', None),
        ("ab", None),
        ("+1 (972) 529", None),
        ("", None),
    ],
)
def test_match_expression_quotes_every_word_as_a_prefix(typed: str, expected: str | None) -> None:
    assert match_expression(typed) == expected


def test_the_snippet_is_around_the_first_matching_word_and_cut_at_words() -> None:
    text = " ".join(f"word{i}" for i in range(40)) + " gardening " + " ".join(["tail"] * 30)
    cut = snippet(("Coffee", text), ["garden"], width=60)
    assert cut.startswith("…") and cut.endswith("…")
    assert "gardening" in cut and len(cut) <= 62
    body = cut.strip("…")
    assert all(part.startswith(("word", "gardening", "tail")) for part in body.split())


def test_a_short_text_is_whole_and_on_one_line() -> None:
    assert snippet(("Lunch", "talked\n\nabout  roses"), ["rose"]) == "Lunch · talked about roses"
    assert snippet(("", ""), ["rose"]) == ""


def test_where_says_whose_when_and_how() -> None:
    moment = datetime(2025, 3, 12, 12, tzinfo=UTC)
    local = day_text(moment.astimezone().date())
    email = TextMatch(HitKind.INTERACTION, 1, (CAROL,), ("x",), moment, channel=Channel.EMAIL)
    assert where(email) == f"Carol Roth — {local}, email"
    three = TextMatch(
        HitKind.INTERACTION,
        1,
        (CAROL, PersonRef(2, "B"), PersonRef(3, "C")),
        ("x",),
        moment,
        channel=Channel.VIDEO,
    )
    assert where(three) == f"Carol Roth & 2 others — {local}, video call"
    promise = TextMatch(HitKind.PROMISE, 2, (CAROL,), ("x",), moment, promiser=Promiser.THEM)
    assert where(promise) == f"Carol Roth — their promise, due {local}"
    intro = TextMatch(
        HitKind.INTRODUCTION, 3, (CAROL, PersonRef(2, "Dan Whit")), ("x",), day=date(2024, 2, 1)
    )
    assert where(intro) == "Carol Roth & Dan Whit — introduction, 1 Feb 2024"


def test_describe_orders_newest_first_limits_and_says_an_introduction_once() -> None:
    def at(day: int) -> datetime:
        return datetime(2025, 1, day, tzinfo=UTC)

    matches = [
        TextMatch(HitKind.INTERACTION, 7, (CAROL,), ("rose",), at(3)),
        TextMatch(HitKind.INTERACTION, 8, (CAROL,), ("rose",), at(5)),
        TextMatch(
            HitKind.INTRODUCTION, 1, (CAROL,), ("rose",), day=date(2025, 1, 3), interaction_id=7
        ),
        TextMatch(HitKind.PROMISE, 2, (CAROL,), ("rose",), at(4)),
    ]
    result = describe(matches, "rose", limit=2)
    assert [(h.match.kind, h.match.record_id) for h in result.hits] == [
        (HitKind.INTERACTION, 8),
        (HitKind.PROMISE, 2),
    ]
    assert result.more
    assert len(describe(matches, "rose", limit=10).hits) == 3


def test_a_long_word_is_asked_by_its_first_letters_and_checked_whole() -> None:
    asked = text_query("Gardening ro")
    assert asked is not None
    assert asked.candidates == '"garden"* AND "ro"*'
    assert asked.exact == '"gardening"* AND "ro"*'
    assert asked.has_words(("Her gardening club", "loves roses"))
    assert not asked.has_words(("Her garden club", "loves roses"))
    assert asked.has_words(("gardening_roses",))  # "_" parts words, as FTS5's tokenizer
    short = text_query("garden")
    assert short is not None and short.exact is None
