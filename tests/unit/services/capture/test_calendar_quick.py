"""The quick reading of plain events (``sources/_ics_quick.py``) gives the records the
``icalendar`` parser gives, and leaves every event outside its plain form to that parser."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.domain.capture.records import CaptureItem
from relapp.services.capture.sources import _ics_quick
from relapp.services.capture.sources import calendar as source
from tests.capture.generators.calendars import BERLIN, OUTLOOK_ZONE, calendar, event

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
PLAIN = "plain"
PARSED = "parsed"

ORG = "ORGANIZER;CN=Carol Roth:mailto:carol@example.org"


def lone(*lines: str) -> str:
    return "\n".join(["BEGIN:VEVENT", "UID:u@example.org", *lines, "END:VEVENT"])


# (the event, whether the quick reading takes it)
CASES: list[tuple[str, str]] = [
    (lone("DTSTART:20240102T100000Z", "SUMMARY:Lunch", ORG), PLAIN),
    (lone("DTSTART:20240102", "SUMMARY:All day"), PLAIN),
    (lone("DTSTART;VALUE=DATE:20240102", "SUMMARY:All day"), PLAIN),
    (lone("DTSTART:20240102T100000", "SUMMARY:Floating"), PLAIN),
    (lone("DTSTART;VALUE=DATE-TIME:20240102T100000", "SUMMARY:x"), PLAIN),
    (lone("DTSTART;TZID=Europe/Berlin:20240331T023000", "SUMMARY:In the DST gap"), PLAIN),
    (lone('DTSTART;TZID="Europe/Berlin":20241027T023000', "SUMMARY:Twice"), PLAIN),
    (lone("DTSTART;TZID=W. Europe Standard Time:20240102T100000"), PLAIN),
    (lone("dtstart:20240102T100000Z", "summary:lower-case names"), PLAIN),
    (lone("DTSTART:20240102T100000Z", r"SUMMARY:a\,b\;c\nd\Ne\\f", ORG), PLAIN),
    (lone("DTSTART:20240102T100000Z", r"SUMMARY:a\\,b"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "SUMMARY;LANGUAGE=en:  spaced  "), PLAIN),
    (lone("DTSTART:20240102T100000Z", "SUMMARY:a:b;c=d"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "SUMMARY:Caf\u00e9 \u2603"), PLAIN),
    (
        lone(
            "DTSTART:20240102T100000Z",
            'ATTENDEE;CN="Roth, Carol";PARTSTAT=declined:MAILTO:carol@example.org',
            "ATTENDEE;PARTSTAT=ACCEPTED;CN=Dan Example:mailto:dan@example.org",
            'ATTENDEE;CN="a:b;c":mailto:abc@example.org',
            "ATTENDEE:Just a name",
            "ATTENDEE;CN=Eve:mailto: eve@example.org ",
        ),
        PLAIN,
    ),
    (
        "BEGIN:VEVENT\nUID:u@example.org\nDTSTART:20240102T1\n 00000Z\nSUMMARY:Fol\n\tded\n"
        "ATTENDEE;CN=Da\n n:mailto:dan@exa\n mple.org\nEND:VEVENT",
        PLAIN,
    ),
    (lone("DTSTART:20240102T100000Z", "STATUS:cancelled"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "STATUS:CONFIRMED", "DTEND:garbage"), PLAIN),
    (lone("DTSTART:20240802T100000Z", "SUMMARY:Still to come"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "X-THING;X-P=1:a\\b", "CATEGORIES:a,b"), PLAIN),
    # repeats: dateutil straight, as recurring-ical-events puts its rule together
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=WEEKLY;COUNT=5", ORG), PLAIN),
    (lone("DTSTART:20240520T080000Z", "RRULE:FREQ=DAILY", "SUMMARY:Up to now"), PLAIN),
    (
        lone("DTSTART:20240102T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20240301T000000Z"),
        PLAIN,
    ),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;UNTIL=20231231T000000Z"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;UNTIL=20240105T100000Z"), PLAIN),
    (lone("DTSTART;TZID=Europe/Berlin:20240304T090000", "RRULE:FREQ=WEEKLY;COUNT=6"), PLAIN),
    (lone("DTSTART;TZID=Europe/Berlin:20240310T023000", "RRULE:FREQ=WEEKLY;COUNT=4"), PLAIN),
    (
        lone(
            "DTSTART;TZID=Pacific Standard Time:20231028T013000",
            "RRULE:FREQ=WEEKLY;UNTIL=20231201T000000Z",
        ),
        PLAIN,
    ),
    (lone("DTSTART:20240304T090000", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4"), PLAIN),
    (lone("DTSTART:20230131T090000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=31"), PLAIN),
    (lone("DTSTART:20220131T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2"), PLAIN),
    (lone("DTSTART:20160229T090000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"), PLAIN),
    (lone("DTSTART:20240601T100000Z", "RRULE:FREQ=MINUTELY;COUNT=200;WKST=SU"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;COUNT=3", "STATUS:CANCELLED"), PLAIN),
    (lone("DTSTART:20250102T100000Z", "RRULE:FREQ=DAILY;COUNT=3"), PLAIN),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=1MO"), PLAIN),
    # outside the plain form: icalendar reads them
    (
        lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;COUNT=5", "EXDATE:20240103T100000Z"),
        PARSED,
    ),
    (lone("DTSTART;VALUE=DATE:20240102", "RRULE:FREQ=DAILY;COUNT=5"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:freq=daily;count=5"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;COUNT=5;UNTIL=20240301T000000Z"), PARSED),
    (lone("DTSTART:20240102T100000", "RRULE:FREQ=DAILY;UNTIL=20240110T000000Z"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;UNTIL=20240110T000000"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;UNTIL=20240110"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;COUNT=2", "RRULE:FREQ=WEEKLY"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE;X-A=1:FREQ=DAILY;COUNT=2"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;COUNT=-2"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:COUNT=2"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RRULE:FREQ=DAILY;COUNT=2;COUNT=3"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RDATE:20240110T100000Z"), PARSED),
    (lone("DTSTART:20240231T250000Z", "SUMMARY:Impossible date"), PARSED),
    (lone("SUMMARY:No start"), PARSED),
    (lone("DTSTART:20240102T100000z"), PARSED),
    (lone("DTSTART:20240102T1000Z"), PARSED),
    (lone("DTSTART;TZID=Nowhere/Zone:20240102T100000"), PARSED),
    (lone("DTSTART;TZID=Europe/Berlin:20240102T100000Z"), PARSED),
    (lone("DTSTART;TZID=Europe/Berlin:20240102"), PARSED),
    (lone("DTSTART;VALUE=DATE:20240102T100000"), PARSED),
    (lone("DTSTART;X-FOO=1:20240102T100000Z"), PARSED),
    (lone("DTSTART:20240102T100000Z", "DTSTART:20240103T100000Z"), PARSED),
    (lone("DTSTART:20240102T100000Z", "SUMMARY:one", "SUMMARY:two"), PARSED),
    (lone("DTSTART:20240102T100000Z", r"SUMMARY:odd \x escape"), PARSED),
    (lone("DTSTART:20240102T100000Z", r"STATUS:CANCEL\LED"), PARSED),
    (lone("DTSTART:20240102T100000Z", r"ATTENDEE:mailto:a\,b@example.org"), PARSED),
    (lone("DTSTART:20240102T100000Z", "ATTENDEE;CN=a^nb:mailto:a@example.org"), PARSED),
    (lone("DTSTART:20240102T100000Z", r"ATTENDEE;CN=A\,B:mailto:a@example.org"), PARSED),
    (lone("DTSTART:20240102T100000Z", "ATTENDEE;CN=x,y:mailto:a@example.org"), PARSED),
    (lone("DTSTART:20240102T100000Z", "ATTENDEE; CN = x :mailto:a@example.org"), PARSED),
    (lone("DTSTART:20240102T100000Z", "ATTENDEE;CN=x;CN=y:mailto:a@example.org"), PARSED),
    (lone("DTSTART:20240102T100000Z", "NO COLON HERE"), PARSED),
    (lone("DTSTART:20240102T100000Z", "X-EMPTY;:value"), PARSED),
    (lone("DTSTART:20240102T100000Z", "RECURRENCE-ID:20240102T100000Z"), PARSED),
    (
        lone(
            "DTSTART:20240102T100000Z",
            "BEGIN:VALARM",
            "ACTION:EMAIL",
            "SUMMARY:alarm",
            "ATTENDEE:mailto:alarm@example.org",
            "TRIGGER:-PT15M",
            "END:VALARM",
        ),
        PARSED,
    ),
    (lone("DTSTART:20240102T100000Z", "", "SUMMARY:after a blank line"), PARSED),
]


def read_both(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[CaptureItem], list[CaptureItem], list[bool]]:
    """The records read with the quick reading, then without it, and which events it took."""
    taken: list[bool] = []
    real = _ics_quick.quick_event

    def watched(text: str) -> _ics_quick.QuickEvent | None:
        found = real(text)
        taken.append(found is not None)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(source, "quick_event", watched)
        quick = list(source.read(path, now=NOW))
    with monkeypatch.context() as patch:
        patch.setattr(source, "quick_event", lambda text: None)
        parsed = list(source.read(path, now=NOW))
    return quick, parsed, taken


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_plain_event_reads_as_icalendar_reads_it_and_the_rest_goes_to_icalendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    path = tmp_path / "one.ics"
    path.write_bytes(calendar(text))

    quick, parsed, taken = read_both(path, monkeypatch)

    assert quick == parsed
    assert taken == [expected == PLAIN]


def test_an_event_with_a_zone_of_its_own_or_a_google_zone_is_not_read_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zone the file defines (Outlook's own names) and X-WR-TIMEZONE need the calendar
    around the event: those events go to icalendar whole, as before."""
    path = tmp_path / "zones.ics"
    path.write_bytes(
        calendar(
            event("o@example.org", datetime(2023, 7, 3, 14), tzid="Custom Zone"),
            event("b@example.org", datetime(2023, 7, 3, 14), tzid="Europe/Berlin"),
            timezones=[OUTLOOK_ZONE.replace("W. Europe Standard Time", "Custom Zone"), BERLIN],
        )
    )
    quick, parsed, taken = read_both(path, monkeypatch)
    assert quick == parsed and len(quick) == 2
    assert taken == [True]  # Berlin is a zone known by name; "Custom Zone" is the file's

    path.write_bytes(
        calendar(event("g@example.org", date(2024, 1, 2)), extra=["X-WR-TIMEZONE:UTC"])
    )
    quick, parsed, taken = read_both(path, monkeypatch)
    assert quick == parsed and len(quick) == 1 and taken == []


