"""How promises read in lists and menus: due times in local words, menu-safe text."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from relapp.domain.promises import (
    Promise,
    Promiser,
    PromiseState,
    next_state_change,
    promise_state,
)
from relapp.domain.recurrence import describe
from relapp.domain.text import count_of

_MENU_TEXT_LIMIT = 60


def when_text(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """A due time as people say it: "today at 15:00", "tomorrow at 09:00",
    "Thursday at 15:00" (within a week), "Thu 12 Mar at 15:00", "12 Mar 2027 at 15:00"."""
    at = moment.astimezone(zone)
    today = now.astimezone(zone).date()
    clock = at.strftime("%H:%M")
    days = (at.date() - today).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if days == -1:
        return f"yesterday at {clock}"
    if 1 < days < 7:
        return f"{at.strftime('%A')} at {clock}"
    if at.year == today.year:
        return f"{at.strftime('%a')} {at.day} {at.strftime('%b')} at {clock}"
    return f"{at.day} {at.strftime('%b %Y')} at {clock}"


def due_phrase(p: Promise, now: datetime, zone: tzinfo) -> str:
    """The promise's state in words (``promise_state``): "due today at 15:00", "snoozed
    until tomorrow at 09:00", "overdue, was due today at 15:00", "broken, was due
    yesterday at 15:00"."""
    state = promise_state(p, now)
    if state is PromiseState.SNOOZED and p.snoozed_until is not None:
        return f"snoozed until {when_text(p.snoozed_until, now, zone)}"
    if state.is_late:
        return f"{state.label}, was due {when_text(p.due_at, now, zone)}"
    if state.is_open:
        return f"due {when_text(p.due_at, now, zone)}"
    return f"{state.label}, was due {when_text(p.due_at, now, zone)}"


def next_change(p: Promise, now: datetime) -> datetime | None:
    """When ``due_phrase`` next reads differently for an open promise."""
    return next_state_change(now, p.due_at, p.snoozed_until) if p.is_open else None


def repeat_text(p: Promise, zone: tzinfo) -> str:
    """A recurring promise's rule in words, in its occurrence's local time: "repeats every
    Sunday at 18:00", "repeats on the 1st of every month at 09:00"; "" when it does not
    repeat. The promise dialog, the Due view and the person's section all show this."""
    words = describe(p.recurrence, p.due_at.astimezone(zone))
    return f"repeats {words}" if words else ""


def who_text(p: Promise) -> str:
    return "You promised" if p.promiser is Promiser.ME else "They promised"


def menu_text(text: str, limit: int = _MENU_TEXT_LIMIT) -> str:
    """User text fit for a menu entry: one line, not too long, and a literal "&" (Qt
    reads a single one as a keyboard mnemonic)."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line.replace("&", "&&")


def duration_text(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return count_of(minutes, "minute")
    return count_of(minutes // 60, "hour")
