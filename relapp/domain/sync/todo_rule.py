"""A recurring promise's rule on a task (issue 16, issue 17 item 4): Relapp's repeat rule
(``domain/recurrence.py``) as the task's ``RRULE`` and back, and its ``DUE`` in the
user's time zone so that every occurrence stays at its wall time across daylight saving.

Relapp's rules carry the time of day (``BYHOUR``/``BYMINUTE``); on a task the time of
day is the ``DUE``'s (and ``DTSTART``'s: RFC 5545 3.8.2.4 requires one beside an
``RRULE``), in the zone its ``TZID`` names. So Relapp writes ``FREQ=WEEKLY;BYDAY=SU`` with
``DUE;TZID=Europe/Berlin:…T180000`` (what tasks.org through DAVx⁵ and iOS Reminders write),
and reads such a rule back as Relapp's ``FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=0``: the
time, and the weekday or day of the month a rule leaves to its start, filled in from the
due time. A user zone without a name (a fixed offset) writes a floating ``DUE``: wall time
wherever the task is read.

A rule Relapp cannot follow (by the hour or minute, several rules) reads as no rule here;
the task's own ``RRULE`` line is never rewritten unless the rule is changed in Relapp
(``todo_edit``), so nothing another app wrote is lost.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

import icalendar

from relapp.domain.errors import InvalidInput
from relapp.domain.promise_model import named_zone
from relapp.domain.recurrence import check_rule

RULE_MARK = "X-RELAPP-RECURRENCE"  # the rule of a done or cancelled occurrence (no RRULE)
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDER = ("FREQ", "INTERVAL", "BYDAY", "BYMONTH", "BYMONTHDAY", "BYSETPOS", "BYHOUR", "BYMINUTE")
_NUMBERS = frozenset(
    {"INTERVAL", "COUNT", "BYMONTH", "BYMONTHDAY", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND"}
)
_DEFAULTS = {"INTERVAL": "1", "WKST": "MO"}
_DAY_SETTERS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")
_ZONE_YEARS = 10  # the VTIMEZONE written covers the due year and the ten after it


def _parts(value: str) -> dict[str, str]:
    text = value.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        if not piece.strip():
            continue
        name, sep, part = piece.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"{piece!r} is not NAME=value")
        name, part = name.strip().upper(), part.strip().upper()
        if name in _NUMBERS:
            part = ",".join(str(int(n)) for n in part.split(","))
        parts[name] = part
    return parts


def _joined(parts: dict[str, str]) -> str:
    names = [n for n in _ORDER if n in parts] + sorted(n for n in parts if n not in _ORDER)
    return ";".join(f"{n}={parts[n]}" for n in names)


def canonical(rule: str) -> str:
    """A rule with its parts in Relapp's order and its defaults left out (to compare)."""
    try:
        parts = _parts(rule)
    except ValueError:
        return rule.strip()
    return _joined({n: v for n, v in parts.items() if _DEFAULTS.get(n) != v})


def rule_in(value: str, due_local: datetime) -> str | None:
    """Relapp's rule for a task's ``RRULE`` ``value``, its due time (``due_local``, the
    user's wall time) filling in what the rule leaves to the start; None when Relapp
    cannot follow it."""
    try:
        parts = {n: v for n, v in _parts(value).items() if _DEFAULTS.get(n) != v}
    except ValueError:
        return None
    freq = parts.get("FREQ")
    day = due_local.date()
    if freq == "WEEKLY" and "BYDAY" not in parts:
        parts["BYDAY"] = _DAYS[day.weekday()]
    elif freq in ("MONTHLY", "YEARLY") and not any(n in parts for n in _DAY_SETTERS):
        if freq == "YEARLY" and "BYMONTH" not in parts:
            parts["BYMONTH"] = str(day.month)
        if day.day <= 28:  # RFC 5545 skips months without the 29th-31st; so does Relapp
            parts["BYMONTHDAY"] = str(day.day)
    parts.setdefault("BYHOUR", str(due_local.hour))
    parts.setdefault("BYMINUTE", str(due_local.minute))
    try:
        return check_rule(_joined(parts))
    except InvalidInput:
        return None