@pytest.mark.parametrize("name", ["0 =", "a =b", "a= b", "a=b"])
def test_an_unquoted_parameter_with_an_equals_sign_reads_as_icalendar_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """``icalendar`` drops the blanks around every "=" of a line's parameters, inside an
    unquoted value too (``CN=0 =`` is "0="): the quick reading kept them, and the two
    readings of one event differed (found by the property test below, 1 run in ~10).
    Such a value goes to ``icalendar``."""
    path = tmp_path / "equals.ics"
    lines = [
        "DTSTART:20240102T100000Z",
        "SUMMARY:Lunch",
        f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED:mailto:dan@example.org",
        ORG,
    ]
    path.write_bytes(calendar(lone(*lines)))
    quick, parsed, taken = read_both(path, monkeypatch)
    assert quick == parsed and len(quick) == 1
    assert taken == [False]


_TEXT = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n")
    | st.sampled_from([*';:,"\\^ \t', "\\n", "\\,", "\\;", "\\\\"]),
    max_size=30,
).map("".join)


def _folded(line: str, every: int) -> str:
    return "\n ".join(line[i : i + every] for i in range(0, len(line), every)) or line


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    summary=_TEXT,
    name=_TEXT,
    partstat=st.sampled_from(["ACCEPTED", "declined", "Declined", "TENTATIVE", ""]),
    quoted=st.booleans(),
    start=st.sampled_from(
        [
            "DTSTART:20240102T100000Z",
            "DTSTART;TZID=America/New_York:20240310T023000",
            "DTSTART;TZID=Pacific Standard Time:20231105T013000",
            "DTSTART:20240102",
            "DTSTART:20240102T100000",
        ]
    ),
    fold=st.integers(min_value=1, max_value=80),
)
def test_any_summary_and_attendee_name_read_the_same_both_ways(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    summary: str,
    name: str,
    partstat: str,
    quoted: bool,
    start: str,
    fold: int,
) -> None:
    cn = f'"{name}"' if quoted else name
    state = f";PARTSTAT={partstat}" if partstat else ""
    lines = [start, f"SUMMARY:{summary}", f"ATTENDEE;CN={cn}{state}:mailto:dan@example.org", ORG]
    path = tmp_path / "any.ics"
    path.write_bytes(calendar(lone(*(_folded(line, fold) for line in lines))))

    quick, parsed, _taken = read_both(path, monkeypatch)

    assert quick == parsed


