"""The demo's promises (story 2 and the others): what you owe, what you are owed, one
kept on time long ago, and one falling due a few minutes after the demo starts so the
tray has something to say."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from relapp.demo.stories import brokers
from relapp.domain.model import Channel
from relapp.domain.promises import DueChoice, PromiseDraft, Promiser, quick_due
from relapp.domain.recurrence import Repeat, rule_for
from relapp.services import promises

if TYPE_CHECKING:
    from relapp.demo.builder import DemoBuilder

# The demo's first reminder: soon enough to watch it arrive, late enough to see it coming.
FIRST_REMINDER_IN = timedelta(minutes=3)


def promises_kept_and_owed(b: DemoBuilder) -> None:
    zone = promises.local_zone()
    now_local = b.now.astimezone(zone)

    def local(day_offset: int, at: time) -> datetime:
        day = now_local.date() + timedelta(days=day_offset)
        return datetime.combine(day, at).replace(tzinfo=zone)

    def promise(key: str, who: Promiser, what: str, channel: Channel, due: datetime) -> int:
        draft = PromiseDraft(b.ids[key], who, what, channel, due)
        return promises.create_promise(b.db, draft, now=b.now).id

    # Story 2, eleven months ago: Jeff said "Thursday at 3", and called on the dot.
    monday = b.days_ago(brokers.STARTED_DAYS_AGO)
    monday -= timedelta(days=monday.weekday())
    thursday_at_3 = datetime.combine(monday + timedelta(days=3), time(15, 0)).replace(tzinfo=zone)
    kept = promises.create_promise(
        b.db,
        PromiseDraft(
            b.ids["jeff"], Promiser.THEM, "call back with options", Channel.CALL, thursday_at_3
        ),
        now=datetime.combine(monday, time(10, 30)).replace(tzinfo=zone),
    )
    promises.complete_promise(b.db, kept.id, now=thursday_at_3)

    # And now the refinance: "I'll call you Thursday at 3."
    promise(
        "jeff",
        Promiser.THEM,
        "call you about the refinance",
        Channel.CALL,
        quick_due(DueChoice.WEEKDAY_AT_HOUR, now_local, weekday=3, hour=15),
    )
    # Story 3: you owe Priya the pilot results, by email, and you are two days late.
    promise(
        "priya",
        Promiser.ME,
        "send the pilot results summary",
        Channel.EMAIL,
        local(-2, time(17, 0)),
    )
    # Story 1: Dan owes you an introduction to the Tulsa firm.
    promise(
        "dan",
        Promiser.THEM,
        "send the Tulsa firm's contact details",
        Channel.EMAIL,
        local(3, time(10, 0)),
    )
    # Sunday calls with Mum: a promise that repeats, every Sunday at 18:00.
    sunday = quick_due(DueChoice.WEEKDAY_AT_HOUR, now_local, weekday=6, hour=18)
    every_sunday = rule_for(Repeat.WEEKLY, sunday)
    draft = PromiseDraft(
        b.ids["mum"], Promiser.ME, "call Mum", Channel.CALL, sunday, recurrence=every_sunday
    )
    promises.create_promise(b.db, draft, now=b.now)
    # Story 1 again: thank Carol properly, at last. Falls due minutes after the demo starts.
    promise(
        "carol",
        Promiser.ME,
        "thank her properly for introducing Dan",
        Channel.EMAIL,
        b.now + FIRST_REMINDER_IN,
    )
