"""Birthdays and anniversaries that notify: which notices are due at a given moment.

Pure rules; the caller gives the local time (an aware datetime whose tzinfo knows the
zone's rules) and what was already notified. The day of an occasion in a year is
``day_in``, and the days an occasion falls on in a span are ``days_between``: the one
rule that the notices and the Today view (``attention.occasion_concern``, through
``next_day``) both read. 29 February falls on 28 February in other years, for birthdays
and anniversaries alike.

- **On the day**: a notice at the time of day from the settings (default 09:00).
- **Days before** (settings; 0 = off): one more notice that many days ahead, at the same
  time of day ("Carol's birthday is in 3 days").
- **Once**: each notice is keyed by person, kind, the occasion's year and how many days
  ahead it is (``NoticeKey``); a key in ``notified`` never notifies again (the caller
  stores it, so this holds across restarts).
- **Caught up**: a notice whose time passed while Relapp was not running still comes,
  once, up to ``CATCH_UP_DAYS`` after the day ("was yesterday", "was on Tuesday"); an
  advance notice whose day has already come is dropped (the day's own notice says it).
  Today's notices come whenever they are found (a birthday entered at noon).
- **Archived people** never notify.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from relapp.domain.dates import short_day_month_text, weekday_day_text, weekday_name
from relapp.domain.i18n import _, ngettext
from relapp.domain.model import Birthday

DEFAULT_TIME = time(9, 0)
CATCH_UP_DAYS = 7
MAX_DAYS_BEFORE = 60


class OccasionKind(enum.StrEnum):
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True)
class OccasionSettings:
    """When to notify: the time of day, and how many days before (0: not before)."""

    at: time = DEFAULT_TIME
    days_before: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.days_before <= MAX_DAYS_BEFORE:
            raise ValueError(f"days before must be 0 to {MAX_DAYS_BEFORE}")


@dataclass(frozen=True)
class Occasion:
    """A person's birthday or anniversary, as the rule needs it."""

    person_id: int
    name: str
    kind: OccasionKind
    when: Birthday
    archived: bool = False


@dataclass(frozen=True, order=True)
class NoticeKey:
    """What "already notified" remembers: one notice per person, kind, year and lead."""

    person_id: int
    kind: OccasionKind
    year: int  # the year of the occasion itself (not of the advance notice)
    days_before: int  # 0: on the day


@dataclass(frozen=True)
class OccasionNotice:
    """One notice that is due: whose occasion, which day it falls on, when the notice was
    due (UTC), and its words."""

    occasion: Occasion
    day: date
    due_at: datetime
    days_before: int
    title: str
    body: str

    @property
    def key(self) -> NoticeKey:
        occ = self.occasion
        return NoticeKey(occ.person_id, occ.kind, self.day.year, self.days_before)


def _at(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC)


def day_in(year: int, when: Birthday) -> date:
    """The occasion's day in ``year`` (29 February on 28 February in other years)."""
    if when.month == 2 and when.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, when.month, when.day)


def days_between(when: Birthday, first: date, last: date) -> list[date]:
    """The days the occasion falls on from ``first`` to ``last`` (both included),
    earliest first."""
    found = (day_in(year, when) for year in range(first.year, last.year + 1))
    return [day for day in found if first <= day <= last]


def next_day(when: Birthday, today: date) -> date:
    """The occasion's next day on or after ``today``."""
    return days_between(when, today, date(today.year + 1, 12, 31))[0]


def window(first: date, days: int) -> list[tuple[int, int]]:
    """(month, day) pairs of every occasion that falls within ``days`` days from
    ``first`` (both ends included), for narrowing the search in storage: a 29 February
    is on 28 February in a common year."""
    found: list[tuple[int, int]] = []
    for offset in range(days + 1):
        day = first + timedelta(days=offset)
        found.append((day.month, day.day))
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            found.append((2, 29))
    return found


