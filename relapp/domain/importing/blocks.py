"""Which few of many known people each imported card is worth comparing with.

Importing 10,000 cards against 100,000 people cannot compare every pair, nor ask the
database once per card. The names of everyone known are read once into ``KnownNames``,
which files each person under cheap block keys of their folded name; a card is then
compared (with ``matching.find_matches``) only with the people it shares a key with,
plus those with one of its email or phone keys.

Block keys, made from every pair of words of a name (so titles, middle names and the
"Family, Given" order do not hide a name):

- ``w:`` the two words, sorted: the same name in any order;
- ``i:`` the first word's initial with the later word: a typo in the given name;
- ``g:`` the first word, or the formal name it is a nickname of, with the later word's
  first two letters: a typo in the family name ("Bob Smyth" / "Robert Smith");
- ``l:`` a one-word name ("Carol"), met by the given names of fuller names, and ``f:``
  the words before the last, met by one-word cards.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence

from relapp.domain.matching import Match, PersonKeys, find_matches
from relapp.domain.names import given_forms
from relapp.domain.text import fold

# At most this many people per card come from name blocks (the most specific blocks
# first); a card "John Smith" against a thousand John Smiths compares with a dozen.
MAX_NAME_CANDIDATES = 12
# People sharing one email or phone key with a card are all compared, up to this many
# per key (a switchboard number shared by hundreds is no evidence anyway).
MAX_CONTACT_CANDIDATES = 25
_MAX_WORDS = 5
# Apostrophes, deleted by ``str.translate`` (a regex of these characters takes 4 ms to
# compile: a table of all 65,536 code points below them).
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")
_WORD = re.compile(r"[^\W_]+")
_KEY_ORDER = ("w:", "g:", "i:", "l:", "f:")


@functools.lru_cache(maxsize=50_000)
def _forms(word: str) -> frozenset[str]:
    return given_forms(word)


def folded_words(folded: str) -> list[str]:
    """Words of an already folded name, given-first when written "family, given"."""
    parts = [_WORD.findall(part) for part in folded.translate(_APOSTROPHES).split(",")]
    parts = [part for part in parts if part]
    if len(parts) >= 2:
        parts = [*parts[1:], parts[0]]
    return [word for part in parts for word in part][:_MAX_WORDS]


def _word_keys(words: Sequence[str], out: set[str]) -> None:
    if len(words) == 1:
        out.add("l:" + words[0])
        return
    for a, b in itertools.combinations(words, 2):
        out.add("w:" + (f"{a} {b}" if a <= b else f"{b} {a}"))
        out.add(f"i:{a[0]} {b}")
        for form in _forms(a):
            out.add(f"g:{form} {b[:2]}")
    out.update("f:" + word for word in words[:-1])


def _name_words(folded_display: str, given: str, family: str, nickname: str) -> list[list[str]]:
    words = folded_words(folded_display)
    out = [words] if words else []
    if len(words) <= 1 and (given or family):
        parts = folded_words(fold(f"{given} {family}"))
        if parts and parts != words:
            out.append(parts)
    if nickname:
        nick = folded_words(fold(nickname))
        if len(nick) == 1 and len(words) >= 2:
            nick = [*nick, words[-1]]  # "Bob" with the family name
        if nick:
            out.append(nick)
    return out


def stored_keys(
    folded_display: str, given: str = "", family: str = "", nickname: str = ""
) -> set[str]:
    """The block keys a known person is filed under (``folded_display`` is stored folded)."""
    keys: set[str] = set()
    for words in _name_words(folded_display, given, family, nickname):
        _word_keys(words, keys)
    return keys


def probe_keys(keys: PersonKeys) -> list[str]:
    """The block keys to look a card up under, most specific first."""
    found: set[str] = set()
    for words in _name_words(
        fold(keys.display_name), keys.given_name, keys.family_name, keys.nickname
    ):
        if len(words) == 1:
            found.update(("l:" + words[0], "f:" + words[0]))
        else:
            _word_keys(words, found)
            found.update("l:" + word for word in words[:-1])
            found.difference_update("f:" + word for word in words[:-1])
    return sorted(found, key=lambda key: (_KEY_ORDER.index(key[:2]), key))


class KnownNames:
    """Everyone known, filed under the block keys of their names."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[int]] = {}

    @classmethod
    def build(cls, rows: Iterable[tuple[int, str, str, str, str]]) -> KnownNames:
        """From ``(person_id, folded display name, given, family, nickname)`` rows."""
        index = cls()
        blocks = index._blocks
        for person_id, folded, given, family, nickname in rows:
            for key in stored_keys(folded, given, family, nickname):
                bucket = blocks.get(key)
                if bucket is None:
                    blocks[key] = [person_id]
                else:
                    bucket.append(person_id)
        return index

    def candidates(self, keys: PersonKeys, limit: int = MAX_NAME_CANDIDATES) -> list[int]:
        """Ids of known people whose names may match, at most ``limit``, best blocks first."""
        out: dict[int, None] = {}
        for key in probe_keys(keys):
            for person_id in self._blocks.get(key, ()):
                out[person_id] = None
                if len(out) >= limit:
                    return list(out)
        return list(out)


def contact_candidates(
    keys: PersonKeys,
    email_owners: Mapping[str, Sequence[int]],
    phone_owners: Mapping[str, Sequence[int]],
) -> list[int]:
    """Known people sharing an email or phone key with the card."""
    out: dict[int, None] = {}
    for key in sorted(keys.email_keys):
        out.update(dict.fromkeys(email_owners.get(key, ())[:MAX_CONTACT_CANDIDATES]))
    for key in sorted(keys.phone_keys):
        out.update(dict.fromkeys(phone_owners.get(key, ())[:MAX_CONTACT_CANDIDATES]))
    return list(out)


def match_known(
    cards: Sequence[PersonKeys | None],
    candidates: Sequence[Sequence[int]],
    known: Mapping[int, PersonKeys],
    phone_owner_counts: Mapping[str, int],
    *,
    email_owner_counts: Mapping[str, int] | None = None,
    limit: int = 3,
) -> list[list[Match]]:
    """For each card, the known people it may be (``matching.find_matches`` over its
    candidates), most certain first. The owner counts say how many known people have
    each key (two or more: a shared key)."""
    email_counts = email_owner_counts or {}
    out: list[list[Match]] = []
    for card, ids in zip(cards, candidates, strict=True):
        people = [known[i] for i in ids if i in known]
        if card is None or not people:
            out.append([])
            continue
        phones = {k: phone_owner_counts.get(k, 0) for k in card.phone_keys}
        emails = {k: email_counts.get(k, 0) for k in card.email_keys}
        out.append(
            find_matches(
                card, people, phone_owner_counts=phones, email_owner_counts=emails, limit=limit
            )
        )
    return out
