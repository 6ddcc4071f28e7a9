"""The demo's builder: adds people and logs interactions, remembering each person's id by
its demo key. The stories (``build.py`` and its neighbours) drive it step by step."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from relapp.demo.content import (
    MEETING_TIMES,
    OPENERS,
    DemoPerson,
    Moment,
    Rhythm,
    Story,
)
from relapp.domain.model import (
    Channel,
    Direction,
    InteractionDraft,
    InteractionKind,
)
from relapp.services import interactions, people
from relapp.storage import Database

SEED = 42
# Channels where both sides are present at once: always a conversation both ways.
_TOGETHER = frozenset({Channel.MEETING, Channel.VIDEO})


@dataclass(frozen=True)
class DemoSummary:
    people: int
    interactions: int

    def __str__(self) -> str:
        return f"{self.people} people, {self.interactions} interactions"


class DemoBuilder:
    """Adds people and logs interactions, remembering each person's id by demo key."""

    def __init__(self, db: Database, now: datetime) -> None:
        self.db = db
        self.now = now
        self.today = now.astimezone().date()  # the user's local date
        self.rng = random.Random(SEED)
        self.ids: dict[str, int] = {}
        self.known: dict[str, DemoPerson] = {}
        self.interactions = 0

    # -- time -------------------------------------------------------------------------

    def at(self, day: date, clock: str) -> datetime:
        """A local wall-clock time on ``day``, in UTC, and never later than now."""
        hour, minute = (int(part) for part in clock.split(":"))
        local = datetime.combine(day, time(hour, minute)).astimezone()
        return min(local.astimezone(UTC), self.now - timedelta(minutes=5))

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    # -- writing ----------------------------------------------------------------------

    def add_people(self, story: Story, anchor: date) -> None:
        for key, person in story.people.items():
            draft = person.draft
            if person.met_day is not None:
                draft = replace(draft, met_on=anchor + timedelta(days=person.met_day))
            self.ids[key] = people.add_person(self.db, draft).id
            self.known[key] = person

    def log(
        self,
        when: datetime,
        channel: Channel,
        direction: Direction,
        keys: Iterable[str],
        summary: str,
        kind: InteractionKind = InteractionKind.ORDINARY,
        notes: str = "",
    ) -> None:
        person_ids = tuple(self.ids[key] for key in keys)
        draft = InteractionDraft(when, channel, direction, person_ids, summary, notes, kind)
        interactions.log_interaction(self.db, draft)
        self.interactions += 1

    def play(self, moments: Iterable[Moment], anchor: date) -> None:
        for m in moments:
            when = self.at(anchor + timedelta(days=m.day), m.at)
            self.log(when, m.channel, m.direction, m.people, m.summary, m.kind, m.notes)

    def tell(self, story: Story, anchor: date | None = None) -> None:
        """A whole story: its people, its scripted moments, then everyday life."""
        anchor = anchor or self.today
        self.add_people(story, anchor)
        self.play(story.moments, anchor)
        for key in story.people:
            self.everyday(key)

    # -- everyday life ----------------------------------------------------------------

    def everyday(self, key: str) -> None:
        """The ordinary history of one person, generated from their rhythm."""
        person = self.known[key]
        rhythm = person.rhythm
        if rhythm is None or rhythm.count <= 0:
            return
        days = [rhythm.newest_days_ago] + [
            self.rng.randint(rhythm.newest_days_ago, rhythm.oldest_days_ago)
            for _ in range(rhythm.count - 1)
        ]
        topics = self.rng.sample(rhythm.topics, len(rhythm.topics))
        for i, days_ago in enumerate(sorted(days)):
            channel = self.rng.choice(rhythm.channels)
            direction = self._direction(channel, rhythm)
            opener = self.rng.choice(OPENERS[(channel, direction)])
            summary = f"{opener.format(name=person.call_name)} — {topics[i % len(topics)]}"
            when = self.at(self.days_ago(days_ago), self._clock(channel))
            self.log(when, channel, direction, (key,), summary)

    def _direction(self, channel: Channel, rhythm: Rhythm) -> Direction:
        if channel in _TOGETHER:
            return Direction.BOTH
        if channel is Channel.CALL and self.rng.random() < 0.4:
            return Direction.BOTH
        return Direction.OUTBOUND if self.rng.random() < rhythm.initiative else Direction.INBOUND

    def _clock(self, channel: Channel) -> str:
        if channel is Channel.MEETING:
            return self.rng.choice(MEETING_TIMES)
        return f"{self.rng.randint(8, 21):02d}:{self.rng.randrange(0, 60, 5):02d}"
