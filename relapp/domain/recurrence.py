"""Recurring promises ("call Mum every Sunday at 18:00"): a repeat rule kept as an RFC 5545
``RRULE`` value, its next occurrence, and the rule in words.

Pure rules over ``dateutil.rrule``. Occurrences are worked out in *local wall time* and
only then placed in the zone, so "every Sunday at 18:00" stays 18:00 across a
daylight-saving change (the zone must know its rules: a ``zoneinfo.ZoneInfo``). The rules
Relapp writes carry the time of day (``BYHOUR``/``BYMINUTE``), so a wall time that a
spring-forward night skips (02:30) is only moved that once, never for good.

Choices written down here:

- **The 29th, 30th or 31st of every month** falls on the month's last day in shorter
  months ("on the 31st" is the 30th in April and the 28th or 29th in February), never
  skips a month: the rule is ``BYMONTHDAY=28,29,30,31;BYSETPOS=-1`` (the latest of those
  days the month has). A plain ``BYMONTHDAY=31`` (RFC 5545: months without a 31st are
  skipped) is still read and followed as written.
- **Yearly on 29 February** is kept on 28 February in other years, the same way.
- **The next occurrence** after one is done (or cancelled alone) is the first instance
  after both its due time and now: done early, the next one is the one after it; done
  late, missed instances are not brought back one by one, the next one ahead is.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from relapp.domain.dates import clock_text, day_month_text, day_ordinal, weekday_name
from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _, ngettext

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NTH_WEEKDAY = {
    1: N_("the first {weekday}"),
    2: N_("the second {weekday}"),
    3: N_("the third {weekday}"),
    4: N_("the fourth {weekday}"),
    5: N_("the fifth {weekday}"),
    -1: N_("the last {weekday}"),
}
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
MAX_RULE_CHARS = 500


class Repeat(enum.StrEnum):
    """The choices of the Repeat chooser; a rule is made from one and the due time."""

    NEVER = "never"
    DAILY = "daily"
    WEEKLY = "weekly"  # on the due date's weekday
    MONTHLY = "monthly"  # on the due date's day of the month
    YEARLY = "yearly"  # on the due date's day and month


class Unit(enum.StrEnum):
    """The units of a custom rule: every N days, weeks, months or years."""

    DAYS = "DAILY"
    WEEKS = "WEEKLY"
    MONTHS = "MONTHLY"
    YEARS = "YEARLY"


def _rrulestr() -> Callable[..., Any]:
    """dateutil's parser of rules, imported on first use (not at start-up)."""
    from dateutil.rrule import rrulestr

    return rrulestr


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        if "=" not in piece:
            raise ValueError(f"{piece!r} is not NAME=value")
        name, value = piece.split("=", 1)
        parts[name.strip().upper()] = value.strip().upper()
    return parts


