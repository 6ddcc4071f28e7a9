"""Matching a party to a person you know: by key, never by name but in one case.

A party is a known person when its key (``me.party_key``) is the key of one of their
contact points: the lower-cased email, the E.164 phone, the profile URL. Archived people
count (capture never makes a second copy of anyone); when a key belongs to several
people, those not archived are taken, all of them (a shared family address).

Names never match, except for a name-only chat author (WhatsApp, Telegram give no
address): when exactly one person who is not archived has that display name (compared
with spaces collapsed, case folded) they are taken, and the preview flags it "by name".
Two people with the name, or none, and the author is only counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from relapp.domain.capture.me import NAME


@dataclass(frozen=True)
class Match:
    person_ids: tuple[int, ...]
    by_name: bool = False


@dataclass(frozen=True)
class KnownPeople:
    """The owners of the keys a file names (``by_key``: key -> [(person id, archived)])
    and the display names of people not archived (``by_name``: folded name -> ids)."""

    by_key: Mapping[str, tuple[tuple[int, bool], ...]] = field(default_factory=dict)
    by_name: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    _matched: dict[str, Match | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Each key's match, worked out once: a capture asks for the same few thousand
    keys a hundred thousand times."""

    def match(self, key: str) -> Match | None:
        try:
            return self._matched[key]
        except KeyError:
            found = self._matched[key] = self._match(key)
            return found

    def _match(self, key: str) -> Match | None:
        if key.startswith(NAME):
            ids = self.by_name.get(key[len(NAME) :], ())
            return Match(ids, by_name=True) if len(ids) == 1 else None
        owners = self.by_key.get(key, ())
        if not owners:
            return None
        active = tuple(pid for pid, archived in owners if not archived)
        return Match(active or tuple(pid for pid, _ in owners))
