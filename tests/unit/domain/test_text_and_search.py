"""Folding text and reading what the user typed into the search box."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.search import match_expression
from relapp.domain.text import fold, sort_key
from relapp.domain.timefmt import relative


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("  José   Núñez ", "jose nunez"),
        ("Łukasz Wójcik", "lukasz wojcik"),
        ("Zoë Ågren", "zoe agren"),
        ("Søren Straße", "soren strasse"),
        ("ＦＵＬＬ width", "full width"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_sort_key_puts_accented_names_with_their_letter() -> None:
    names = ["Zoë", "Émile", "Łukasz", "adam", "Eve"]
    assert sorted(names, key=sort_key) == ["adam", "Émile", "Eve", "Łukasz", "Zoë"]


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ("", None),
        ("   ", None),
        ("carol", '"carol"*'),
        ("Carol  Róth", '"carol"* AND "roth"*'),
        ("+1 (972) 529", '"1972529"*'),
        ("972.529.1234", '"9725291234"*'),
        ("12", '{names organisation} : ("12"*)'),
        ("c", '{names organisation} : ("c"*)'),
        ("é d", '{names organisation} : ("e"* AND "d"*)'),
        ('c"arol OR x', '"c"* AND "arol"* AND "or"* AND "x"*'),
        ("carol@ex", '"carol"* AND "ex"*'),
        ("!!!", None),
    ],
)
def test_match_expression(typed: str, expression: str | None) -> None:
    assert match_expression(typed) == expression


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=5), "5 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(days=1, hours=3), "yesterday"),
        (timedelta(days=5), "5 days ago"),
        (timedelta(days=21), "3 weeks ago"),
        (timedelta(days=125), "4 months ago"),
        (timedelta(days=800), "2 years ago"),
        (-timedelta(days=3), "in 3 days"),
    ],
)
def test_relative(delta: timedelta, words: str) -> None:
    assert relative(NOW - delta, NOW) == words


def test_relative_never() -> None:
    assert relative(None, NOW) == "never"


def _fold_the_long_way(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_folds_as_the_general_path_does(text: str) -> None:
    assert fold(text) == _fold_the_long_way(text)


def test_count_of_says_one_person_and_many_people() -> None:
    from relapp.domain.text import count_of

    assert count_of(1, "person") == "1 person"
    assert count_of(0, "person") == "0 people"
    assert count_of(2400, "person") == "2,400 people"
    assert count_of(1, "promise") == "1 promise"
    assert count_of(3, "promise") == "3 promises"
    assert count_of(1, "archived person") == "1 archived person"
    assert count_of(2, "step") == "2 steps"
    assert count_of(2, "vCard file", "vCard files") == "2 vCard files"


def _fold_char_by_char(text: str) -> str:
    """Folding as it was written before the translate table (issue 18)."""
    if text.isascii():
        return re.sub(r"\s+", " ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    letters = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
    table = str.maketrans({**letters, "ı": "i", "ħ": "h"})
    return re.sub(r"\s+", " ", stripped.casefold().translate(table)).strip()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30) | st.text(alphabet="José Núñez ÅÇ ễ ǅ ﬁ Ⅲ ｊ ł ø\u0301\t", max_size=30))
def test_folding_drops_the_same_marks_as_character_by_character(text: str) -> None:
    assert fold(text) == _fold_char_by_char(text)
