"""The demo database: about thirty people and three years of history, built from the four
stories in the design notes, always relative to now so the demo looks alive.

Everything goes through the ordinary services (``add_person``, ``log_interaction``), so
the demo shows exactly what a user's own data would. One story, one function: a later
feature (introductions, promises) adds its part as another step in ``STEPS``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
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
from relapp.demo.health import a_birthday_this_week
from relapp.demo.introductions import who_introduced_whom
from relapp.demo.phone_import import an_import_from_the_phone
from relapp.demo.promises import promises_kept_and_owed
from relapp.demo.stories import brokers
from relapp.demo.stories.circle import CIRCLE
from relapp.demo.stories.friends import FRIENDS
from relapp.demo.stories.introduction import INTRODUCTION
from relapp.demo.stories.prospect import PROSPECT
from relapp.demo.stories.shop import SHOP
from relapp.domain.errors import InvalidInput
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


# -- the stories, one step each --------------------------------------------------------


def forgotten_introduction(b: DemoBuilder) -> None:
    """Story 1: Carol, who introduced you to Dan, and her circle."""
    b.tell(INTRODUCTION)


def three_brokers(b: DemoBuilder) -> None:
    """Story 2: Jeff calls back on time; Sandra blasts; Marcus vanishes, then floods."""
    start = b.days_ago(brokers.STARTED_DAYS_AGO)
    start -= timedelta(days=start.weekday())  # the Monday you started looking
    b.tell(brokers.BROKERS, anchor=start)
    blasts = 0
    for day in range(brokers.SANDRA_DAYS):
        for clock in sorted(b.rng.sample(("08:05", "10:40", "13:15", "16:50", "18:55"), 2)):
            b.log(*_sandra(b, start + timedelta(days=day), clock, blasts))
            blasts += 1
        if b.rng.random() < 0.5:
            b.log(*_sandra(b, start + timedelta(days=day), "19:30", blasts))
            blasts += 1
    for day in brokers.SANDRA_LATER_DAYS:
        b.log(*_sandra(b, start + timedelta(days=day), "09:00", blasts, email_only=True))
        blasts += 1


def _sandra(
    b: DemoBuilder, day: date, clock: str, n: int, *, email_only: bool = False
) -> tuple[datetime, Channel, Direction, tuple[str, ...], str]:
    lines: tuple[str, ...]
    if email_only or n % 3 != 2:
        lines, channel = brokers.SANDRA_EMAILS, Channel.EMAIL
    else:
        lines, channel = brokers.SANDRA_CALLS, Channel.CALL
    return b.at(day, clock), channel, Direction.INBOUND, ("sandra",), lines[n % len(lines)]


def prospect_who_asked_for_email(b: DemoBuilder) -> None:
    """Story 3: Priya, who cannot take calls."""
    b.tell(PROSPECT)


def shop_owner_and_friends(b: DemoBuilder) -> None:
    """Story 4: Mr. Okafor and his nephew; family and friends with cadences and tastes;
    the wider circle, fading contacts and old ones."""
    b.tell(SHOP)
    b.tell(FRIENDS)
    b.tell(CIRCLE)


STEPS: tuple[Callable[[DemoBuilder], None], ...] = (
    forgotten_introduction,
    three_brokers,
    prospect_who_asked_for_email,
    shop_owner_and_friends,
    promises_kept_and_owed,
    who_introduced_whom,
    a_birthday_this_week,
    an_import_from_the_phone,
)


def build_demo(db: Database, now: datetime | None = None) -> DemoSummary:
    """Fill an empty database with the demo people and their histories up to ``now``.

    Deterministic for a given ``now`` and local time zone; ``now`` defaults to the current
    time (a naive ``now`` is taken as UTC).
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    already = people.count_people(db) + people.count_people(db, archived=True)
    if already:
        raise InvalidInput(
            "Demo", f"the demo only fills an empty database; this one has {already} people."
        )
    builder = DemoBuilder(db, now.astimezone(UTC))
    with db.atomic():  # all of it or nothing, and one commit instead of hundreds
        for step in STEPS:
            step(builder)
    return DemoSummary(people=len(builder.ids), interactions=builder.interactions)
