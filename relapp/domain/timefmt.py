"""Human words for times: "3 weeks ago", "yesterday", "in 2 days" — the one formatter.

Every view that says *when* (the people list, the brief, history, the health
explanation, Today, Due, the tray and the CLI) reads these functions, so the same
instant and the same "now" give the same phrase everywhere. The phrase depends only on
the time elapsed, never on a time zone or on how a caller counted days.

The ladder (elapsed time, each unit counted down, never rounded up):

==================  ===================================
under a minute      "just now"
under an hour       "N minutes ago"
under a day         "N hours ago"
under two days      "yesterday" / "tomorrow"
under two weeks     "N days ago"
under nine weeks    "N weeks ago"            (2 to 8)
under a year        "N months ago"           (2 to 11; a month is 30.44 days)
a year or more      "N years ago"            (a year is 365.25 days)
==================  ===================================
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from relapp.domain.dates import day_text as day_text
from relapp.domain.i18n import _, ngettext

MINUTE = 60
HOUR = 3600
DAY = 86_400

DAYS_BELOW_WEEKS = 14
WEEKS_BELOW_DAYS = 63  # nine weeks: "8 weeks ago" is followed by "2 months ago"
MONTHS_BELOW_DAYS = 365
DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365  # 730 days ago is "2 years ago", as people count


def _down(value: float, unit: float) -> int:
    return int(value // unit)


def _nearest(value: float, unit: float) -> int:
    return round(value / unit)


def _ladder(
    seconds: float, count: Callable[[float, float], int], *, minutes: bool
) -> tuple[str, int]:
    """``seconds`` in the ladder's unit for its size, counted by ``count``."""
    seconds = abs(seconds)
    if minutes and seconds < HOUR:
        return "minute", count(seconds, MINUTE)
    if seconds < DAY:
        return "hour", max(1, count(seconds, HOUR))
    days = seconds / DAY
    if days < DAYS_BELOW_WEEKS:
        return "day", count(days, 1)
    if days < WEEKS_BELOW_DAYS:
        return "week", count(days, 7)
    if days < MONTHS_BELOW_DAYS:
        return "month", count(days, DAYS_PER_MONTH)
    return "year", max(1, count(days, DAYS_PER_YEAR))


# Whole phrases per unit, so a language can inflect the noun ("vor 3 Tagen", "3 Tage").
def _amount(unit: str, n: int) -> str:
    texts = {
        "minute": lambda: ngettext("{n} minute", "{n} minutes", n),
        "hour": lambda: ngettext("{n} hour", "{n} hours", n),
        "day": lambda: ngettext("{n} day", "{n} days", n),
        "week": lambda: ngettext("{n} week", "{n} weeks", n),
        "month": lambda: ngettext("{n} month", "{n} months", n),
        "year": lambda: ngettext("{n} year", "{n} years", n),
    }
    return texts[unit]().format(n=n)


def _past(unit: str, n: int) -> str:
    texts = {
        "minute": lambda: ngettext("{n} minute ago", "{n} minutes ago", n),
        "hour": lambda: ngettext("{n} hour ago", "{n} hours ago", n),
        "day": lambda: ngettext("{n} day ago", "{n} days ago", n),
        "week": lambda: ngettext("{n} week ago", "{n} weeks ago", n),
        "month": lambda: ngettext("{n} month ago", "{n} months ago", n),
        "year": lambda: ngettext("{n} year ago", "{n} years ago", n),
    }
    return texts[unit]().format(n=n)


def _ahead(unit: str, n: int) -> str:
    texts = {
        "minute": lambda: ngettext("in {n} minute", "in {n} minutes", n),
        "hour": lambda: ngettext("in {n} hour", "in {n} hours", n),
        "day": lambda: ngettext("in {n} day", "in {n} days", n),
        "week": lambda: ngettext("in {n} week", "in {n} weeks", n),
        "month": lambda: ngettext("in {n} month", "in {n} months", n),
        "year": lambda: ngettext("in {n} year", "in {n} years", n),
    }
    return texts[unit]().format(n=n)


def span(seconds: float) -> str:
    """A length of time in the ladder's units, counted down: "5 minutes", "3 hours",
    "4 days", "3 weeks", "4 months", "2 years" (for "overdue by 3 weeks")."""
    return _amount(*_ladder(seconds, _down, minutes=True))


def period(seconds: float) -> str:
    """How often something recurs, rounded to the nearest unit of the same ladder: a
    rhythm of 182 days is "6 months" (an age of 182 days is "5 months ago", counted down
    like every age)."""
    return _amount(*_ladder(seconds, _nearest, minutes=False))