def check_rule(rule: str) -> str:
    """The rule, tidied, when ``dateutil`` can follow it; else ``InvalidInput`` saying why."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or len(text) > MAX_RULE_CHARS:
        raise InvalidInput(N_("Repeat"), _("the repeat rule is empty or too long."))
    try:
        parts = _parts(text)
        if parts.get("FREQ") not in _UNITS:
            raise ValueError("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
        _rrulestr()(text, dtstart=datetime(2000, 1, 1), ignoretz=True)  # UNTIL=…Z too
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput(
            N_("Repeat"),
            _("cannot read the repeat rule {rule}: {error}").format(rule=repr(text), error=exc),
        ) from exc
    return text


def _clock(at: time) -> str:
    return f"BYHOUR={at.hour};BYMINUTE={at.minute}"


def _month_day(day: int) -> str:
    if day <= 28:
        return f"BYMONTHDAY={day}"
    return "BYMONTHDAY=" + ",".join(str(d) for d in range(28, day + 1)) + ";BYSETPOS=-1"


def rule_for(repeat: Repeat, due_local: datetime) -> str | None:
    """The rule a Repeat choice means for a promise due at ``due_local`` (None: never)."""
    return custom_rule(_REPEAT_UNITS[repeat], 1, due_local) if repeat in _REPEAT_UNITS else None


def custom_rule(unit: Unit, interval: int, due_local: datetime) -> str:
    """Every ``interval`` days, weeks, months or years, anchored on ``due_local`` (its
    weekday, day of the month, date, and time of day)."""
    if not 1 <= interval <= 999:
        raise InvalidInput(N_("Repeat"), _("repeat every 1 to 999 days, weeks, months or years."))
    head = f"FREQ={unit.value}" + (f";INTERVAL={interval}" if interval > 1 else "")
    day = due_local.date()
    if unit is Unit.WEEKS:
        head += f";BYDAY={_DAYS[day.weekday()]}"
    elif unit is Unit.MONTHS:
        head += ";" + _month_day(day.day)
    elif unit is Unit.YEARS:
        head += f";BYMONTH={day.month};" + _month_day(day.day)
    return f"{head};{_clock(due_local.time())}"


_REPEAT_UNITS = {
    Repeat.DAILY: Unit.DAYS,
    Repeat.WEEKLY: Unit.WEEKS,
    Repeat.MONTHLY: Unit.MONTHS,
    Repeat.YEARLY: Unit.YEARS,
}


def repeat_of(rule: str | None, due_local: datetime) -> Repeat | None:
    """Which simple choice ``rule`` is for this due time (NEVER for no rule); None when
    it is a custom one."""
    if not rule:
        return Repeat.NEVER
    for repeat in _REPEAT_UNITS:
        if rule_for(repeat, due_local) == rule:
            return repeat
    return None


def interval_of(rule: str) -> tuple[Unit, int]:
    """A rule's unit and interval (for the custom chooser)."""
    parts = _parts(rule)
    return Unit(parts["FREQ"]), int(parts.get("INTERVAL", "1"))


# --- the next occurrence --------------------------------------------------------------------


def _in_zone(naive: datetime, zone: tzinfo) -> datetime:
    """A local wall time placed in ``zone``, in UTC; a time skipped by a DST change moves
    forward by the gap (02:30 becomes 03:30)."""
    return naive.replace(tzinfo=zone).astimezone(UTC)


def next_occurrence(rule: str, due_at: datetime, now: datetime, zone: tzinfo) -> datetime | None:
    """When the occurrence after the one due at ``due_at`` is due (UTC): the first
    instance of ``rule`` after both ``due_at`` and ``now``, in local wall time in ``zone``.
    None when the rule has ended (``COUNT``/``UNTIL``)."""
    start = due_at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    after = max(due_at, now).astimezone(zone).replace(tzinfo=None)
    text = check_rule(rule)
    rrulestr = _rrulestr()
    found = rrulestr(text, dtstart=start, ignoretz=True).after(after, inc=False)
    if found is None:
        return None
    moment = _in_zone(found, zone)
    if moment <= max(due_at, now):  # the wall time came back in an autumn hour: skip it
        found = rrulestr(text, dtstart=start, ignoretz=True).after(found, inc=False)
        return _in_zone(found, zone) if found is not None else None
    return moment


def move_on(
    rule: str, due_at: datetime, now: datetime, zone: tzinfo
) -> tuple[datetime, str] | None:
    """The occurrence after the one due at ``due_at`` (:func:`next_occurrence`) and the
    rule the series goes on with from it; None when the rule has ended.

    A series moves on by starting at its next occurrence (as tasks.org does with the task
    it reschedules), so a rule with ``COUNT`` says how many occurrences are *left*: it is
    lowered by the instances passed (the one done, and any missed on the way), or every
    occurrence done would start ``COUNT`` afresh. tasks.org lowers it the same way, and
    any app that reads the series' ``DTSTART``/``DUE`` and ``RRULE`` sees the same
    remaining occurrences. ``UNTIL`` is a date and needs nothing."""
    due = next_occurrence(rule, due_at, now, zone)
    if due is None:
        return None
    count = _parts(rule).get("COUNT")
    if count is None:
        return due, rule
    start = due_at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    found = due.astimezone(zone).replace(tzinfo=None)
    instances = _rrulestr()(check_rule(rule), dtstart=start, ignoretz=True)
    passed = sum(1 for at in instances.between(start, found, inc=True) if at < found)
    left = int(count) - passed
    if left < 1:
        return None
    return due, _COUNT.sub(f"COUNT={left}", rule, count=1)


