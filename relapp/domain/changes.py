"""What a write changed: the one value every write hands to the views that follow it.

A service that writes returns (or its caller builds) a ``Changes``; the window
announces it once, and each feature refreshes only on what concerns it: the promise
scheduler sweeps when promises changed, not after a rename; the network view redraws
when introductions changed. ``Changes`` values combine with ``|`` (an undo step that
wrote an interaction and its promise is one value with both flags).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """Which people were written, and which kinds of records changed.

    ``people`` are the ids whose own row or history changed (their page and list row
    are stale). The flags say which kinds of records were written, for whoever does not
    care about one person but about a kind (Due, the tray, the network, health).
    ``everyone``: too many people to name (an import, a restore): treat every person
    as changed.
    """

    people: frozenset[int] = frozenset()
    persons: bool = False  # a person's own fields (name, emails, tags, archive state)
    interactions: bool = False
    promises: bool = False
    introductions: bool = False
    tags: bool = False
    settings: bool = False
    everyone: bool = False

    @classmethod
    def of_people(cls, ids: Iterable[int], **kinds: bool) -> Changes:
        return cls(people=frozenset(ids), **kinds)

    @classmethod
    def all(cls) -> Changes:
        """Everything may have changed (a restore, a whole import)."""
        return cls(
            persons=True,
            interactions=True,
            promises=True,
            introductions=True,
            tags=True,
            settings=True,
            everyone=True,
        )

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        return Changes(
            people=self.people | other.people,
            persons=self.persons or other.persons,
            interactions=self.interactions or other.interactions,
            promises=self.promises or other.promises,
            introductions=self.introductions or other.introductions,
            tags=self.tags or other.tags,
            settings=self.settings or other.settings,
            everyone=self.everyone or other.everyone,
        )

    def __bool__(self) -> bool:
        return bool(self.people) or any(
            (
                self.persons,
                self.interactions,
                self.promises,
                self.introductions,
                self.tags,
                self.settings,
                self.everyone,
            )
        )

    def touches(self, person_id: int | None) -> bool:
        """Whether a view showing this person must read them again."""
        return person_id is not None and (self.everyone or person_id in self.people)

    @property
    def person_ids(self) -> tuple[int, ...]:
        """The people, in a stable order (for the list model and logs)."""
        return tuple(sorted(self.people))


NOTHING = Changes()
