"""How promises read in lists and menus: due times in local words, menu-safe text."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from relapp.domain.dates import clock_text, day_text, weekday_day_text, weekday_name
from relapp.domain.i18n import _, ngettext
from relapp.domain.promise_model import other_zone, zone_of
from relapp.domain.promises import (
    Promise,
    Promiser,
    PromiseState,
    next_state_change,
    promise_state,
)
from relapp.domain.recurrence import describe

_MENU_TEXT_LIMIT = 60


def when_text(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """A due time as people say it: "today at 15:00", "tomorrow at 09:00",
    "Thursday at 15:00" (within a week), "Thu 12 Mar at 15:00", "12 Mar 2027 at 15:00"."""
    at = moment.astimezone(zone)
    today = now.astimezone(zone).date()
    clock = clock_text(at)
    days = (at.date() - today).days
    if days == 0:
        return _("today at {clock}").format(clock=clock)
    if days == 1:
        return _("tomorrow at {clock}").format(clock=clock)
    if days == -1:
        return _("yesterday at {clock}").format(clock=clock)
    if 1 < days < 7:
        day = weekday_name(at.date())
    elif at.year == today.year:
        day = weekday_day_text(at.date())
    else:
        day = day_text(at.date())
    return _("{day} at {clock}").format(day=day, clock=clock)


def due_phrase(p: Promise, now: datetime, zone: tzinfo) -> str:
    """:func:`state_phrase`, and for a promise of another zone than the user's (``zone``)
    its due time there: "due today at 15:00 (09:00 in New York)"."""
    phrase = state_phrase(p, now, zone)
    other = other_zone(p, zone)
    if other is None:
        return phrase
    there = clock_text(p.due_at.astimezone(zone_of(p, zone)))
    return phrase + _(" ({clock} in {place})").format(clock=there, place=place_name(other))


def place_name(zone: str) -> str:
    """A zone's name as people say it: "America/New_York" -> "New York"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def state_phrase(p: Promise, now: datetime, zone: tzinfo) -> str:
    """The promise's state in words (``promise_state``): "due today at 15:00", "snoozed
    until tomorrow at 09:00", "overdue, was due today at 15:00", "broken, was due
    yesterday at 15:00"."""
    state = promise_state(p, now)
    if state is PromiseState.SNOOZED and p.snoozed_until is not None:
        return _("snoozed until {when}").format(when=when_text(p.snoozed_until, now, zone))
    if state.is_open and not state.is_late:
        return _("due {when}").format(when=when_text(p.due_at, now, zone))
    return _("{state}, was due {when}").format(
        state=state.label, when=when_text(p.due_at, now, zone)
    )


def next_change(p: Promise, now: datetime) -> datetime | None:
    """When ``due_phrase`` next reads differently for an open promise."""
    return next_state_change(now, p.due_at, p.snoozed_until) if p.is_open else None


def repeat_text(p: Promise, zone: tzinfo) -> str:
    """A recurring promise's rule in words, in its zone's time: "repeats every
    Sunday at 18:00", "repeats on the 1st of every month at 09:00"; "" when it does not
    repeat. The promise dialog, the Due view and the person's section all show this."""
    words = describe(p.recurrence, p.due_at.astimezone(zone_of(p, zone)))
    if words and (other := other_zone(p, zone)) is not None:  # the rule's times are there
        words += _(" (in {place})").format(place=place_name(other))
    return _("repeats {rule}").format(rule=words) if words else ""


def who_text(p: Promise) -> str:
    return _("You promised") if p.promiser is Promiser.ME else _("They promised")


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
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    hours = minutes // 60
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)