_COUNT = re.compile(r"(?i)COUNT=\d+")


# --- in words -------------------------------------------------------------------------------


def ordinal(n: int) -> str:
    """1 -> "1st", 22 -> "22nd", 13 -> "13th" ("1.", "22.", "13." in German)."""
    return day_ordinal(n)


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _weekday_name(index: int) -> str:
    return weekday_name(date(2024, 1, 1 + index))  # 1 January 2024 was a Monday


def _weekdays(value: str) -> str:
    names = []
    for code in value.split(","):
        prefix, day = code[:-2], code[-2:]
        name = _weekday_name(_DAYS.index(day))
        if not prefix:
            names.append(name)
        elif int(prefix) in _NTH_WEEKDAY:
            names.append(_(_NTH_WEEKDAY[int(prefix)]).format(weekday=name))
        else:
            names.append(_("the {n} {weekday}").format(n=prefix, weekday=name))
    return _and(names)


def _month_days(parts: dict[str, str]) -> tuple[str, str]:
    """(which days, a note): ("the 31st", " (the last day in shorter months)")."""
    days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
    if parts.get("BYSETPOS") == "-1" and days == list(range(28, days[-1] + 1)) and len(days) > 1:
        day = _("the {day}").format(day=ordinal(days[-1]))
        return day, _(" (the last day in shorter months)")
    return _and(
        [_("the last day") if d == -1 else _("the {day}").format(day=ordinal(d)) for d in days]
    ), ""


def describe(rule: str | None, due_local: datetime) -> str:
    """The rule in words, with the time of day: "every Sunday at 18:00", "on the 1st of
    every month at 09:00", "every 2 weeks on Sunday at 18:00", "every year on 3 March at
    09:00". ``due_local`` (the occurrence's local due time) fills what the rule leaves
    to it. "" for no rule."""
    if not rule:
        return ""
    try:
        parts = _parts(rule)
        words = _words(parts, due_local)
        if "COUNT" in parts:  # what is left (``move_on`` lowers it as the series moves on)
            n = int(parts["COUNT"])
            words += ngettext(", the last time", ", {n} times including this one", n).format(n=n)
        return words
    except (ValueError, KeyError, IndexError):
        return _("repeats (a custom rule)")


def _words(parts: dict[str, str], due_local: datetime) -> str:
    freq = parts["FREQ"]
    n = int(parts.get("INTERVAL", "1"))
    hour = int(parts.get("BYHOUR", due_local.hour))
    minute = int(parts.get("BYMINUTE", due_local.minute if "BYHOUR" not in parts else 0))
    at = clock_text(datetime(2000, 1, 1, hour, minute))
    day = due_local.date()
    if freq == "DAILY":
        return ngettext("every day at {clock}", "every {n} days at {clock}", n).format(
            n=n, clock=at
        )
    if freq == "WEEKLY":
        days = _weekdays(parts.get("BYDAY", _DAYS[day.weekday()]))
        if n == 1:
            return _("every {days} at {clock}").format(days=days, clock=at)
        return ngettext(
            "every {n} week on {days} at {clock}", "every {n} weeks on {days} at {clock}", n
        ).format(n=n, days=days, clock=at)
    if freq == "MONTHLY":
        on, note = _("the {day}").format(day=ordinal(day.day)), ""
        if "BYDAY" in parts:
            on = _weekdays(parts["BYDAY"])
        elif "BYMONTHDAY" in parts:
            on, note = _month_days(parts)
        return ngettext(
            "on {on} of every month at {clock}{note}",
            "on {on} of every {n} months at {clock}{note}",
            n,
        ).format(on=on, n=n, clock=at, note=note)
    month = int(parts.get("BYMONTH", day.month))
    month_day = int(parts.get("BYMONTHDAY", str(day.day)).split(",")[-1])
    named = day_month_text(date(2000, month, month_day))
    return ngettext(
        "every year on {day} at {clock}", "every {n} years on {day} at {clock}", n
    ).format(n=n, day=named, clock=at)