def rule_out(rule: str, due_local: datetime) -> str:
    """The ``RRULE`` value for Relapp's ``rule`` on a task due at ``due_local``: the time
    of day is the ``DUE``'s, so a ``BYHOUR``/``BYMINUTE`` equal to it is left out."""
    try:
        parts = {n: v for n, v in _parts(rule).items() if _DEFAULTS.get(n) != v}
    except ValueError:
        return rule.strip()
    if (parts.get("BYHOUR"), parts.get("BYMINUTE")) == (
        str(due_local.hour),
        str(due_local.minute),
    ):
        del parts["BYHOUR"], parts["BYMINUTE"]
    return _joined(parts)


def count_moved(before: str | None, after: str | None) -> int | None:
    """The new ``COUNT`` when ``after`` is ``before`` with only its ``COUNT`` lowered (a
    series moved on, ``recurrence.move_on``): the task's own ``RRULE`` line then has
    only its ``COUNT`` rewritten. None for any other change."""
    if not before or not after:
        return None
    try:
        old, new = _parts(before), _parts(after)
    except ValueError:
        return None
    count = new.pop("COUNT", None)
    if (
        count is None
        or old.pop("COUNT", None) is None
        or canonical(_joined(old)) != canonical(_joined(new))
    ):
        return None
    return int(count)


def with_count(line: str, count: int) -> str | None:
    """An ``RRULE`` content line with its ``COUNT`` set to ``count`` (None: it has none)."""
    changed, found = _COUNT.subn(f"COUNT={count}", line, count=1)
    return changed if found else None


_COUNT = re.compile(r"(?i)(?<=[:;])COUNT=\d+")


def recur(value: str) -> icalendar.vRecur:
    return icalendar.vRecur.from_ical(value)


def own_zone(name: str | None, user: tzinfo) -> tzinfo:
    """The zone a promise's wall time is in: its own (an IANA name), else the user's."""
    return named_zone(name) or user


def task_zone(todo: icalendar.Component) -> str | None:
    """The zone a task's wall time is meant in: its ``DUE``'s ``TZID`` (else its
    ``DTSTART``'s) when it names a zone every client knows (IANA); None for a floating,
    UTC or all-day due time, or a zone only the task's ``VTIMEZONE`` describes."""
    for name in ("DUE", "DTSTART"):
        prop = todo.get(name)
        if prop is not None and not isinstance(prop, list):
            if isinstance(getattr(prop, "dt", None), datetime):
                zone = named_zone(str(prop.params.get("TZID", "")))
                return zone.key if zone is not None and zone.key != "UTC" else None
            return None
    return None


def zone_name(zone: tzinfo) -> str | None:
    """The zone's IANA name (a ``TZID`` every client knows), None for a nameless one."""
    key = getattr(zone, "key", None)
    return str(key) if key else None


def wall_time(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` as a ``DUE``/``DTSTART`` value of a recurring task: aware in ``zone``
    when it has a name (written with ``TZID``), else floating local wall time."""
    local = moment.astimezone(zone)
    return local if zone_name(zone) else local.replace(tzinfo=None)


def vtimezone(zone: tzinfo, around: datetime) -> icalendar.Timezone | None:
    """The ``VTIMEZONE`` of a named zone, for the due year and the ten after it."""
    name = zone_name(zone)
    if name is None:
        return None
    first = date(around.year, 1, 1)
    last = date(around.year + _ZONE_YEARS, 12, 31)
    return icalendar.Timezone.from_tzinfo(zone, tzid=name, first_date=first, last_date=last)


AT_DUE = timedelta(0)  # a recurring task's alarm: at each occurrence's due time
