"""The demo database: about thirty people and three years of history, built from the four
stories in the design notes, always relative to now so the demo looks alive.

Everything goes through the ordinary services (``add_person``, ``log_interaction``), so
the demo shows exactly what a user's own data would. One story, one function: a later
feature (introductions, promises) adds its part as another step in ``STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from relapp.demo.builder import DemoBuilder, DemoSummary
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
)
from relapp.services import people
from relapp.storage import Database

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
