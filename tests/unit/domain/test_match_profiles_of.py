"""profiles_of: a batch's profiles, read once each, from profile_of's cache where it has them."""

from __future__ import annotations

from relapp.domain import match_profile
from relapp.domain.match_profile import (
    forget_profiles,
    keys_of_draft,
    profile_of,
    profiles_of,
    read_profile,
)
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft


def _keys(n: int) -> match_profile.PersonKeys:
    points = (
        ContactPoint(ContactKind.EMAIL, f" Person{n}@Example.com "),
        ContactPoint(ContactKind.PHONE, f"+1 646 555 {1000 + n}"),
    )
    return keys_of_draft(
        PersonDraft(f"Dr. Carol {n} Roth Jr.", "Carol", "Roth", "Caz", contact_points=points)
    )


def test_a_batch_is_read_without_filling_the_cache_and_reads_what_it_holds() -> None:
    forget_profiles()
    people = [_keys(n) for n in range(5)]
    cached = profile_of(people[2])
    try:
        profiles = profiles_of(people)
        assert profiles == [read_profile(keys) for keys in people]
        assert profiles[2] is cached  # the one the cache had
        assert len(match_profile._profiles) == 1  # the others were not kept
        forget_profiles()
        assert profiles_of(people) == profiles
        assert not match_profile._profiles
    finally:
        forget_profiles()


def test_a_drafts_keys_are_its_email_and_phone_keys() -> None:
    keys = _keys(7)
    assert keys.email_keys == frozenset({"person7@example.com"})
    assert keys.phone_keys == frozenset({"+16465551007"})
    empty = keys_of_draft(PersonDraft("X", contact_points=(ContactPoint(ContactKind.EMAIL, " "),)))
    assert empty.email_keys == frozenset() and empty.phone_keys == frozenset()
