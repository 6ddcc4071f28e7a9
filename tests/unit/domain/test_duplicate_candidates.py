"""Which stored people the Possible duplicates view compares, tier by tier."""

from __future__ import annotations

from relapp.domain.duplicate_candidates import (
    GROUP_LIMIT,
    NAME_WINDOW,
    contact_groups,
    name_tiers,
)
from relapp.domain.matching import PersonKeys


def keys(
    pid: int, name: str, emails: tuple[str, ...] = (), phones: tuple[str, ...] = ()
) -> PersonKeys:
    return PersonKeys(pid, name, email_keys=frozenset(emails), phone_keys=frozenset(phones))


def tiers(people: list[PersonKeys]) -> list[set[tuple[int, int]]]:
    return [set(tier) for tier in name_tiers(people)]


def test_people_who_share_an_email_or_phone_are_one_group() -> None:
    people = [
        keys(1, "Carol Roth", ("carol@x.com",)),
        keys(2, "Carrie", ("carol@x.com",)),
        keys(3, "Bob", phones=("+15550100",)),
        keys(4, "Alice", phones=("+15550100",)),
        keys(5, "Eve", ("eve@x.com",)),
    ]
    assert sorted(contact_groups(people)) == [[0, 1], [2, 3]]


def test_an_address_shared_by_a_crowd_is_no_group() -> None:
    people = [keys(i, f"Person {i}", ("info@acme.example",)) for i in range(GROUP_LIMIT + 1)]
    assert contact_groups(people) == []


def test_names_meet_whatever_the_order_case_accents_or_initials() -> None:
    people = [
        keys(1, "Carol Roth"),
        keys(2, "Roth, Carol"),
        keys(3, "CAROL  RÖTH"),
        keys(4, "C. Roth"),
        keys(5, "Dan Whitaker"),
        keys(6, "Carol"),
    ]
    same, similar = tiers(people)
    assert same == {(0, 1), (0, 2), (1, 2)}
    assert (0, 3) in similar and (1, 3) in similar
    assert not any(4 in pair or 5 in pair for pair in same | similar)


def test_a_name_thousands_share_costs_linear_time() -> None:
    people = [keys(i, "John Smith") for i in range(2000)]
    same, _similar = tiers(people)
    assert len(same) <= 2000 * NAME_WINDOW
    assert (0, 1) in same and (0, NAME_WINDOW + 1) not in same
