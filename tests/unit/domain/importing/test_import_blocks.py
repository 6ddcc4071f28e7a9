"""Among many known people, a card is compared with the few whose names or contact
details it could share; the rest are never looked at."""

from __future__ import annotations

from relapp.domain.importing.blocks import (
    MAX_NAME_CANDIDATES,
    KnownNames,
    contact_candidates,
    folded_words,
    match_known,
)
from relapp.domain.matching import PersonKeys
from relapp.domain.text import fold

KNOWN = {
    1: ("Carol Roth", "Carol", "Roth", ""),
    2: ("Dr. Robert Smith", "Robert", "Smith", "Bob"),
    3: ("Nguyen Van An", "", "", ""),
    4: ("Carol", "", "", ""),
    5: ("Zoë Novak", "", "", ""),
    6: ("Roth, Daniel", "", "", ""),
}


def index() -> KnownNames:
    return KnownNames.build(
        (pid, fold(display), given, family, nick)
        for pid, (display, given, family, nick) in KNOWN.items()
    )


def keys(name: str, **extra: object) -> PersonKeys:
    return PersonKeys(0, name, **extra)  # type: ignore[arg-type]


def test_words_come_given_first_even_when_written_family_comma_given() -> None:
    assert folded_words("roth, carol") == ["carol", "roth"]
    assert folded_words("o'brien") == ["obrien"]


def test_the_same_name_in_another_order_or_with_a_typo_is_a_candidate() -> None:
    names = index()
    assert 1 in names.candidates(keys("Roth Carol"))
    assert 1 in names.candidates(keys("Carl Roth"))  # typo in the given name
    assert 1 in names.candidates(keys("Carol Rothe"))  # typo in the family name
    assert 5 in names.candidates(keys("Zoe Novak"))  # accents folded
    assert 6 in names.candidates(keys("Daniel Roth"))


def test_titles_and_nicknames_do_not_hide_a_name() -> None:
    names = index()
    assert 2 in names.candidates(keys("Robert Smith"))
    assert 2 in names.candidates(keys("Bob Smyth"))  # nickname, and a typo
    assert 2 in names.candidates(keys("Rob Smith PhD"))


def test_a_lone_first_name_meets_full_names_and_the_other_way_round() -> None:
    names = index()
    assert {1, 4} <= set(names.candidates(keys("Carol")))
    assert 4 in names.candidates(keys("Carol Roth"))


def test_unrelated_names_are_not_candidates() -> None:
    names = index()
    assert names.candidates(keys("Hiroshi Tanaka")) == []


def test_a_crowd_with_one_name_gives_a_bounded_number_of_candidates() -> None:
    crowd = KnownNames.build((pid, "john smith", "", "", "") for pid in range(1, 500))
    found = crowd.candidates(keys("John Smith"))
    assert len(found) == MAX_NAME_CANDIDATES


def test_contact_candidates_come_from_email_and_phone_owners() -> None:
    card = keys("X", email_keys=frozenset({"a@x.example"}), phone_keys=frozenset({"+15550100"}))
    found = contact_candidates(card, {"a@x.example": [4]}, {"+15550100": [9, 4]})
    assert found == [4, 9]


def test_match_known_compares_each_card_with_its_candidates_only() -> None:
    carol = PersonKeys(1, "Carol Roth", "Carol", "Roth", email_keys=frozenset({"c@r.example"}))
    card = keys("C Roth", email_keys=frozenset({"c@r.example"}))
    matches = match_known([card, None], [[1], [1]], {1: carol}, {})
    assert [m.person_id for m in matches[0]] == [1] and matches[1] == []
    assert match_known([card], [[]], {1: carol}, {}) == [[]]
