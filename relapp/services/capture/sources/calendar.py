"""Calendar files (``.ics``): one record per past event and per past instance of a
recurring event.

Google, Outlook, Apple, Evolution and Thunderbird all export RFC 5545. Time zones are
honoured as the file gives them (a VTIMEZONE, an IANA or Windows zone name); a floating
time (no zone) and an all-day date are the local time of this machine, except that a
Google export's calendar-wide ``X-WR-TIMEZONE`` gives floating times its zone. Repeats
(RRULE, RDATE, EXDATE, moved instances with RECURRENCE-ID) are expanded by
``recurring-ical-events``, up to ``now`` and at most ``MAX_INSTANCES`` per event.
Cancelled events and instances (STATUS:CANCELLED) did not happen and are left out.

The file is read twice: once for where each event is (``_ics_scan``), then one UID's
events at a time, so memory holds one event series, whatever the file's size. A plain
event (most of them) is read straight from its text (``_ics_quick``); the others are
parsed by ``icalendar`` and expanded by the library.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from recurring_ical_events.adapters.event import EventAdapter
from recurring_ical_events.occurrence import Occurrence
from recurring_ical_events.selection.name import ComponentsWithName

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureItem,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.services.capture.sources._ics_quick import (
    QuickEvent,
    on_utc_timeline,
    quick_event,
    quick_starts,
)
from relapp.services.capture.sources._ics_scan import EVENT_TEXT_LIMIT, scan, uid_of

MAX_INSTANCES = 100_000
"""A rule repeating more often than this before ``now`` is cut there, with a problem."""

_UNUSED = frozenset({b"ATTACH", b"DESCRIPTION", b"X-ALT-DESC", b"COMMENT", b"IMAGE"})
_WINDOW_MOST = 2000  # instances asked for at once

_HEADER = b"BEGIN:VCALENDAR\r\n"
_FOOTER = b"END:VCALENDAR\r\n"


def sniff(path: Path, head: bytes) -> SourceKind | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return SourceKind.ICS if text[:15].upper() == b"BEGIN:VCALENDAR" else None


def read(path: Path, now: datetime | None = None) -> Iterator[CaptureItem]:
    """Every past event of ``path`` (before ``now``, default: the current time)."""
    cutoff = now or datetime.now(UTC)
    try:
        stream = path.open("rb")
    except OSError as error:
        yield CaptureProblem(
            str(path),
            _("the file"),
            _("cannot be opened: {error}").format(error=error.strerror),
        )
        return
    with stream:
        found = scan(path, stream)
        zones = [(_tzid(block), block) for block in found.timezones]
        zones = [(tzid, block) for tzid, block in zones if not _known_zone(tzid)]
        header = _HEADER + b"".join(found.calendar_properties)
        done: set[int] = set()
        for index, uid_key in enumerate(found.uid_hashes):
            if uid_key in done:
                continue
            indexes = found.repeated.get(uid_key, [index])
            if len(indexes) > 1:
                done.add(uid_key)
            parts = []
            for part in indexes:
                stream.seek(found.starts[part])
                parts.append(_without_unused(stream.read(found.ends[part] - found.starts[part])))
            events = b"".join(parts)
            used = b"".join(block for tzid, block in zones if tzid and tzid in events)
            # One event with nothing to expand and no zone of its own is parsed alone.
            simple = len(parts) == 1 and not found.calendar_properties and not _repeats(events)
            text = events if simple and not used else header + used + events + _FOOTER
            uid = uid_of(parts[0][:EVENT_TEXT_LIMIT].splitlines(keepends=True))
            where = _("line {n}").format(n=number_text(found.lines[index]))
            # One event (no moved instance), nothing from the calendar around it: most
            # are plain, and read without the parser (``_ics_quick``).
            alone = len(parts) == 1 and not found.calendar_properties and not used
            yield from _instances(path, uid, where, text, cutoff, simple, alone)
    yield from found.problems


def _without_unused(event: bytes) -> bytes:
    """The event without the properties capture never reads (descriptions, inline
    attachments): the parser spends seconds on a megabyte-long property."""
    kept: list[bytes] = []
    dropping = False
    for line in event.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].split(b";", 1)[0].strip().upper()
        dropping = name in _UNUSED
        if not dropping:
            kept.append(line)
    return b"".join(kept)


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | frozenset(WINDOWS_TO_OLSON)


def _known_zone(tzid: bytes) -> bool:
    """A zone the parser finds by its name (an IANA or a Windows name): its VTIMEZONE
    need not be parsed again for every event (that was half of all parsing)."""
    return tzid.decode("utf-8", "replace") in _known_zones()


def _tzid(block: bytes) -> bytes:
    for line in block.splitlines():
        if line.upper().startswith(b"TZID:"):
            return line[5:].strip()
    return b""


def _repeats(events: bytes) -> bool:
    upper = events.upper()
    return b"\nRRULE" in upper or b"\nRDATE" in upper


class _EventSource(EventAdapter):
    """The library's event adapter, keeping the component it adapts in view."""

    def __init__(self, component: Any) -> None:
        super().__init__(component)
        self.source = component


