"""The calendar reader: past events and past instances of repeats, from generated .ics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureItem,
    CaptureProblem,
    RecordKind,
    SourceKind,
)
from relapp.services.capture.sources import calendar as source
from tests.capture.generators.calendars import (
    BERLIN,
    OUTLOOK_ZONE,
    calendar,
    event,
    write_large,
)
from tests.capture.generators.memory import peak_memory_reading

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
BERLIN_TZ = ZoneInfo("Europe/Berlin")


def records(items: list[CaptureItem]) -> list[Captured]:
    return [item for item in items if isinstance(item, Captured)]


def problems(items: list[CaptureItem]) -> list[CaptureProblem]:
    return [item for item in items if isinstance(item, CaptureProblem)]


def read(path: Path, now: datetime = NOW) -> list[CaptureItem]:
    return list(source.read(path, now=now))


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine's local time is New York's (floating times and all-day dates)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def weekly_series() -> bytes:
    """Mondays 09:00 Berlin from 18 March 2024 (across the 31 March DST change): 25 March
    left out (EXDATE), 1 April moved to 11:00, an extra Thursday (RDATE), one declined."""
    attendees = [
        ("bob@example.org", "Bob Example", "DECLINED"),
        ("dan@example.org", "Dan Example", "ACCEPTED"),
    ]
    return calendar(
        event(
            "weekly@example.org",
            datetime(2024, 3, 18, 9),
            tzid="Europe/Berlin",
            summary="Weekly sync",
            attendees=attendees,
            rrule="FREQ=WEEKLY;COUNT=5",
            exdates=[datetime(2024, 3, 25, 9)],
            rdates=[datetime(2024, 4, 4, 15)],
        ),
        event(
            "weekly@example.org",
            datetime(2024, 4, 1, 11),
            tzid="Europe/Berlin",
            summary="Weekly sync (moved)",
            recurrence_id=datetime(2024, 4, 1, 9),
        ),
        timezones=[BERLIN],
    )


def test_a_weekly_series_yields_each_past_instance_with_exdate_rdate_and_a_moved_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(weekly_series())

    found = records(read(path))

    assert [r.key for r in found] == [
        "weekly@example.org#20240318T080000Z",  # CET: UTC+1
        "weekly@example.org#20240401T070000Z",  # CEST after 31 March: UTC+2
        "weekly@example.org#20240404T130000Z",  # the RDATE
        "weekly@example.org#20240408T070000Z",
        "weekly@example.org#20240415T070000Z",
    ]
    assert [r.occurred_at.astimezone(BERLIN_TZ).hour for r in found] == [9, 11, 15, 9, 9]
    assert [r.occurred_at.utcoffset() for r in found] == [
        timedelta(hours=1),
        *[timedelta(hours=2)] * 4,
    ]
    moved = found[1]
    assert moved.subject == "Weekly sync (moved)"
    first = found[0]
    assert first.kind is RecordKind.EVENT and first.source is SourceKind.ICS
    assert first.thread == first.key and first.where == "line 21"
    assert first.subject == "Weekly sync"
    assert first.sender is not None
    assert (first.sender.address, first.sender.name, first.sender.kind) == (
        "carol@example.org",
        "Carol Roth",
        AddressKind.EMAIL,
    )
    assert [(p.address, p.name, p.declined) for p in first.recipients] == [
        ("bob@example.org", "Bob Example", True),
        ("dan@example.org", "Dan Example", False),
    ]
    assert problems(read(path)) == []


def test_only_past_instances_and_a_rule_without_end_stops_at_now(tmp_path: Path) -> None:
    path = tmp_path / "forever.ics"
    path.write_bytes(
        calendar(
            event("daily@example.org", datetime(2024, 5, 20, 8, tzinfo=UTC), rrule="FREQ=DAILY"),
            event("future@example.org", datetime(2024, 7, 1, 8, tzinfo=UTC)),
            event("past@example.org", datetime(2024, 1, 1, 8, tzinfo=UTC), status="CONFIRMED"),
            event("off@example.org", datetime(2024, 1, 2, 8, tzinfo=UTC), status="CANCELLED"),
        )
    )

    found = records(read(path))

    daily = [r for r in found if r.key.startswith("daily@")]
    assert len(daily) == 13  # 20 May .. 1 June 08:00, before 12:00
    assert daily[-1].occurred_at == datetime(2024, 6, 1, 8, tzinfo=UTC)
    assert {r.key.split("#")[0] for r in found} == {"daily@example.org", "past@example.org"}
    later = records(read(path, now=datetime(2024, 6, 3, tzinfo=UTC)))
    assert len([r for r in later if r.key.startswith("daily@")]) == 14


def test_all_day_and_floating_times_are_local_time(tmp_path: Path, new_york: None) -> None:
    path = tmp_path / "local.ics"
    path.write_bytes(
        calendar(
            event("day@example.org", date(2024, 1, 15)),
            event("float@example.org", datetime(2024, 3, 11, 9)),  # after US DST (10 March)
            event("allday-repeat@example.org", date(2024, 3, 9), rrule="FREQ=DAILY;COUNT=3"),
        )
    )

    found = {r.key: r for r in records(read(path))}

    day = found["day@example.org#20240115"]
    assert day.occurred_at == datetime(2024, 1, 15, tzinfo=ZoneInfo("America/New_York"))
    floating = found["float@example.org#20240311T090000"]
    assert floating.occurred_at.utcoffset() == timedelta(hours=-4)
    assert floating.occurred_at.hour == 9
    repeats = [r for k, r in found.items() if k.startswith("allday-repeat")]
    assert [r.key.split("#")[1] for r in repeats] == ["20240309", "20240310", "20240311"]
    assert [r.occurred_at.utcoffset() for r in repeats] == [
        timedelta(hours=-5),
        timedelta(hours=-5),  # midnight of the change day is still EST
        timedelta(hours=-4),
    ]


def test_a_google_calendar_zone_applies_to_floating_times(tmp_path: Path) -> None:
    path = tmp_path / "google.ics"
    path.write_bytes(
        calendar(
            event("g@example.org", datetime(2024, 2, 1, 10), rrule="FREQ=DAILY;COUNT=2"),
            extra=["X-WR-TIMEZONE:Europe/Berlin"],
        )
    )

    found = records(read(path))

    assert [r.occurred_at for r in found] == [
        datetime(2024, 2, 1, 10, tzinfo=BERLIN_TZ),
        datetime(2024, 2, 2, 10, tzinfo=BERLIN_TZ),
    ]


def test_outlooks_windows_zone_names_are_honoured(tmp_path: Path) -> None:
    path = tmp_path / "outlook.ics"
    path.write_bytes(
        calendar(
            event("o@example.org", datetime(2023, 7, 3, 14), tzid="W. Europe Standard Time"),
            timezones=[OUTLOOK_ZONE],
        )
    )

    (found,) = records(read(path))

    assert found.occurred_at == datetime(2023, 7, 3, 12, tzinfo=UTC)
    assert found.key == "o@example.org#20230703T120000Z"


def test_a_rule_repeating_past_the_cap_is_cut_with_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap is 100,000 (the same code path as this smaller one; a test at full size
    would spend half a minute making copies of the event)."""
    monkeypatch.setattr(source, "MAX_INSTANCES", 300)
    path = tmp_path / "minutely.ics"
    path.write_bytes(
        calendar(
            event("m@example.org", datetime(2024, 5, 1, tzinfo=UTC), rrule="FREQ=MINUTELY"),
            event("after@example.org", datetime(2024, 5, 2, tzinfo=UTC)),
        )
    )

    items = read(path)

    minutely = [r for r in records(items) if r.key.startswith("m@")]
    assert len(minutely) == 300
    assert minutely[-1].occurred_at == datetime(2024, 5, 1, 4, 59, tzinfo=UTC)
    (problem,) = problems(items)
    assert problem.file == str(path) and problem.where == "line 4"
    assert "more than 300 times" in problem.message
    assert [r.key for r in records(items) if r.key.startswith("after@")]  # the rest reads