def test_plain_events_are_not_parsed_by_icalendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's calendar is nine in ten plain events: none of them makes an
    ``icalendar`` component (parsing them was most of reading the calendar)."""
    import icalendar

    attendees = [("dan@example.org", "Dan Example", "ACCEPTED")]
    events = [
        event(f"e{n}@example.org", datetime(2024, 1, 1, 9, tzinfo=UTC), attendees=attendees)
        for n in range(200)
    ]
    path = tmp_path / "plain.ics"
    path.write_bytes(calendar(*events))
    made = [0]
    real_init = icalendar.cal.component.Component.__init__

    def counting(self: object, *args: object, **kwargs: object) -> None:
        made[0] += 1
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(icalendar.cal.component.Component, "__init__", counting)
    found = list(source.read(path, now=NOW))
    assert len(found) == 200 and all(r.recipients[0].name == "Dan Example" for r in found)  # type: ignore[union-attr]
    assert made[0] == 0


_DAYS = st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), unique=True)


@SETTINGS
@given(
    freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    interval=st.integers(min_value=1, max_value=3),
    days=_DAYS,
    month_day=st.one_of(st.none(), st.integers(min_value=-3, max_value=31).filter(bool)),
    end=st.sampled_from(
        ["", "COUNT=1", "COUNT=7", "UNTIL=20240301T000000Z", "UNTIL=20230101T000000Z"]
    ),
    start=st.sampled_from(
        [
            "DTSTART:20231230T100000Z",
            "DTSTART;TZID=Europe/Berlin:20231029T023000",
            "DTSTART;TZID=America/New_York:20240310T023000",
            "DTSTART;TZID=GMT Standard Time:20231231T235959",
            "DTSTART:20240101T000000",
        ]
    ),
)
def test_any_plain_rule_gives_the_instances_the_library_gives(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    freq: str,
    interval: int,
    days: list[str],
    month_day: int | None,
    end: str,
    start: str,
) -> None:
    parts = [f"FREQ={freq}", f"INTERVAL={interval}"]
    parts += [f"BYDAY={','.join(days)}"] if days and freq == "WEEKLY" else []
    parts += [f"BYMONTHDAY={month_day}"] if month_day is not None and freq == "MONTHLY" else []
    parts += [end] if end else []
    path = tmp_path / "rule.ics"
    path.write_bytes(calendar(lone(start, f"RRULE:{';'.join(parts)}", ORG)))

    quick, parsed, taken = read_both(path, monkeypatch)

    assert quick == parsed
    assert taken == [not (end.startswith("UNTIL") and start.endswith("000000"))]
