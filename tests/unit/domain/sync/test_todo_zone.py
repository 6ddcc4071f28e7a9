"""A promise's own time zone on its task (issue 16): a task written on a phone in New
York (``DUE;TZID=America/New_York``) read by a Relapp in Berlin keeps New York's wall
time, its rule is New York's, and it is written back in New York's time, so every
occurrence stays at 9:00 there across both daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from relapp.domain.sync.todo_codec import read_todo, todo_text
from relapp.domain.sync.todo_edit import edit_todo
from tests.unit.domain.sync.samples import item

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
# Sunday 7 March 2027, 9:00 in New York (EST, UTC-5): New York's clocks go forward on
# 14 March, Berlin's on 28 March; for two weeks the two are five hours apart, not six.
FIRST = datetime(2027, 3, 7, 9, 0, tzinfo=NEW_YORK)

PHONE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:+//IDN bitfire.at//ical4android (org.tasks)
BEGIN:VTODO
DTSTAMP:20270301T101500Z
UID:ny-1
SUMMARY:Call Dan: the weekly call
DTSTART;TZID=America/New_York:20270307T090000
DUE;TZID=America/New_York:20270307T090000
{rule}STATUS:NEEDS-ACTION
END:VTODO
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZNAME:EST
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZNAME:EDT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
END:VCALENDAR
"""


def phone(rule: str | None = "FREQ=WEEKLY;BYDAY=SU") -> str:
    return PHONE.format(rule=f"RRULE:{rule}\n" if rule else "").replace("\n", "\r\n")


def the_todo(text: str) -> icalendar.Component:
    return next(iter(icalendar.Calendar.from_ical(text).walk("VTODO")))


def occurrences(text: str, n: int) -> list[datetime]:
    """What a phone computes: the RRULE from the DUE, in the DUE's zone."""
    todo = the_todo(text)
    rule = todo["RRULE"].to_ical().decode()
    return [o.astimezone(NEW_YORK) for o in islice(rrulestr(rule, dtstart=todo["DUE"].dt), n)]


def test_a_task_due_in_new_york_read_in_berlin_keeps_new_yorks_zone_and_rule() -> None:
    got = read_todo(phone(), BERLIN)
    assert got.zone == "America/New_York"
    assert got.due_at == FIRST.astimezone(UTC)  # 14:00 UTC
    # The rule's time of day is New York's 9:00, not Berlin's 15:00.
    assert got.recurrence == "FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0"
    once = read_todo(phone(None), BERLIN)
    assert (once.zone, once.recurrence) == ("America/New_York", None)


def test_a_floating_utc_or_all_day_due_has_no_zone_of_its_own() -> None:
    for due in ("DUE:20270307T090000", "DUE:20270307T140000Z", "DUE;VALUE=DATE:20270307"):
        text = phone(None).replace("DUE;TZID=America/New_York:20270307T090000", due)
        text = text.replace("DTSTART;TZID=America/New_York:20270307T090000\r\n", "")
        assert read_todo(text, BERLIN).zone is None, due


def test_a_series_of_its_own_zone_is_written_in_it_and_stays_at_9_in_new_york() -> None:
    series = item(
        due_at=FIRST, zone="America/New_York", recurrence="FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0"
    )
    text = todo_text(series, NOW, BERLIN)
    todo = the_todo(text)
    assert todo["DUE"].params["TZID"] == "America/New_York"
    assert todo["DUE"].dt.replace(tzinfo=None) == datetime(2027, 3, 7, 9, 0)
    assert "TZID:America/New_York" in text and "TZID:Europe/Berlin" not in text
    assert [(o.hour, o.minute) for o in occurrences(text, 6)] == [(9, 0)] * 6
    back = read_todo(text, BERLIN)
    assert (back.zone, back.recurrence, back.due_at) == (
        series.zone,
        series.recurrence,
        series.due_at,
    )


def test_a_promise_of_its_own_zone_is_due_there_and_one_without_as_before() -> None:
    zoned = todo_text(item(due_at=FIRST, zone="America/New_York"), NOW, BERLIN)
    due = the_todo(zoned)["DUE"]
    assert (due.params["TZID"], due.dt.replace(tzinfo=None)) == (
        "America/New_York",
        datetime(2027, 3, 7, 9, 0),
    )
    assert "BEGIN:VTIMEZONE" in zoned
    plain = todo_text(item(due_at=FIRST), NOW, BERLIN)
    assert "DUE:20270307T140000Z" in plain.splitlines() or "DUE:20270307T140000Z\r" in plain
    assert "VTIMEZONE" not in plain


def test_a_new_due_time_of_a_phones_task_in_new_york_is_written_in_new_york() -> None:
    theirs = read_todo(phone(None), BERLIN)
    later = theirs.due_at + timedelta(days=1, hours=2)  # (no due set) Monday 11:00 there
    assert later is not None
    edited = edit_todo(phone(None), item(due_at=later, zone=theirs.zone), {"due_at"}, NOW, BERLIN)
    due = the_todo(edited)["DUE"]
    assert (due.params["TZID"], due.dt.replace(tzinfo=None)) == (
        "America/New_York",
        datetime(2027, 3, 8, 11, 0),
    )
    assert edited.count("BEGIN:VTIMEZONE") == 1  # the phone's, not a second one
    assert read_todo(edited, BERLIN).due_at == later