def due_notices(
    occasions: Iterable[Occasion],
    now_local: datetime,
    settings: OccasionSettings,
    notified: Collection[NoticeKey] = (),
    closed_since: datetime | None = None,
) -> list[OccasionNotice]:
    """The notices due at ``now_local`` and not notified yet, earliest first.

    ``closed_since``: when Relapp last ran before this start (None: never, or not
    known). A notice of an earlier day is only caught up when it fell due after that,
    while Relapp was closed (one that fell due while it ran and was not shown, because
    the date was entered only later, or because notices did not exist yet, is not)."""
    zone = now_local.tzinfo
    if zone is None or now_local.utcoffset() is None:
        raise ValueError("now_local must be an aware datetime")
    now = now_local.astimezone(UTC)
    today = now_local.date()
    leads = (0, settings.days_before) if settings.days_before else (0,)
    found: list[OccasionNotice] = []
    times: dict[date, datetime] = {}  # the notice time of each day, worked out once
    first, last = today - timedelta(days=CATCH_UP_DAYS), today + timedelta(days=max(leads))
    for occ in occasions:
        if occ.archived:
            continue
        for day in days_between(occ.when, first, last):
            year = day.year
            for lead in leads:
                notice_day = day - timedelta(days=lead)
                due = times.get(notice_day)
                if due is None:
                    due = times[notice_day] = _at(notice_day, settings.at, zone)
                if due > now or NoticeKey(occ.person_id, occ.kind, year, lead) in notified:
                    continue
                if lead and today >= day:
                    continue  # the day has come: its own notice says it
                if (today - day).days > CATCH_UP_DAYS:
                    continue
                if notice_day < today and closed_since is not None and due <= closed_since:
                    continue  # its day passed while Relapp ran
                title, body = notice_text(occ, day, today)
                found.append(OccasionNotice(occ, day, due, lead, title, body))
    return sorted(found, key=lambda n: (n.due_at, n.occasion.name, n.occasion.kind))


def next_check(now_local: datetime, settings: OccasionSettings) -> datetime:
    """The next moment after ``now_local`` when a notice can fall due (UTC): the set
    time of day, today if it is still ahead, else tomorrow."""
    zone = now_local.tzinfo
    assert zone is not None
    today = now_local.date()
    for day in (today, today + timedelta(days=1), today + timedelta(days=2)):
        moment = _at(day, settings.at, zone)
        if moment > now_local.astimezone(UTC):
            return moment
    raise AssertionError("unreachable: a time of day comes within two days")


def _title(occ: Occasion, name: str, day: date, today: date) -> tuple[bool, str]:
    """(still ahead, the title): "Carol's birthday is today", "… is in 3 days (Thu 5 Mar)",
    "… was yesterday", "… was on Tuesday (3 Mar)"; whole sentences, so a translation can
    say them its own way."""
    ahead = (day - today).days
    birthday = occ.kind is OccasionKind.BIRTHDAY
    if ahead == 0:
        text = _("{name}'s birthday is today") if birthday else _("{name}'s anniversary is today")
    elif ahead == 1:
        text = (
            _("{name}'s birthday is tomorrow")
            if birthday
            else _("{name}'s anniversary is tomorrow")
        )
    elif ahead > 1:
        text = (
            ngettext(
                "{name}'s birthday is in {n} day ({day})",
                "{name}'s birthday is in {n} days ({day})",
                ahead,
            )
            if birthday
            else ngettext(
                "{name}'s anniversary is in {n} day ({day})",
                "{name}'s anniversary is in {n} days ({day})",
                ahead,
            )
        )
    elif ahead == -1:
        text = (
            _("{name}'s birthday was yesterday")
            if birthday
            else _("{name}'s anniversary was yesterday")
        )
    else:
        text = (
            _("{name}'s birthday was on {weekday} ({day})")
            if birthday
            else _("{name}'s anniversary was on {weekday} ({day})")
        )
    shown = weekday_day_text(day) if ahead > 1 else short_day_month_text(day)
    return ahead >= 0, text.format(name=name, n=ahead, day=shown, weekday=weekday_name(day))


def notice_text(occ: Occasion, day: date, today: date) -> tuple[str, str]:
    """(title, body): ("Carol's birthday is today", "Turns 40. Say happy birthday?"),
    ("Ann and Bob's anniversary was yesterday", "10 years")."""
    ahead, title = _title(occ, occ.name.strip() or _("Someone"), day, today)
    years = day.year - occ.when.year if occ.when.year is not None else None
    if occ.kind is OccasionKind.BIRTHDAY:
        turns = _("Turns {years}. ").format(years=years) if years and years > 0 else ""
        body = turns + (_("Say happy birthday?") if ahead else _("Not too late to say it."))
    else:
        body = (
            ngettext("{n} year. ", "{n} years. ", years).format(n=years)
            if years and years > 0
            else ""
        )
        body += _("Send your wishes?") if ahead else _("Not too late for your wishes.")
    return title, body


def summary_text(notices: list[OccasionNotice]) -> tuple[str, str]:
    """One notification for several notices: a heading and a line each (three at most)."""
    count = len(notices)
    lines = [n.title for n in notices[:3]]
    if count > 3:
        lines.append(_("and {n} more").format(n=count - 3))
    heading = ngettext("{n} birthday or anniversary", "{n} birthdays and anniversaries", count)
    return heading.format(n=count), "\n".join(lines)