def ago(seconds: float) -> str:
    """How long ago, from the seconds elapsed (negative: still ahead): "3 weeks ago",
    "yesterday", "just now", "in 2 days", "tomorrow"."""
    future = seconds < 0
    elapsed = abs(seconds)
    if elapsed < MINUTE:
        return _("just now")
    if DAY <= elapsed < 2 * DAY:
        return _("tomorrow") if future else _("yesterday")
    unit, n = _ladder(elapsed, _down, minutes=True)
    return _ahead(unit, n) if future else _past(unit, n)


def relative(moment: datetime | None, now: datetime) -> str:
    """How long ago (or ahead) ``moment`` is, in the words people use; "never" for None."""
    if moment is None:
        return _("never")
    return ago((now - moment).total_seconds())


def relative_day(day: date, today: date) -> str:
    """How long ago a day is, for things known only to the day (an introduction, when
    you met): "today", "yesterday", "3 weeks ago", "in 2 days" (the same ladder)."""
    days = (today - day).days
    if days == 0:
        return _("today")
    return ago(days * DAY)


def relative_seconds(moment: int | None, now: int) -> str:
    """:func:`relative` for Unix seconds (storage and numpy callers)."""
    if moment is None:
        return _("never")
    return ago(now - moment)


# --- when the phrase changes ---------------------------------------------------------------

_TICK = timedelta(microseconds=1)


def _floor_bucket(elapsed: float) -> float:
    """The start (in seconds elapsed) of the ladder step ``elapsed`` falls in."""
    days = elapsed / DAY
    if elapsed < MINUTE:
        return 0.0
    if elapsed < HOUR:
        return elapsed // MINUTE * MINUTE
    if elapsed < DAY:
        return elapsed // HOUR * HOUR
    if days < 2:
        return float(DAY)
    if days < DAYS_BELOW_WEEKS:
        return elapsed // DAY * DAY
    if days < WEEKS_BELOW_DAYS:
        return days // 7 * 7 * DAY
    if days < MONTHS_BELOW_DAYS:
        return max(WEEKS_BELOW_DAYS, days // DAYS_PER_MONTH * DAYS_PER_MONTH) * DAY
    return max(MONTHS_BELOW_DAYS, days // DAYS_PER_YEAR * DAYS_PER_YEAR) * DAY


def _next_bucket(elapsed: float) -> float:
    """The end (in seconds elapsed) of the ladder step ``elapsed`` falls in."""
    days = elapsed / DAY
    if elapsed < MINUTE:
        return float(MINUTE)
    if elapsed < HOUR:
        return (elapsed // MINUTE + 1) * MINUTE
    if elapsed < DAY:
        return (elapsed // HOUR + 1) * HOUR
    if days < 2:
        return 2.0 * DAY
    if days < DAYS_BELOW_WEEKS:
        return (elapsed // DAY + 1) * DAY
    if days < WEEKS_BELOW_DAYS:
        return min(WEEKS_BELOW_DAYS, (days // 7 + 1) * 7) * DAY
    if days < MONTHS_BELOW_DAYS:
        return min(MONTHS_BELOW_DAYS, (days // DAYS_PER_MONTH + 1) * DAYS_PER_MONTH) * DAY
    return (max(1, days // DAYS_PER_YEAR) + 1) * DAYS_PER_YEAR * DAY


def next_phrase_change(moment: datetime, now: datetime) -> datetime:
    """The first instant after ``now`` at which ``relative(moment, …)`` reads differently
    ("in 5 hours" turning "in 4 hours", "just now" turning "1 minute ago"): when a view
    showing the phrase should read it again, once, instead of polling."""
    elapsed = (now - moment).total_seconds()
    if elapsed >= 0 or -elapsed < MINUTE:  # in the past, or "just now" either side
        after = _next_bucket(max(elapsed, 0.0))
        change = moment + timedelta(seconds=after)
    else:  # ahead: the phrase changes as soon as less than its step's start is left
        change = moment - timedelta(seconds=_floor_bucket(-elapsed)) + _TICK
    while change <= now:  # float seconds rounded onto a boundary: step on
        change += _TICK
    return _exact(change, moment, now)


def _exact(change: datetime, moment: datetime, now: datetime) -> datetime:
    """``change`` moved to the first microsecond that reads differently (fractional
    months and years do not fall on whole microseconds)."""
    was = relative(moment, now)
    low, high = now, change
    if relative(moment, high) == was:  # rounding left it a little early: look further
        step = _TICK
        while relative(moment, high) == was:
            low, high, step = high, high + step, step * 2
    while high - low > _TICK:
        middle = low + (high - low) / 2
        if relative(moment, middle) == was:
            low = middle
        else:
            high = middle
    return high
