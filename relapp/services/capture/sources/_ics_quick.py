"""A quick reading of one plain calendar event, without the ``icalendar`` parser.

Most events of an export are plain: one VEVENT, at most a simple weekly or monthly
rule, a start in UTC, a floating time, a date or a named zone, a summary, an organizer
and attendees. ``icalendar`` parses every property of them with its general machinery,
and ``recurring-ical-events`` asks ``dateutil`` for a repeat's instances window by window
(together 80% of reading the benchmark's calendar); capture needs six properties.
``quick_event`` reads those straight from the text, the way ``icalendar`` would, and
``quick_starts`` asks ``dateutil`` for the instances the way the library puts the rule
together. On anything outside the plain form they give up (None): the reader then
parses the event with ``icalendar`` and the library as before, so an unusual event is
read exactly as it always was. What counts as plain:

- the text is one VEVENT with no component inside it (an alarm), lines end in CRLF or
  LF with no blank line and no lone CR, every content line is ``NAME[;PARAMS]:VALUE``
  with a token for a name and no backslash, caret or stray quote before the value;
- DTSTART, SUMMARY, ORGANIZER, STATUS and RRULE come at most once; no RECURRENCE-ID,
  RDATE or EXRULE, and no EXDATE beside a rule;
- DTSTART is a date (``YYYYMMDD``), a UTC time (``...Z``), a floating time, or a time
  with a TZID that names an IANA zone or a Windows zone (and not both), with no other
  parameter than a VALUE that agrees; a rule's start is a time, not a date;
- the rule has FREQ and only the parts INTERVAL, COUNT or UNTIL (in UTC, for a start in
  a zone), BYDAY, BYMONTHDAY, BYMONTH and WKST, in capitals, each once;
- the summary's backslashes are the four escapes of RFC 5545 (a backslash before a
  backslash, semicolon, comma or n); addresses and STATUS have no backslash; CN and
  PARTSTAT are plain or quoted values.

``tests/unit/services/capture/test_calendar_quick.py`` reads tricky events both ways
(and any summary, name and rule, with ``hypothesis``) and asks for the same records.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from itertools import takewhile

from dateutil.rrule import rruleset, rrulestr
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

_TOKEN = re.compile(r"[A-Za-z0-9-]+")
_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)")
_TEXT_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
_ONCE = frozenset({"DTSTART", "SUMMARY", "ORGANIZER", "STATUS", "RRULE"})
_DAY = r"[+-]?[1-5]?(?:MO|TU|WE|TH|FR|SA|SU)"
_MONTH_DAY = r"-?(?:3[01]|[12][0-9]|[1-9])"
_MONTH = r"(?:1[0-2]|[1-9])"
_RULE_PARTS = {
    name: re.compile(pattern)
    for name, pattern in {
        "FREQ": r"SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY",
        "INTERVAL": r"[1-9][0-9]{0,3}",
        "COUNT": r"[1-9][0-9]{0,5}",
        "UNTIL": r"[0-9]{8}T[0-9]{6}Z",
        "BYDAY": rf"{_DAY}(?:,{_DAY})*",
        "BYMONTHDAY": rf"{_MONTH_DAY}(?:,{_MONTH_DAY})*",
        "BYMONTH": rf"{_MONTH}(?:,{_MONTH})*",
        "WKST": r"MO|TU|WE|TH|FR|SA|SU",
    }.items()
}


@dataclass(frozen=True, slots=True)
class Address:
    """An ORGANIZER or ATTENDEE: its value and the two parameters capture reads."""

    value: str
    cn: str
    partstat: str


@dataclass(frozen=True, slots=True)
class QuickEvent:
    start: date | datetime  # as the file gives it: aware, floating (naive) or a date
    summary: str
    organizer: Address | None
    attendees: tuple[Address, ...]
    status: str
    rule: str | None = None  # a plain RRULE (``_plain_rule``), as the file gives it
    until: datetime | None = None  # the rule's UNTIL


class _NotPlain(Exception):
    """The event is outside the plain form: ``icalendar`` reads it."""


def quick_event(text: str) -> QuickEvent | None:
    """The event in ``text`` (one VEVENT block), or None when it is not plain."""
    try:
        return _read(text)
    except _NotPlain:
        return None


def _read(text: str) -> QuickEvent:
    if "\n\n" in text or "\n\r\n" in text or "\r" in text.replace("\r\n", ""):
        raise _NotPlain
    lines = re.sub(r"\r?\n[ \t]", "", text).splitlines()
    if len(lines) < 2 or lines[0].upper() != "BEGIN:VEVENT" or lines[-1].upper() != "END:VEVENT":
        raise _NotPlain
    found: dict[str, tuple[dict[str, str], str]] = {}
    attendees: list[Address] = []
    for line in lines[1:-1]:
        name, params, value = _split(line)
        if name in ("BEGIN", "END", "RECURRENCE-ID", "RDATE", "EXRULE"):
            raise _NotPlain  # a component inside (an alarm), a moved instance, more dates
        if name == "ATTENDEE":
            attendees.append(_address(params, value))
        elif name == "EXDATE":
            found.setdefault(name, (params, value))
        elif name in _ONCE:
            if name in found:
                raise _NotPlain
            found[name] = (params, value)
    if "DTSTART" not in found:
        raise _NotPlain
    summary = found.get("SUMMARY", ({}, ""))[1]
    status = found.get("STATUS", ({}, ""))[1]
    if "\\" in status:
        raise _NotPlain
    organizer = _address(*found["ORGANIZER"]) if "ORGANIZER" in found else None
    start = _start(*found["DTSTART"])
    rule = last = None
    if "RRULE" in found:
        if "EXDATE" in found or not isinstance(start, datetime):
            raise _NotPlain  # left out dates; an all-day repeat's dates change type
        rule = _plain_rule(found["RRULE"], aware=start.tzinfo is not None)
        until = re.search(r"UNTIL=([0-9]{8}T[0-9]{6})Z", rule)
        if until is not None:
            last = _valid(lambda: datetime.strptime(until.group(1), "%Y%m%dT%H%M%S"))
    return QuickEvent(
        start=start,
        summary=_TEXT_ESCAPE.sub(_unescape, summary) if "\\" in summary else summary,
        organizer=organizer,
        attendees=tuple(attendees),
        status=status,
        rule=rule,
        until=last.replace(tzinfo=UTC) if isinstance(last, datetime) else None,
    )


def _plain_rule(rrule: tuple[dict[str, str], str], *, aware: bool) -> str:
    """The RRULE's value when every part of it is one ``dateutil`` reads as
    ``recurring-ical-events`` hands it over: known names in capitals, each once, FREQ
    given, not both COUNT and UNTIL, UNTIL in UTC and only for a start in a zone."""
    params, value = rrule
    parts = [part.partition("=") for part in value.split(";")]
    names = [name for name, _, _ in parts]
    if params or "FREQ" not in names or len(set(names)) != len(names):
        raise _NotPlain
    if "UNTIL" in names and ("COUNT" in names or not aware):
        raise _NotPlain
    for name, equals, given in parts:
        pattern = _RULE_PARTS.get(name)
        if pattern is None or not equals or not pattern.fullmatch(given):
            raise _NotPlain
    return value


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """(upper-cased name, parameters by upper-cased name, value) of a content line."""
    at = len(line)
    for mark in (":", ";"):
        found = line.find(mark)
        if 0 <= found < at:
            at = found
    name = line[:at]
    if at == len(line) or not _TOKEN.fullmatch(name):
        raise _NotPlain
    params: dict[str, str] = {}
    while line[at] == ";":
        equals = line.find("=", at + 1)
        key = line[at + 1 : equals].upper()
        if equals < 0 or not _TOKEN.fullmatch(key) or key in params:
            raise _NotPlain
        if line.startswith('"', equals + 1):
            close = line.find('"', equals + 2)
            if close < 0:
                raise _NotPlain
            value = line[equals + 2 : close]
            at = close + 1
        else:
            ends = [i for i in (line.find(";", equals), line.find(":", equals)) if i >= 0]
            if not ends:
                raise _NotPlain
            at = min(ends)
            value = line[equals + 1 : at]
            # icalendar drops the blanks around each "=" of the parameters, inside an
            # unquoted value too: such a value is read as it reads it.
            if '"' in value or "," in value or "=" in value or value != value.strip():
                raise _NotPlain
        if "\\" in value or "^" in value:
            raise _NotPlain
        params[key] = value
        if at >= len(line) or line[at] not in ";:":
            raise _NotPlain
    return name.upper(), params, line[at + 1 :]


def _address(params: dict[str, str], value: str) -> Address:
    if "\\" in value:
        raise _NotPlain
    return Address(value, params.get("CN", ""), params.get("PARTSTAT", ""))


def _unescape(match: re.Match[str]) -> str:
    found = _UNESCAPED.get(match.group(1))
    if found is None:
        raise _NotPlain
    return found


def _start(params: dict[str, str], value: str) -> date | datetime:
    kind = params.pop("VALUE", "").upper()
    tzid = params.pop("TZID", None)
    if params:
        raise _NotPlain
    day = _DATE.fullmatch(value)
    if day is not None and kind in ("", "DATE") and tzid is None:
        return _valid(lambda: date(*(int(n) for n in day.groups())))
    moment = _DATE_TIME.fullmatch(value)
    if moment is None or kind not in ("", "DATE-TIME"):
        raise _NotPlain
    year, month, day_of, hour, minute, second = (int(n) for n in moment.groups()[:6])
    if moment.group(7) and tzid is not None:
        raise _NotPlain
    zone = UTC if moment.group(7) else _zone(tzid) if tzid is not None else None
    return _valid(lambda: datetime(year, month, day_of, hour, minute, second, tzinfo=zone))


def _valid(make: Callable[[], date | datetime]) -> date | datetime:
    try:
        return make()
    except ValueError:
        raise _NotPlain from None  # icalendar says what is wrong with it


@cache
def _iana() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _zone(tzid: str) -> tzinfo:
    iana, windows = tzid in _iana(), tzid in WINDOWS_TO_OLSON
    if iana == windows:  # unknown, or a name of both kinds
        raise _NotPlain
    return zoneinfo.ZoneInfo(tzid if iana else WINDOWS_TO_OLSON[tzid])


def on_utc_timeline(value: date | datetime) -> datetime:
    """A start as the expansion library compares it with a UTC window."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def quick_starts(event: QuickEvent, now: datetime) -> Iterator[date | datetime] | None:
    """The starts of a plain event up to a day past ``now`` (where the reader's last
    window of the library's expansion ends), in order: its own, or its rule's and its
    own, put together from ``dateutil`` as ``recurring-ical-events`` does (the start
    is one of them unless it is after UNTIL). None when ``dateutil`` refuses the rule:
    the parser and the library read the event then, and say what is wrong."""
    if event.rule is None:
        return iter((event.start,))
    try:
        rule = rrulestr(event.rule, dtstart=event.start)
    except (ValueError, TypeError):
        return None
    dates = rruleset()
    dates.rrule(rule)
    if event.until is None or not event.start > event.until:
        dates.rdate(event.start)
    stop = now + timedelta(days=1)
    return takewhile(lambda at: on_utc_timeline(at) < stop, dates)