class _Instance(Occurrence):
    """One instance as its start and the component it comes from (the series', or a
    moved instance's own). The library's own occurrences are each a full copy of the
    event (``as_component``): that copy was the largest part of reading a calendar
    with repeats, and capture reads only the start and a few properties."""

    def __init__(self, adapter: Any, start: Any = None, end: Any = None, sequence: int = -1):
        super().__init__(adapter, start, end, sequence)
        self.source = adapter.source

    def as_component(self, keep_recurrence_attributes: bool) -> Any:
        return self


_SELECT = [ComponentsWithName("VEVENT", adapter=_EventSource, occurrence=_Instance)]


class _Seen:
    """What a component says that every instance of it shares: worked out once per
    component, not once per instance."""

    __slots__ = ("cancelled", "recipients", "sender", "subject")

    def __init__(self, component: Any) -> None:
        organizer = component.get("ORGANIZER")
        attendees = component.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        self.sender = _party(organizer) if organizer is not None else None
        self.recipients = tuple(_party(attendee) for attendee in attendees)
        self.subject = str(component.get("SUMMARY", "")).strip()
        self.cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"


def _instances(
    path: Path, uid: str, where: str, text: bytes, now: datetime, simple: bool, alone: bool
) -> Iterator[CaptureItem]:
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        yield CaptureProblem(
            str(path), where, _("the event is not valid UTF-8; read with replacement characters")
        )
        decoded = text.decode("utf-8", "replace")
    if alone:
        quick = quick_event(decoded if simple else decoded[len(_HEADER) : -len(_FOOTER)])
        starts = quick_starts(quick, now) if quick is not None else None
        if quick is not None and starts is not None:
            yield from _quick_records(path, quick, starts, uid, where, now)
            return
    count = 0
    seen: dict[int, _Seen] = {}
    try:
        # Any error of the two libraries on a bad event (they raise ValueError, KeyError,
        # TypeError, their own classes...) is that event's problem, not the file's.
        parsed = icalendar.Component.from_ical(decoded)
        if simple:
            found: Iterator[tuple[Any, Any]] = ((_dtstart(c), c) for c in parsed.walk("VEVENT"))
        else:
            found = ((i.start, i.source) for i in _expanded(parsed, now))
        for value, component in found:
            start = _aware(value)
            if start >= now:
                continue  # in the future (the last window reaches a day past now)
            shared = seen.get(id(component))
            if shared is None:
                shared = seen[id(component)] = _Seen(component)
            if shared.cancelled:
                continue
            count += 1
            if count > MAX_INSTANCES:
                yield _too_many(path, where, uid)
                return
            yield _record(component, shared, uid, value, start, where)
    except Exception as error:
        yield CaptureProblem(
            str(path), where, _("the event cannot be read: {error}").format(error=error)
        )


