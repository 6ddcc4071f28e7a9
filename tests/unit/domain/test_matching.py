"""The duplicate guard: never treat someone you know as a stranger (story 1)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.contact_keys import phone_key
from relapp.domain.matching import (
    Match,
    PersonKeys,
    candidate_pairs,
    find_matches,
    keys_of_draft,
    matches_within,
)
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.domain.names import name_tokens

SWITCHBOARD = "+1 (972) 529-1000"


def draft(
    name: str, *, emails: tuple[str, ...] = (), phones: tuple[str, ...] = (), **kw: Any
) -> PersonDraft:
    points = tuple(ContactPoint(ContactKind.EMAIL, e) for e in emails) + tuple(
        ContactPoint(ContactKind.PHONE, p) for p in phones
    )
    return PersonDraft(display_name=name, contact_points=points, **kw)


def known(person_id: int, name: str, **kw: Any) -> PersonKeys:
    return replace(keys_of_draft(draft(name, **kw)), person_id=person_id)


def candidate(name: str, **kw: Any) -> PersonKeys:
    return keys_of_draft(draft(name, **kw))


def ids(matches: list[Match]) -> list[int]:
    return [m.person_id for m in matches]


# --- keys -----------------------------------------------------------------------------


def test_keys_of_a_draft_are_normalised_contact_keys() -> None:
    keys = keys_of_draft(
        draft(
            "Carol Roth",
            emails=("  Carol@Example.COM ", "   "),
            phones=("+1 (972) 529-1234", "972.529.1234", ""),
            given_name="Carol",
            family_name="Roth",
            nickname="Caz",
        )
    )
    assert keys.person_id == 0
    assert (keys.given_name, keys.family_name, keys.nickname) == ("Carol", "Roth", "Caz")
    assert keys.email_keys == {"carol@example.com"}
    assert keys.phone_keys == {"+19725291234"}


# --- contact evidence -----------------------------------------------------------------


def test_the_same_email_in_other_case_and_spacing_is_a_strong_match() -> None:
    carol = known(1, "Carol Roth", emails=("carol@x.com",))
    [match] = find_matches(candidate("C. R.", emails=(" CAROL@X.com\t",)), [carol])
    assert match.person_id == 1
    assert match.strong
    assert "same email carol@x.com" in match.reasons


def test_the_same_phone_however_typed_is_a_strong_match() -> None:
    carol = known(1, "Carol Roth", phones=("+1 (972) 529-1234",))
    [match] = find_matches(candidate("+1 972 529 1234", phones=("972.529.1234",)), [carol])
    assert match.strong
    assert any(r.startswith("same phone +19725291234") for r in match.reasons)


def test_the_same_phone_under_another_first_name_only_shares_a_phone() -> None:
    # Issue 12: a couple on one landline used to become one person.
    bob = known(1, "Bob Jones", phones=("+1 (972) 529-1234",))
    [match] = find_matches(candidate("Alice Jones", phones=("972.529.1234",)), [bob])
    assert not match.strong
    assert match.reasons == ("shares a phone with Bob Jones",)
    assert match.against[0] == "different name"


def test_different_contacts_and_names_are_no_match() -> None:
    carol = known(1, "Carol Roth", emails=("carol@x.com",), phones=("972 529 1234",))
    assert find_matches(candidate("Dan Smith", emails=("dan@y.com",)), [carol]) == []


@pytest.fixture
def office() -> list[PersonKeys]:
    """Three people you know behind one company switchboard."""
    return [
        known(1, "Carol Roth", phones=(SWITCHBOARD,)),
        known(2, "Dan Smith", phones=(SWITCHBOARD,)),
        known(3, "Eve Jones", phones=(SWITCHBOARD,)),
    ]


def test_a_shared_office_phone_alone_is_no_match(office: list[PersonKeys]) -> None:
    newcomer = candidate("Frank Miller", phones=("972-529-1000",))
    assert find_matches(newcomer, office) == []


def test_a_shared_office_phone_and_a_similar_name_match_that_one_person(
    office: list[PersonKeys],
) -> None:
    [match] = find_matches(candidate("Carl Roth", phones=("972-529-1000",)), office)
    assert match.person_id == 1
    assert "shares the phone +19725291000, used by several people" in match.reasons
    assert any(r.startswith("similar name") for r in match.reasons)
    assert not match.strong  # a typo'd name plus a switchboard is worth a look, not an alarm


def test_the_office_phone_makes_a_name_match_more_certain(office: list[PersonKeys]) -> None:
    name_only = find_matches(candidate("Carl Roth"), office)
    with_phone = find_matches(candidate("Carl Roth", phones=(SWITCHBOARD,)), office)
    assert with_phone[0].score > name_only[0].score


def test_the_owner_counts_from_storage_mark_a_phone_shared() -> None:
    # Only one owner is among the candidates handed in, but storage knows of three.
    carol = known(1, "Carol Roth", phones=(SWITCHBOARD,))
    newcomer = candidate("Frank Miller", phones=(SWITCHBOARD,))
    assert find_matches(newcomer, [carol], phone_owner_counts={phone_key(SWITCHBOARD): 3}) == []
    assert ids(find_matches(newcomer, [carol], phone_owner_counts={phone_key(SWITCHBOARD): 1})) == [
        1
    ]


def test_a_phone_of_one_known_owner_is_a_strong_match() -> None:
    carol = known(1, "Carol Roth", phones=(SWITCHBOARD,))
    dan = known(2, "Dan Smith", phones=("214 555 0100",))
    [match] = find_matches(candidate("C. Roth", phones=(SWITCHBOARD,)), [carol, dan])
    assert (match.person_id, match.strong) == (1, True)
    # With a contradicting name it is a phone they share, not the same person.
    [shared] = find_matches(candidate("Frank Miller", phones=(SWITCHBOARD,)), [carol, dan])
    assert (shared.person_id, shared.strong) == (1, False)


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("Carol Roth", "Roth, Carol"),
        ("Dr. Carol Roth", "Carol Roth"),
        ("José Núñez", "Jose Nunez"),
        ("王小明", "王小明"),
        ("Дмитрий Иванов", "Иванов Дмитрий"),
    ],
)
def test_the_same_name_in_another_dress_is_the_same_name(new: str, old: str) -> None:
    [match] = find_matches(candidate(new), [known(1, old)])
    assert not match.strong  # a name alone, however exact, is a possible match (issue 12)
    assert match.reasons == ("same name",)
    [with_email] = find_matches(
        candidate(new, emails=("c@x.com",)), [known(1, old, emails=("c@x.com",))]
    )
    assert with_email.strong


def test_a_similar_name_is_a_match_but_not_a_loud_one() -> None:
    [match] = find_matches(candidate("Carl Roth"), [known(1, "Carol Roth")])
    assert not match.strong
    assert 0.0 < match.score < 1.0
    assert match.reasons == ("similar name (Carl Roth / Carol Roth)",)


@pytest.mark.parametrize(
    ("new", "old"), [("Bob Smith", "Robert Smith"), ("Liz Hart", "Elizabeth Hart")]
)
def test_a_nickname_of_the_given_name_is_a_match(new: str, old: str) -> None:
    [match] = find_matches(candidate(new), [known(1, old)])
    assert match.reasons == (f"similar name ({new.split()[0]} may be short for {old.split()[0]})",)
    assert not match.strong


def test_the_nickname_a_person_goes_by_is_matched_too() -> None:
    stored = known(1, "Margaret Thatcher", nickname="Maggie T")
    [match] = find_matches(candidate("Maggie T."), [stored])
    assert match.person_id == 1
    assert match.reasons == ("same name (goes by Maggie T)",)
    by_family = known(
        2, "Alexander Okafor", given_name="Alexander", family_name="Okafor", nickname="Xan"
    )
    assert ids(find_matches(candidate("Xan Okafor"), [by_family])) == [2]


def test_different_people_with_a_common_first_name_are_no_match() -> None:
    people = [known(1, "John Smith"), known(2, "John Miller"), known(3, "Johnny Walker")]
    assert find_matches(candidate("John Doe"), people) == []


def test_a_lone_first_name_matches_weakly_everyone_of_that_given_name() -> None:
    people = [known(1, "John Smith"), known(2, "John Miller"), known(3, "Dan Smith")]
    found = find_matches(candidate("John"), people)
    assert sorted(ids(found)) == [1, 2]
    assert all(not m.strong for m in found)
    full_name = find_matches(candidate("John Smith"), people)[0]
    assert all(m.score < full_name.score for m in found)
    assert all("same first name" in m.reasons[0] for m in found)


def test_a_lone_name_must_equal_the_given_name_not_resemble_it() -> None:
    people = [known(1, "Robert Smith"), known(2, "Carl Roth"), known(3, "Dan Carol")]
    assert find_matches(candidate("Carol"), people) == []
    assert find_matches(candidate("Bob"), people) == []  # no nicknames for a lone word


def test_a_lone_name_matches_the_nickname_a_person_goes_by() -> None:
    stored = known(1, "Robert Smith", nickname="Bobby")
    assert ids(find_matches(candidate("Bobby"), [stored])) == [1]


def test_a_lone_family_name_is_not_a_given_name() -> None:
    roth = candidate("Roth", family_name="Roth")
    assert find_matches(roth, [known(1, "Carol Roth")]) == []


def test_a_contradicting_surname_stops_a_lone_name_match() -> None:
    # Shown as "Carol", but the card says her family name is Smith.
    carol_smith = candidate("Carol", given_name="Carol", family_name="Smith")
    assert find_matches(carol_smith, [known(1, "Carol Roth")]) == []
    assert ids(find_matches(carol_smith, [known(2, "Smith, Carol")])) == [2]
    # The same when only the family name was filled in beside the shown name.
    shown_carol = candidate("Carol", family_name="Smith")
    assert find_matches(shown_carol, [known(1, "Carol Roth")]) == []
    assert ids(find_matches(shown_carol, [known(2, "Carol Smith")])) == [2]


def test_two_lone_names_that_are_equal_match_weakly() -> None:
    [match] = find_matches(candidate("Carol"), [known(1, "carol")])
    assert not match.strong


# --- what is never a match ------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "Dr.", "--"])
def test_an_empty_candidate_matches_nobody(name: str) -> None:
    people = [known(1, ""), known(2, "Carol Roth"), known(3, "   ")]
    assert find_matches(candidate(name), people) == []
    assert (
        find_matches(PersonKeys(0, name, "", "", "", frozenset({""}), frozenset({""})), people)
        == []
    )


def test_a_person_is_never_matched_to_itself() -> None:
    carol = known(7, "Carol Roth", emails=("carol@x.com",))
    assert find_matches(carol, [carol]) == []
    twin = replace(carol, person_id=8)
    assert ids(find_matches(carol, [carol, twin])) == [8]


def test_a_person_handed_in_twice_is_matched_once() -> None:
    carol = known(1, "Carol Roth", emails=("carol@x.com",))
    assert ids(find_matches(candidate("Carol Roth"), [carol, carol])) == [1]


# --- order ----------------------------------------------------------------------------


def test_matches_come_most_certain_first_then_by_name() -> None:
    people = [
        known(1, "Roth, Carl"),  # similar name
        known(2, "Zed Roth", emails=("carol@x.com",)),  # a shared email, another name
        known(3, "Carol Roth"),  # same name
        known(4, "Carole Roth"),  # a little more similar than Carl
        known(5, "Carol Roth", emails=("carol@x.com",)),  # same name and email
        known(6, "Carl Roth"),  # as similar as "Roth, Carl", and first by name
    ]
    found = find_matches(candidate("Carol Roth", emails=("carol@x.com",)), people, limit=10)
    # Zed Roth is no match: two people have the address, and the names contradict.
    assert ids(found) == [5, 3, 4, 6, 1]
    scores = [m.score for m in found]
    assert scores == sorted(scores, reverse=True)
    assert scores[-1] == scores[-2]


def test_a_name_alone_is_less_certain_than_a_phone() -> None:
    by_phone = known(1, "C. Roth", phones=("972 529 1234",))
    by_name = known(2, "Carol Roth")
    found = find_matches(candidate("Carol Roth", phones=("972 529 1234",)), [by_name, by_phone])
    assert ids(found) == [1, 2]
    assert found[1].score < 1.0


def test_at_most_limit_matches() -> None:
    people = [known(i, "Carol Roth") for i in range(1, 20)]
    assert len(find_matches(candidate("Carol Roth"), people)) == 5
    assert len(find_matches(candidate("Carol Roth"), people, limit=2)) == 2
    assert find_matches(candidate("Carol Roth"), people, limit=0) == []


def test_agreeing_evidence_ranks_above_any_one_piece() -> None:
    alone = find_matches(
        candidate("X", emails=("c@x.com",)), [known(1, "Carol Roth", emails=("c@x.com",))]
    )
    both = find_matches(
        candidate("Carol Roth", emails=("c@x.com",)), [known(1, "Carol Roth", emails=("c@x.com",))]
    )
    assert 0.0 < alone[0].score < both[0].score <= 1.0


@given(
    st.text(max_size=20),
    st.lists(st.text(max_size=20), max_size=6),
)
def test_unicode_and_junk_names_never_crash(name: str, others: list[str]) -> None:
    people = [known(i + 1, other) for i, other in enumerate(others)]
    for match in find_matches(candidate(name), people):
        assert 0.0 < match.score <= 1.0
        assert match.reasons


# --- within one batch -----------------------------------------------------------------


def test_two_cards_of_one_person_in_a_batch_are_paired() -> None:
    batch = [
        candidate("Carol Roth", emails=("carol@x.com",)),
        candidate("Dan Smith"),
        candidate("C. Roth", emails=("CAROL@x.com",)),
    ]
    [(i, j, match)] = matches_within(batch)
    assert (i, j) == (0, 2)
    assert match.strong


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bob Smith", "Robert Smith"),
        ("Carol Roth", "Roth, Carol"),
        ("Carol Roth", "Roth Carol"),
        ("Carol Roth", "Carl Roth"),
        ("Carol Ann Roth", "Carol Roth"),
        ("Bob Smyth", "Robert Smith"),
        ("Carol", "Carol Roth"),
        ("王小明", "王小明"),
    ],
)
def test_name_duplicates_in_a_batch_are_paired(a: str, b: str) -> None:
    batch = [candidate("Eve Jones"), candidate(a), candidate("Dan Smith"), candidate(b)]
    assert [(i, j) for i, j, _m in matches_within(batch)] == [(1, 3)]


def test_a_phone_on_two_cards_pairs_them_strongly() -> None:
    batch = [
        candidate("Carol Roth", phones=("972 529 1234",)),
        candidate("+1 972 529 1234", phones=("+19725291234",)),
        candidate("Bob Jones", phones=("214 555 0100",)),
        candidate("Alice Jones", phones=("+12145550100",)),
    ]
    found = matches_within(batch)
    assert [(i, j) for i, j, _m in found] == [(0, 1), (2, 3)]
    match, couple = found[0][2], found[1][2]
    assert match.strong
    assert not couple.strong and couple.reasons == ("shares a phone with Alice Jones",)


def test_a_switchboard_on_three_cards_pairs_only_similar_names() -> None:
    batch = [
        candidate("Carol Roth", phones=(SWITCHBOARD,)),
        candidate("Dan Smith", phones=(SWITCHBOARD,)),
        candidate("Eve Jones", phones=(SWITCHBOARD,)),
        candidate("Roth, Carol", phones=("972.529.1000",)),
    ]
    [(i, j, match)] = matches_within(batch)
    assert (i, j) == (0, 3)
    assert "shares the phone +19725291000, used by several people" in match.reasons
    # A number on many cards is no reason to compare them: only the names meet.
    assert candidate_pairs(batch) == [(0, 3)]


def test_a_batch_of_strangers_has_no_pairs() -> None:
    batch = [candidate("Carol Roth"), candidate("Dan Smith"), candidate(""), candidate("")]
    assert matches_within(batch) == []


def _people(n: int) -> list[PersonKeys]:
    """n different people with realistic overlap: shared given and family names."""
    givens = [f"Given{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(n)]
    return [
        candidate(
            f"{givens[(i * 7) % n]} Family{i % 97}{chr(97 + i % 13)}x",
            emails=(f"p{i}@example.com",),
            phones=(f"+1 972 555 {i:04d}",),
        )
        for i in range(n)
    ]


def test_a_batch_is_compared_by_blocks_not_all_pairs() -> None:
    people = _people(3000)
    pairs = candidate_pairs(people)
    assert len(pairs) < 10 * len(people)  # all pairs would be about 4.5 million
    assert matches_within(people[:300]) == []


def test_blocking_keeps_the_pairs_that_share_a_key_even_in_a_huge_block() -> None:
    # 200 cards with one generic email: each still meets its neighbours.
    people = [candidate(f"Person {i}", emails=("info@shop.com",)) for i in range(200)]
    pairs = candidate_pairs(people)
    assert len(pairs) < 200 * 60
    for i in range(199):
        assert (i, i + 1) in pairs


VOCABULARY = [
    "Carol Roth",
    "Roth, Carol",
    "Dr. Carol Roth",
    "Carl Roth",
    "Dan Roth",
    "Bob Smith",
    "Robert Smith",
    "Carol",
    "John",
    "John Smith",
    "José Núñez",
    "",
]
EMAILS = ["a@x.com", "A@X.com ", "b@x.com"]
PHONES = ["972 529 1234", "+1 (972) 529-1234", "214 555 0100", SWITCHBOARD]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(VOCABULARY),
            st.lists(st.sampled_from(EMAILS), max_size=2),
            st.lists(st.sampled_from(PHONES), max_size=2),
        ),
        max_size=8,
    )
)
def test_blocking_finds_every_match_that_comparing_all_pairs_finds(
    cards: list[tuple[str, list[str], list[str]]],
) -> None:
    batch = [candidate(n, emails=tuple(e), phones=tuple(p)) for n, e, p in cards]
    expected = []
    for i, j in itertools.combinations(range(len(batch)), 2):
        # A key's owners, from card i's view: the other names on cards that have it.
        mine = sorted(name_tokens(batch[i].display_name))
        phones: dict[str, set[str]] = {}
        emails: dict[str, set[str]] = {}
        for other in batch:
            name = sorted(name_tokens(other.display_name))
            if name == mine:
                continue
            for key in other.phone_keys:
                phones.setdefault(key, set()).add(" ".join(name))
            for key in other.email_keys:
                emails.setdefault(key, set()).add(" ".join(name))
        found = find_matches(
            batch[i],
            [batch[j]],
            phone_owner_counts={k: len(v) for k, v in phones.items()},
            email_owner_counts={k: len(v) for k, v in emails.items()},
        )
        expected.extend((i, j, m) for m in found)
    assert matches_within(batch) == expected
