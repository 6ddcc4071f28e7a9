"""The duplicate guard: is this "new" person someone you already know?

``match_rules`` decides one pair (evidence for and against, in words, and whether it
is strong enough to merge by default; see docs/matching.md). This module finds the
people worth comparing: ``find_matches`` against people you know, ``matches_within``
inside one batch of cards (blocked by keys, never all pairs), with the owners of each
email and phone key counted so that shared addresses are recognised.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from relapp.domain.letting_go import let_go
from relapp.domain.match_profile import (
    Match,
    PersonKeys,
    Profile,
    is_role_address,
    keys_of_draft,
    profile_of,
    profiles_of,
)
from relapp.domain.match_rules import compare, compare_profiles
from relapp.domain.names import given_forms
from relapp.domain.text import fold

__all__ = [
    "Match",
    "PersonKeys",
    "candidate_pairs",
    "compare",
    "find_matches",
    "is_role_address",
    "keys_of_draft",
    "matches_within",
]

# Blocks larger than this (one email on hundreds of cards) are compared within a
# sliding window over the block, so a batch never costs all pairs.
BLOCK_WINDOW = 50


def _owner_counts(
    keys: frozenset[str],
    known: Sequence[frozenset[str]],
    given: Mapping[str, int] | None,
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for person_keys in known:
        counts.update(keys & person_keys)
    if given:
        for key in keys:
            counts[key] = max(counts[key], given.get(key, 0))
    return dict(counts)


def _unique(known: Iterable[PersonKeys], candidate_id: int) -> list[PersonKeys]:
    seen: set[int] = set()
    out = []
    for person in known:
        if person.person_id:
            if person.person_id == candidate_id or person.person_id in seen:
                continue
            seen.add(person.person_id)
        out.append(person)
    return out


def find_matches(
    candidate: PersonKeys,
    known: Iterable[PersonKeys],
    *,
    phone_owner_counts: Mapping[str, int] | None = None,
    email_owner_counts: Mapping[str, int] | None = None,
    limit: int = 5,
) -> list[Match]:
    """The known people ``candidate`` may be: strong matches first, then most certain
    first, then by name.

    ``phone_owner_counts`` and ``email_owner_counts`` say how many known people have
    each key; without them (and in any case as a floor) the owners among ``known`` are
    counted. A key with two or more owners is shared, no identity evidence. A person is
    never matched to itself (same non-zero ``person_id``).
    """
    if limit <= 0:
        return []
    own = profile_of(candidate)
    if own.empty:
        return []
    people = _unique(known, candidate.person_id)
    phones = _owner_counts(candidate.phone_keys, [p.phone_keys for p in people], phone_owner_counts)
    emails = _owner_counts(candidate.email_keys, [p.email_keys for p in people], email_owner_counts)
    found: list[tuple[Match, str]] = []
    for person in people:
        match = compare_profiles(own, profile_of(person), emails, phones)
        if match is not None:
            found.append((match, fold(person.display_name)))
    found.sort(key=lambda pair: (not pair[0].strong, -pair[0].score, pair[1], pair[0].person_id))
    return [match for match, _name in found[:limit]]


def _name_blocks(profile: Profile) -> set[tuple[str, str]]:
    """Keys under which possibly-similar names meet: the same words; the given name's
    initial with the family name (a typo in the given name); the given name or what it
    is a nickname of with the family name's first two letters (a typo in the family
    name, "Bob Smyth" / "Robert Smith")."""
    keys: set[tuple[str, str]] = set()
    for form in profile.full:
        tokens = form.tokens
        keys.add(("words", " ".join(sorted(tokens))))
        if len(tokens) < 2:
            continue
        first, last = tokens[0], tokens[-1]
        keys.add(("initial+family", f"{first[0]} {last}"))
        for given in given_forms(first):
            keys.add(("given+family start", f"{given} {last[:2]}"))
    return keys


def _block_pairs(members: Sequence[int]) -> Iterable[tuple[int, int]]:
    if len(members) <= BLOCK_WINDOW:
        return itertools.combinations(members, 2)
    return (
        (members[p], members[q])
        for p in range(len(members))
        for q in range(p + 1, min(p + BLOCK_WINDOW, len(members)))
    )


def candidate_pairs(people: Sequence[PersonKeys]) -> list[tuple[int, int]]:
    """Index pairs (i < j) worth comparing in one batch, found by blocking, not all pairs.

    People meet when they share an email key, a phone key held under at most two
    different names (a switchboard on many cards is no reason to compare them all), a
    name block key, or when one of them has only a first name the other has too.
    """
    return sorted(_candidate_pairs([profile_of(p) for p in people]))


def _candidate_pairs(
    profiles: Sequence[Profile], phone_names: Mapping[str, set[str]] | None = None
) -> set[tuple[int, int]]:
    """``phone_names``: ``_batch_owners(profiles, "phone")`` when the caller has it."""
    if phone_names is None:
        phone_names = _batch_owners(profiles, "phone")
    # One index of blocks for each kind of key (an email key, a phone key, a name block):
    # a card's keys of one kind are a set already, so each card is in a block once.
    emails: defaultdict[str, list[int]] = defaultdict(list)
    phones: defaultdict[str, list[int]] = defaultdict(list)
    names: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for index, profile in enumerate(profiles):
        for email in profile.keys.email_keys:
            if email:
                emails[email].append(index)
        for phone in profile.keys.phone_keys:
            if phone and len(phone_names[phone]) <= 2:
                phones[phone].append(index)
        for key in _name_blocks(profile):
            names[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for blocks in (emails, phones, names):
        for members in blocks.values():
            if len(members) > 1:  # most blocks are one card's own
                pairs.update(_block_pairs(members))
    pairs.update(_lone_name_pairs(profiles))
    leftovers: list[object] = [emails, phones, names, phone_names]  # the caller's stays
    del emails, phones, names, blocks, phone_names
    let_go(leftovers)  # not in one cascade as this returns (issue 18)
    return pairs


def _lone_name_pairs(profiles: Sequence[Profile]) -> set[tuple[int, int]]:
    """Each one-word name ("Carol") with (up to a window of) the people of that given name."""
    lone_words = {word for p in profiles for word in p.lone}
    holders: defaultdict[str, list[int]] = defaultdict(list)
    for index, profile in enumerate(profiles):
        for word in (profile.lone | profile.givens) & lone_words:
            holders[word].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in holders.values():
        for position, index in enumerate(members):
            if profiles[index].lone:
                before = members[max(0, position - BLOCK_WINDOW) : position]
                after = members[position + 1 : position + 1 + BLOCK_WINDOW]
                pairs.update((m, index) for m in before)
                pairs.update((index, m) for m in after)
    return pairs


def _batch_owners(profiles: Sequence[Profile], kind: str) -> defaultdict[str, set[str]]:
    names: defaultdict[str, set[str]] = defaultdict(set)
    for p in profiles:
        for key in p.keys.email_keys if kind == "email" else p.keys.phone_keys:
            if key:
                names[key].add(p.name_key)
    return names


def _may_be_strong(a: PersonKeys, b: PersonKeys) -> bool:
    """Whether a pair has what a strong match needs: an email or phone key in common, or
    the same full birthday. A cheap test that saves comparing names for the rest."""
    if a.email_keys & b.email_keys or a.phone_keys & b.phone_keys:
        return True
    return a.birthday is not None and a.birthday.year is not None and a.birthday == b.birthday


def matches_within(
    people: Sequence[PersonKeys], *, strong_only: bool = False
) -> list[tuple[int, int, Match]]:
    """Pairs inside one batch that may be the same person (two cards of one vCard file).

    Each item is ``(i, j, match)`` with ``i < j`` and ``match`` saying how ``people[j]``
    matches ``people[i]`` (``match.person_id`` is ``people[j].person_id``). A key counts
    as shared when cards of two or more other names than card i's have it (five
    colleagues on info@); the same card exported three times is still one name. With
    ``strong_only``, only strong matches (what links two cards of an import) are found,
    and pairs that cannot be strong are not compared at all.
    """
    profiles = profiles_of(people)
    phone_names = _batch_owners(profiles, "phone")
    email_names = _batch_owners(profiles, "email")
    found = []
    for i, j in sorted(_candidate_pairs(profiles, phone_names)):
        same_id = people[i].person_id and people[i].person_id == people[j].person_id
        if same_id or profiles[i].empty or profiles[j].empty:
            continue
        if strong_only and not _may_be_strong(people[i], people[j]):
            continue
        mine = profiles[i].name_key
        phones = {
            k: len(phone_names[k] - {mine}) for k in people[i].phone_keys & people[j].phone_keys
        }
        emails = {
            k: len(email_names[k] - {mine}) for k in people[i].email_keys & people[j].email_keys
        }
        match = compare_profiles(profiles[i], profiles[j], emails, phones)
        if match is not None and (match.strong or not strong_only):
            found.append((i, j, match))
    return found