def _expanded(calendar: icalendar.Component, now: datetime) -> Iterator[_Instance]:
    """Every instance up to a day after ``now`` in start order, asked for in windows of
    time that adapt to how dense the repeats are, so no window holds more than a few
    thousand (the library's own ``all()`` slows to a crawl on a rule repeating every
    minute). Windows are in UTC, where the library puts dates and floating times too."""
    query = recurring_ical_events.of(calendar, components=_SELECT)
    starts = [on_utc_timeline(_dtstart(event)) for event in calendar.walk("VEVENT")]
    if not starts:
        return
    begin = min(starts) - timedelta(days=1)  # a Google zone may move a floating start
    stop = now + timedelta(days=1)
    window = timedelta(days=1)
    while begin < stop:
        end = min(begin + window, stop)
        found: list[_Instance] = query.between(begin, end)  # all overlapping the window
        timed = sorted(((on_utc_timeline(i.start), n, i) for n, i in enumerate(found)))
        yield from (i for at, _, i in timed if begin <= at < end)
        begin = end
        if len(found) > _WINDOW_MOST:
            window = max(window / 4, timedelta(minutes=15))
        elif len(found) < _WINDOW_MOST // 8:
            window = min(window * 2, timedelta(days=3660))


def _aware(value: date | datetime) -> datetime:
    """A timezone-aware moment: a date is local midnight, a floating time local time."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo is not None else value.astimezone()


def _dtstart(component: Any) -> date | datetime:
    prop = component.get("DTSTART")
    if prop is None:
        raise ValueError(_("it has no start (DTSTART)"))
    value: date | datetime = prop.dt
    return value


def _instance_id(value: date | datetime) -> str:
    """The RECURRENCE-ID as iCalendar writes it: UTC when zoned, else as given."""
    if not isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    if value.tzinfo is None:
        return value.strftime("%Y%m%dT%H%M%S")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _party(value: Any) -> Party:
    params = getattr(value, "params", {})
    return _party_of(str(value), str(params.get("CN", "")), str(params.get("PARTSTAT", "")))


def _party_of(value: str, cn: str, partstat: str) -> Party:
    address = value.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:]
    name = cn.strip()
    declined = partstat.upper() == "DECLINED"
    if "@" in address:
        return Party(address, AddressKind.EMAIL, name=name, declined=declined)
    return Party(name or address, AddressKind.NAME, name=name, declined=declined)


def _record(
    component: Any, shared: _Seen, uid: str, value: date | datetime, start: datetime, where: str
) -> Captured:
    """The record of one instance: ``value`` is its start as the file gives it."""
    recurrence = component.get("RECURRENCE-ID")
    instance = recurrence.dt if recurrence is not None else value
    return _event_record(
        f"{uid}#{_instance_id(instance)}",
        start,
        shared.sender,
        shared.recipients,
        shared.subject,
        where,
    )


def _event_record(
    key: str,
    start: datetime,
    sender: Party | None,
    recipients: tuple[Party, ...],
    subject: str,
    where: str,
) -> Captured:
    """One meeting as capture records it, however the event was read: its key
    (``uid#instance``) is also its thread, so each instance is its own interaction."""
    return Captured(
        kind=RecordKind.EVENT,
        source=SourceKind.ICS,
        key=key,
        occurred_at=start,
        thread=key,
        sender=sender,
        recipients=recipients,
        subject=subject,
        where=where,
    )


def _quick_records(
    path: Path,
    event: QuickEvent,
    starts: Iterator[date | datetime],
    uid: str,
    where: str,
    now: datetime,
) -> Iterator[CaptureItem]:
    """The records of a plain event read by ``quick_event``, as ``_instances`` makes
    them from the parsed event: none when it was cancelled, none still to come."""
    if event.status.upper() == "CANCELLED":
        return
    organizer = event.organizer
    sender = _party_of(organizer.value, organizer.cn, organizer.partstat) if organizer else None
    recipients = tuple(_party_of(a.value, a.cn, a.partstat) for a in event.attendees)
    subject = event.summary.strip()
    count = 0
    for value in starts:
        start = _aware(value)
        if start >= now:
            continue
        count += 1
        if count > MAX_INSTANCES:
            yield _too_many(path, where, uid)
            return
        yield _event_record(
            f"{uid}#{_instance_id(value)}", start, sender, recipients, subject, where
        )


def _too_many(path: Path, where: str, uid: str) -> CaptureProblem:
    return CaptureProblem(
        str(path),
        where,
        _(
            "the event {uid} repeats more than {n} times before now; only the first {n} are read"
        ).format(uid=repr(uid), n=number_text(MAX_INSTANCES)),
    )