def test_reading_again_gives_the_same_keys_and_a_grown_file_a_superset(tmp_path: Path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(weekly_series())
    first = [r.key for r in records(read(path))]
    assert first == [r.key for r in records(read(path))]

    grown = weekly_series().replace(
        b"END:VCALENDAR",
        b"\r\n".join(
            event("new@example.org", datetime(2024, 5, 5, tzinfo=UTC)).encode().split(b"\n")
        )
        + b"\r\nEND:VCALENDAR",
    )
    path.write_bytes(grown)
    again = [r.key for r in records(read(path, now=NOW + timedelta(days=30)))]

    assert set(first) < set(again)
    assert "new@example.org#20240505T000000Z" in again


def test_a_truncated_file_reads_up_to_the_cut_and_says_where(tmp_path: Path) -> None:
    whole = calendar(
        event("a@example.org", datetime(2024, 1, 1, tzinfo=UTC)),
        event("b@example.org", datetime(2024, 1, 2, tzinfo=UTC)),
    )
    path = tmp_path / "cut.ics"
    path.write_bytes(whole[: whole.index(b"SUMMARY", whole.index(b"b@example.org"))])

    items = read(path)

    assert [r.key for r in records(items)] == ["a@example.org#20240101T000000Z"]
    (problem,) = problems(items)
    assert problem.where == "line 11" and "truncated" in problem.message


def test_invalid_bytes_and_an_impossible_date_are_problems_of_their_event_only(
    tmp_path: Path,
) -> None:
    text = calendar(
        event("bytes@example.org", datetime(2024, 1, 1, tzinfo=UTC), summary="Caf\u00e9"),
        event("bad@example.org", datetime(2024, 1, 2, tzinfo=UTC)),
        event("good@example.org", datetime(2024, 1, 3, tzinfo=UTC)),
    )
    text = text.replace("Caf\u00e9".encode(), b"Caf\xe9\xff")  # Latin-1, not UTF-8
    text = text.replace(b"DTSTART:20240102T000000Z", b"DTSTART:20240231T250000Z")
    path = tmp_path / "bad.ics"
    path.write_bytes(text)

    items = read(path)

    assert [r.key.split("#")[0] for r in records(items)] == [
        "bytes@example.org",
        "good@example.org",
    ]
    assert records(items)[0].subject == "Caf\ufffd\ufffd"
    found = {p.where: p.message for p in problems(items)}
    assert set(found) == {"line 4", "line 11"}
    assert "UTF-8" in found["line 4"]
    assert "cannot be read" in found["line 11"]


def test_a_file_that_cannot_be_opened_is_one_problem(tmp_path: Path) -> None:
    (problem,) = read(tmp_path / "missing.ics")
    assert isinstance(problem, CaptureProblem) and "cannot be opened" in problem.message


def test_a_100_mb_calendar_is_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.ics"
    events = write_large(path, 100 << 20)
    assert path.stat().st_size >= 100 << 20

    result = peak_memory_reading("relapp.services.capture.sources.calendar", path)

    assert result["counts"] == {"Captured": events}
    growth_mb = (int(result["after_kb"]) - int(result["before_kb"])) / 1024  # type: ignore[call-overload]
    assert growth_mb < 40, f"reading grew memory by {growth_mb:.0f} MB"


def test_an_alarms_own_uid_is_not_the_events(tmp_path: Path) -> None:
    """Apple writes a UID inside each VALARM; the event's UID is the one before it."""
    alarm = "BEGIN:VALARM\nUID:alarm-1\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM\nEND:VEVENT"
    body = event("apple@example.org", datetime(2024, 1, 1, 9, tzinfo=UTC)).replace(
        "END:VEVENT", alarm
    )
    path = tmp_path / "apple.ics"
    path.write_bytes(calendar(body, event("next@example.org", datetime(2024, 1, 2, tzinfo=UTC))))

    assert [r.key for r in records(read(path))] == [
        "apple@example.org#20240101T090000Z",
        "next@example.org#20240102T000000Z",
    ]


def test_instances_of_a_repeat_are_not_copies_of_the_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a repeat makes no component per instance (the library's own occurrences
    copy the whole event each: that was the largest part of reading a calendar), and
    works out the organizer and attendees once per event, not once per instance."""
    import icalendar

    path = tmp_path / "weekly.ics"
    attendees = [("dan@example.org", "Dan Example", "ACCEPTED")]
    start = datetime(2020, 1, 6, 9, tzinfo=UTC)
    path.write_bytes(
        calendar(event("w@example.org", start, attendees=attendees, rrule="FREQ=WEEKLY"))
    )
    made = [0]
    real_init = icalendar.cal.component.Component.__init__

    def counting(self: object, *args: object, **kwargs: object) -> None:
        made[0] += 1
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(icalendar.cal.component.Component, "__init__", counting)
    parties = [0]
    real_party = source._party_of  # both readings make every party with it

    def counting_party(value: str, cn: str, partstat: str) -> object:
        parties[0] += 1
        return real_party(value, cn, partstat)

    monkeypatch.setattr(source, "_party_of", counting_party)
    found = records(read(path))
    assert len(found) > 200  # every Monday from January 2020 to June 2024
    assert found[0].recipients[0].address == "dan@example.org"
    assert len({r.key for r in found}) == len(found)
    assert made[0] <= 3  # the calendar and the event, parsed once (read quickly: none)
    assert parties[0] == 2  # organizer and attendee, once
