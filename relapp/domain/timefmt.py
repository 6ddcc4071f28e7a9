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

from datetime import date, datetime

MINUTE = 60
HOUR = 3600
DAY = 86_400

DAYS_BELOW_WEEKS = 14
WEEKS_BELOW_DAYS = 63  # nine weeks: "8 weeks ago" is followed by "2 months ago"
MONTHS_BELOW_DAYS = 365
DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365  # 730 days ago is "2 years ago", as people count


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def span(seconds: float) -> str:
    """A length of time in the ladder's units: "5 minutes", "3 hours", "4 days",
    "3 weeks", "4 months", "2 years" (for "overdue by 3 weeks", "every 2 months")."""
    seconds = abs(seconds)
    if seconds < HOUR:
        return _plural(int(seconds // MINUTE), "minute")
    if seconds < DAY:
        return _plural(int(seconds // HOUR), "hour")
    days = seconds / DAY
    if days < DAYS_BELOW_WEEKS:
        return _plural(int(days), "day")
    if days < WEEKS_BELOW_DAYS:
        return _plural(int(days // 7), "week")
    if days < MONTHS_BELOW_DAYS:
        return _plural(int(days // DAYS_PER_MONTH), "month")
    return _plural(max(1, int(days // DAYS_PER_YEAR)), "year")


def period(seconds: float) -> str:
    """How often something recurs, rounded to the nearest unit of the same ladder: a
    rhythm of 182 days is "6 months" (an age of 182 days is "5 months ago", counted down
    like every age)."""
    seconds = abs(seconds)
    if seconds < DAY:
        return _plural(max(1, round(seconds / HOUR)), "hour")
    days = seconds / DAY
    if days < DAYS_BELOW_WEEKS:
        return _plural(round(days), "day")
    if days < WEEKS_BELOW_DAYS:
        return _plural(round(days / 7), "week")
    if days < MONTHS_BELOW_DAYS:
        return _plural(round(days / DAYS_PER_MONTH), "month")
    return _plural(max(1, round(days / DAYS_PER_YEAR)), "year")


def ago(seconds: float) -> str:
    """How long ago, from the seconds elapsed (negative: still ahead): "3 weeks ago",
    "yesterday", "just now", "in 2 days", "tomorrow"."""
    future = seconds < 0
    elapsed = abs(seconds)
    if elapsed < MINUTE:
        return "just now"
    if DAY <= elapsed < 2 * DAY:
        return "tomorrow" if future else "yesterday"
    text = span(elapsed)
    return f"in {text}" if future else f"{text} ago"


def relative(moment: datetime | None, now: datetime) -> str:
    """How long ago (or ahead) ``moment`` is, in the words people use; "never" for None."""
    if moment is None:
        return "never"
    return ago((now - moment).total_seconds())


def relative_day(day: date, today: date) -> str:
    """How long ago a day is, for things known only to the day (an introduction, when
    you met): "today", "yesterday", "3 weeks ago", "in 2 days" (the same ladder)."""
    days = (today - day).days
    if days == 0:
        return "today"
    return ago(days * DAY)


def relative_seconds(moment: int | None, now: int) -> str:
    """:func:`relative` for Unix seconds (storage and numpy callers)."""
    if moment is None:
        return "never"
    return ago(now - moment)
