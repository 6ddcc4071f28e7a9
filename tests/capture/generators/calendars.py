"""Small generated ``.ics`` files for the calendar reader's tests (no private data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""

# What Outlook writes: a Windows zone name with its own definition (same rules as Berlin).
OUTLOOK_ZONE = BERLIN.replace("TZID:Europe/Berlin", "TZID:W. Europe Standard Time")


def when(value: date | datetime, name: str = "DTSTART", tzid: str | None = None) -> str:
    """One date-time property line: UTC ("Z"), with a TZID, floating, or a whole day."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if value.tzinfo is not None:
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if tzid:
        return f"{name};TZID={tzid}:{value:%Y%m%dT%H%M%S}"
    return f"{name}:{value:%Y%m%dT%H%M%S}"


def event(
    uid: str,
    start: date | datetime,
    *,
    summary: str = "Meeting",
    tzid: str | None = None,
    organizer: tuple[str, str] | None = ("carol@example.org", "Carol Roth"),
    attendees: Sequence[tuple[str, str, str]] = (),
    rrule: str | None = None,
    exdates: Iterable[date | datetime] = (),
    rdates: Iterable[date | datetime] = (),
    recurrence_id: date | datetime | None = None,
    status: str | None = None,
) -> str:
    """One VEVENT; attendees are (email, name, PARTSTAT)."""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20240101T000000Z", when(start, tzid=tzid)]
    lines.append(f"SUMMARY:{summary}")
    if organizer:
        lines.append(f"ORGANIZER;CN={organizer[1]}:mailto:{organizer[0]}")
    for email, name, partstat in attendees:
        lines.append(f"ATTENDEE;CN={name};PARTSTAT={partstat}:mailto:{email}")
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines.extend(when(value, "EXDATE", tzid) for value in exdates)
    lines.extend(when(value, "RDATE", tzid) for value in rdates)
    if recurrence_id is not None:
        lines.append(when(recurrence_id, "RECURRENCE-ID", tzid))
    if status:
        lines.append(f"STATUS:{status}")
    lines.append("END:VEVENT")
    return "\n".join(lines)


def crlf(text: str) -> bytes:
    return ("\r\n".join(text.split("\n")) + "\r\n").encode("utf-8")


def calendar(*events: str, timezones: Sequence[str] = (), extra: Sequence[str] = ()) -> bytes:
    """A whole VCALENDAR with CRLF line ends, as the exporters write it."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Relapp tests//EN", *extra]
    lines.extend(timezones)
    lines.extend(events)
    lines.append("END:VCALENDAR")
    return ("\r\n".join("\n".join(lines).split("\n")) + "\r\n").encode("utf-8")


def write_large(path: Path, at_least_bytes: int) -> int:
    """A calendar of at least ``at_least_bytes``, written in pieces: events that each
    carry an inline attachment of 1 MiB (folded base64, as Outlook writes them), among
    small ones. Returns its event count."""
    attachment = "\n ".join(["QUJD" * 18] * ((1 << 20) // 72))
    count = 0
    with path.open("wb") as out:
        out.write(calendar(timezones=[BERLIN]).rsplit(b"END:VCALENDAR", 1)[0])
        while out.tell() < at_least_bytes:
            small = event(f"small-{count}@example.org", datetime(2020, 1, 1, 9) + timedelta(count))
            big = event(f"big-{count}@example.org", datetime(2020, 1, 2, 9) + timedelta(count))
            big = big.replace(
                "END:VEVENT", f"ATTACH;ENCODING=BASE64;VALUE=BINARY:{attachment}\nEND:VEVENT"
            )
            out.write(("\r\n".join(f"{small}\n{big}".split("\n")) + "\r\n").encode())
            count += 2
        out.write(b"END:VCALENDAR\r\n")
    return count
