"""Which pairs of stored people are worth asking the matching rules about, likeliest first.

Comparing everyone with everyone is out of the question at 100,000 people, and so was
the import's blocking over everyone (``matching.matches_within``: 280 s and 1.9 million
pairs on the benchmark database, whose 100,000 people share 2,688 names). Pairs come in
tiers, so the Possible duplicates view can stop once it has enough:

1. people who share an email key or a phone key (groups of at most ``GROUP_LIMIT``
   owners: an address shared by more is an office's, and pairs among them say nothing);
2. the same full name, folded (case, accents, spacing, word order: "Roth, Carol");
3. the same family name and given initial ("J. Smith" / "John Smith", "Jon Smith").

Within a name, each person is paired with the next ``NAME_WINDOW`` people of that name,
so a name a thousand people share costs linear time. Whether a pair is the same person
is decided by the matching rules alone (``matching.find_matches``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Sequence

from relapp.domain.matching import PersonKeys
from relapp.domain.text import fold

GROUP_LIMIT = 25
NAME_WINDOW = 12

Pair = tuple[int, int]


@functools.lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> tuple[str, str, str] | None:
    """(full-name key, two family+initial keys) of one name, or None for a lone word;
    cached, since names repeat across people (given and family names, "John Smith")."""
    words = [w for w in (part.strip(".") for part in fold(name.replace(",", " ")).split()) if w]
    if len(words) < 2:
        return None
    # "Roth Carol" is read either way round.
    return " ".join(sorted(words)), f"{words[0][0]} {words[-1]}", f"{words[-1][0]} {words[0]}"


def _names(keys: PersonKeys) -> set[tuple[str, str, str]]:
    names = {keys.display_name, f"{keys.given_name} {keys.family_name}"}
    if keys.nickname.strip():
        names.add(f"{keys.nickname} {keys.family_name}")
    return {found for name in names if (found := _name_key(name)) is not None}


def _window(members: Sequence[int], window: int) -> Iterator[Pair]:
    for position, first in enumerate(members):
        for second in members[position + 1 : position + 1 + window]:
            yield (first, second) if first < second else (second, first)


def contact_groups(people: Sequence[PersonKeys]) -> list[list[int]]:
    """Indexes of people who share an email or phone key (2..GROUP_LIMIT of them)."""
    groups: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        for key in person.email_keys:
            if key:
                groups["email", key].append(index)
        for key in person.phone_keys:
            if key:
                groups["phone", key].append(index)
    return [m for m in groups.values() if 2 <= len(m) <= GROUP_LIMIT]


def name_tiers(people: Sequence[PersonKeys]) -> Iterator[Iterator[Pair]]:
    """Tier 2 (the same full name), then tier 3 (family name and given initial): index
    pairs ``(i, j)``, ``i < j``, made lazily (tier 3 only when asked for); a pair may
    come again in a later tier."""
    names = [_names(person) for person in people]
    for part in (0, 1):
        blocks: defaultdict[str, list[int]] = defaultdict(list)
        for index, found in enumerate(names):
            for key in {k for name in found for k in (name[1:] if part else name[:1])}:
                blocks[key].append(index)
        yield (
            pair
            for members in blocks.values()
            if len(members) >= 2
            for pair in _window(members, NAME_WINDOW)
        )
