"""What a capture would write: the interactions, the people it offers to add, and what
it left out and why. Built by ``collect.Collector.finish``; nothing here reads a file or
a database.

People offered as new have placeholder ids below zero until they are created; the
interactions name them by those ids, and ``chosen`` keeps only the offered people the
user said yes to (an interaction left with nobody is dropped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from relapp.domain.capture.conversation import SkipReason
from relapp.domain.capture.me import Me
from relapp.domain.capture.records import CaptureProblem, RecordKind, SourceKind
from relapp.domain.model import Channel, Direction


@dataclass(frozen=True)
class PlannedInteraction:
    key: str
    """Where it came from, unique: "mail-thread:<root>#<day>", "event:<uid#instance>",
    "chat:<source>:<chat>#<day>", "call:<source>:<key>"."""
    record_keys: tuple[str, ...]  # the messages in it ("mail:<Message-ID>" ...)
    source: SourceKind
    occurred_at: datetime
    channel: Channel
    direction: Direction
    summary: str
    person_ids: tuple[int, ...]  # below zero: a person offered as new
    by_name: tuple[int, ...] = ()  # of person_ids, those matched by name only
    message_count: int = 1
    duration_seconds: int | None = None
    grows: int | None = None
    """Set for the new messages of a day captured before: the id of that day's entry,
    which they grow (``grow.grown``); the fields above say what they alone are (their
    count, direction, people, first time and subject)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys this writes: a growth only its messages' (the day's key is taken)."""
        if self.grows is not None:
            return self.record_keys
        return (self.key, *(k for k in self.record_keys if k != self.key))


@dataclass(frozen=True)
class NewPerson:
    """Someone unknown the file names: offered as a new person (``placeholder`` < 0)
    when you wrote to them at least twice or the file lists them as a contact."""

    placeholder: int
    key: str  # "email:carol@example.org", "phone:+4917012345", "url:..."
    name: str
    written_to: int = 0
    seen: int = 0
    organisation: str = ""
    title: str = ""
    connected_on: date | None = None


@dataclass(frozen=True)
class PersonSummary:
    count: int
    first: datetime
    last: datetime
    by_name: bool = False


@dataclass(frozen=True)
class CapturePlan:
    interactions: tuple[PlannedInteraction, ...] = ()
    offered: tuple[NewPerson, ...] = ()  # new people you may add (off by default)
    unknown: tuple[NewPerson, ...] = ()  # the most frequent others (placeholder 0), counted
    unknown_count: int = 0
    skipped: Mapping[SkipReason, int] = field(default_factory=dict)
    problems: tuple[CaptureProblem, ...] = ()
    problem_count: int = 0
    me: Me = field(default_factory=Me)
    me_suggested: bool = False  # "me" came from the file, not from your addresses
    records: int = 0  # messages, calls and events read
    kinds: frozenset[RecordKind] = frozenset()  # ... which of them
    files: tuple[str, ...] = ()

    def chosen(self, add: Iterable[int] = ()) -> tuple[PlannedInteraction, ...]:
        """The interactions with the offered people in ``add`` (placeholders) only."""
        wanted = set(add)
        out = []
        for planned in self.interactions:
            ids = tuple(p for p in planned.person_ids if p > 0 or p in wanted)
            if ids == planned.person_ids:
                out.append(planned)
            elif ids or planned.grows is not None:
                by_name = tuple(p for p in planned.by_name if p in ids)
                out.append(replace(planned, person_ids=ids, by_name=by_name))
        return tuple(out)

    def per_person(self, add: Iterable[int] = ()) -> dict[int, PersonSummary]:
        """Per person (placeholders too): how many interactions, over which dates."""
        out: dict[int, PersonSummary] = {}
        for planned in self.chosen(add):
            at = planned.occurred_at
            for pid in planned.person_ids:
                was = out.get(pid)
                by_name = pid in planned.by_name
                if was is None:
                    out[pid] = PersonSummary(1, at, at, by_name)
                else:
                    out[pid] = PersonSummary(
                        was.count + 1, min(was.first, at), max(was.last, at), was.by_name or by_name
                    )
        return out

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())
