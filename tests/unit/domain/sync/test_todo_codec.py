"""Promises <-> VTODO: what Relapp writes, what it reads back after a server rewrote it,
and tasks other apps wrote."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.model import Channel
from relapp.domain.promises import Promiser, PromiseStatus, reminder_text
from relapp.domain.sync.ical_lines import CalendarItemError
from relapp.domain.sync.ical_text import same_meaning
from relapp.domain.sync.todo_codec import (
    promise_item,
    read_title,
    read_todo,
    todo_text,
)
from tests.unit.domain.sync.samples import (
    DAVX5_OPENTASKS,
    DUE,
    IOS,
    NOW,
    PARIS,
    TASKS_ORG,
    item,
    promise,
    task,
)
from tests.unit.domain.sync.server_rewrite import rewritten, through_radicale


def lines_of(text: str) -> list[str]:
    return text.replace("\r\n ", "").splitlines()


def test_a_promise_is_written_as_a_task_with_its_reminder_title_due_person_and_alarm() -> None:
    text = todo_text(item(), NOW)
    lines = lines_of(text)
    assert "SUMMARY:Call Dan: send the quotes" in lines
    assert "DUE:20260305T140000Z" in lines
    assert "STATUS:NEEDS-ACTION" in lines
    assert "UID:promise-1@relapp" in lines
    assert "X-RELAPP-PERSON-UID:person-dan@relapp" in lines
    assert "X-RELAPP-PROMISER:me" in lines
    assert "X-RELAPP-CHANNEL:call" in lines
    assert "DTSTAMP:20260301T120000Z" in lines
    assert "LAST-MODIFIED:20260301T120000Z" in lines
    alarm = lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM")]
    assert "ACTION:DISPLAY" in alarm
    assert "TRIGGER;VALUE=DATE-TIME:20260305T140000Z" in alarm  # rings at DUE
    assert not any(line.startswith("RELATED-TO") for line in lines)


def test_the_title_is_the_reminders_title_not_a_second_wording() -> None:
    theirs = promise(promiser=Promiser.THEM, channel=None)
    made = promise_item(theirs, uid="u", person_uid="p", person_name="Dan")
    assert made.title == reminder_text("Dan", theirs, None, frozenset())[0]
    assert made.title == "Dan owes you: send the quotes"
    preferred = promise_item(
        promise(channel=None),
        uid="u",
        person_uid="p",
        person_name="Jeff",
        preferred=Channel.EMAIL,
    )
    assert preferred.title == "Email Jeff: send the quotes"


VARIANTS = {
    "open": {},
    "theirs, no channel": {"promiser": Promiser.THEM, "channel": None},
    "done": {"status": PromiseStatus.DONE, "done_at": datetime(2026, 3, 4, 8, 15, tzinfo=UTC)},
    "cancelled": {"status": PromiseStatus.CANCELLED},
    "snoozed": {"snoozed_until": datetime(2026, 3, 6, 8, 0, tzinfo=UTC)},
    "unicode and html": {"what": "envoyer le devis — <b>vite</b> & <img src=x> 😀"},
    "separators": {"what": 'quotes, invoice; and a "backslash" \\ too'},
    "two lines": {"what": "send the quotes\nand the invoice"},
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_round_trip_through_a_rewriting_server_keeps_every_field(name: str, seed: int) -> None:
    sent = item(**VARIANTS[name])
    stored = rewritten(todo_text(sent, NOW), seed)
    assert same_meaning(stored, todo_text(sent, NOW))
    back = read_todo(stored, PARIS)
    assert back == replace(sent, modified_at=NOW, person_name=back.person_name)
    assert back.by_relapp


def test_person_uids_with_commas_survive_the_server_that_cuts_x_values() -> None:
    sent = replace(item(), person_uid="urn:uuid:a,b;c")
    assert read_todo(through_radicale(todo_text(sent, NOW)), PARIS).person_uid == "urn:uuid:a,b;c"


@pytest.mark.parametrize(
    "changes", [{}, {"promiser": Promiser.THEM, "channel": None}, {"channel": Channel.EMAIL}]
)
def test_a_task_that_lost_relapps_x_properties_on_a_phone_still_reads_from_its_title(
    changes: dict[str, object],
) -> None:
    sent = item(**changes)
    stripped = "".join(
        line
        for line in todo_text(sent, NOW).splitlines(keepends=True)
        if not line.startswith("X-RELAPP-")
    )
    got = read_todo(stripped, PARIS)
    assert not got.by_relapp and got.person_uid is None  # the engine knows it by its UID
    assert (got.what, got.promiser, got.channel, got.person_name) == (
        sent.what,
        sent.promiser,
        sent.channel,
        "Dan",
    )
    assert (got.due_at, got.status, got.uid) == (sent.due_at, sent.status, sent.uid)


def test_a_snooze_is_the_alarm_moved_and_reads_back() -> None:
    until = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    lines = lines_of(todo_text(item(snoozed_until=until), NOW))
    assert "TRIGGER;VALUE=DATE-TIME:20260306T080000Z" in lines
    assert read_todo(todo_text(item(snoozed_until=until), NOW), PARIS).snoozed_until == until
    # a snooze that ends before the due time does not bring the reminder forward
    early = item(snoozed_until=DUE - timedelta(hours=1))
    assert "TRIGGER;VALUE=DATE-TIME:20260305T140000Z" in lines_of(todo_text(early, NOW))
    assert read_todo(todo_text(early, NOW), PARIS).snoozed_until is None


def test_the_alarm_left_behind_by_a_phone_that_moved_due_shows() -> None:
    moved = todo_text(item(), NOW).replace("DUE:20260305T140000Z", "DUE:20260307T140000Z")
    got = read_todo(moved, PARIS)
    assert got.due_at == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)
    assert got.alarm_at == DUE  # still at the old due time: the engine moves it back
    assert got.snoozed_until is None
    assert read_todo(TASKS_ORG, PARIS).alarm_at is None  # relative alarms only


def test_done_says_completed_with_its_time() -> None:
    done_at = datetime(2026, 3, 4, 8, 15, tzinfo=UTC)
    lines = lines_of(todo_text(item(status=PromiseStatus.DONE, done_at=done_at), NOW))
    assert {"STATUS:COMPLETED", "COMPLETED:20260304T081500Z", "PERCENT-COMPLETE:100"} <= set(lines)


def test_an_unaware_time_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        todo_text(item(), datetime(2026, 3, 1, 12, 0))


# --- tasks other apps wrote --------------------------------------------------------------------


def test_a_davx5_opentasks_task_reads_as_their_promise_done() -> None:
    got = read_todo(DAVX5_OPENTASKS, PARIS)
    assert (got.what, got.promiser, got.channel, got.person_name) == (
        "the signed contract",
        Promiser.THEM,
        None,
        "Dan",
    )
    assert got.due_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # DATE: 9:00 in Paris (CET)
    assert got.status is PromiseStatus.DONE
    assert got.done_at == datetime(2026, 3, 2, 8, 14, tzinfo=UTC)
    assert got.modified_at == datetime(2026, 3, 2, 8, 14, tzinfo=UTC)
    assert got.created_at == datetime(2026, 3, 1, 20, 0, tzinfo=UTC)


def test_a_tasks_org_task_reads_as_my_promise_with_no_channel() -> None:
    got = read_todo(TASKS_ORG, PARIS)
    assert got.what == "Buy a birthday card for Ann"
    assert got.promiser is Promiser.ME
    assert got.channel is None
    assert got.person_uid is None and got.person_name is None
    assert got.due_at == datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 18:00 in Vienna (CET)
    assert got.status is PromiseStatus.OPEN
    assert got.snoozed_until is None  # its alarms ring at or before DUE
    assert not got.by_relapp
    assert got.uid == "4521093874629384756"


def test_an_ios_reminder_in_relapps_words_gives_channel_and_name() -> None:
    got = read_todo(IOS, PARIS)
    assert (got.what, got.promiser, got.channel, got.person_name) == (
        "the venue for June",
        Promiser.ME,
        Channel.CALL,
        "Carol",
    )
    assert got.due_at == datetime(2026, 3, 12, 19, 0, tzinfo=UTC)  # 15:00 EDT
    assert got.snoozed_until is None  # its alarm rings at DUE: not a snooze


@pytest.mark.parametrize(
    ("title", "what", "promiser", "channel", "name"),
    [
        ("Call Dan: send the quotes", "send the quotes", Promiser.ME, Channel.CALL, "Dan"),
        (
            "Write to Ann Lee: thank-you card",
            "thank-you card",
            Promiser.ME,
            Channel.LETTER,
            "Ann Lee",
        ),
        ("Contact them: ask about it", "ask about it", Promiser.ME, None, None),
        ("Dan owes you: the quotes", "the quotes", Promiser.THEM, None, "Dan"),
        ("Buy milk", "Buy milk", None, None, None),
        ("Meeting: budget", "Meeting: budget", None, None, None),
    ],
)
def test_titles_in_relapps_shape_are_read_back(
    title: str, what: str, promiser: Promiser | None, channel: Channel | None, name: str | None
) -> None:
    said = read_title(title)
    assert (said.what, said.promiser, said.channel, said.name) == (what, promiser, channel, name)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("DUE:20260329T120000Z", datetime(2026, 3, 29, 12, 0, tzinfo=UTC)),
        # DATE only: 9:00 that day where the user is (CEST from 29 March: 07:00 UTC)
        ("DUE;VALUE=DATE:20260329", datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
        ("DUE;VALUE=DATE:20260328", datetime(2026, 3, 28, 8, 0, tzinfo=UTC)),
        # floating: wall time where the user is
        ("DUE:20260329T093000", datetime(2026, 3, 29, 7, 30, tzinfo=UTC)),
        ("DUE;TZID=America/New_York:20260308T090000", datetime(2026, 3, 8, 13, 0, tzinfo=UTC)),
        ("DUE;TZID=America/New_York:20260307T090000", datetime(2026, 3, 7, 14, 0, tzinfo=UTC)),
        # a TZID nobody knows and no VTIMEZONE: wall time where the user is
        ("DUE;TZID=Atlantis/Capital:20260310T100000", datetime(2026, 3, 10, 9, 0, tzinfo=UTC)),
        # no DUE: DTSTART + DURATION
        ("DTSTART:20260310T100000Z\r\nDURATION:PT2H", datetime(2026, 3, 10, 12, 0, tzinfo=UTC)),
        ("DTSTART:20260310T100000Z", None),
    ],
)
def test_due_times_in_every_shape_clients_write(due: str, expected: datetime | None) -> None:
    assert read_todo(task(due), PARIS).due_at == expected


def test_an_outlook_time_zone_is_read_from_its_vtimezone() -> None:
    text = TASKS_ORG.replace("Europe/Vienna", "W. Europe Standard Time")
    assert read_todo(text, ZoneInfo("Asia/Tokyo")).due_at == datetime(
        2026, 3, 10, 17, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        (("STATUS:IN-PROCESS",), PromiseStatus.OPEN),
        (("STATUS:X-WAITING",), PromiseStatus.OPEN),
        (("STATUS:needs-action",), PromiseStatus.OPEN),
        ((), PromiseStatus.OPEN),
        (("STATUS:CANCELLED",), PromiseStatus.CANCELLED),
        (("STATUS:COMPLETED", "COMPLETED:20260302T100000Z"), PromiseStatus.DONE),
        (("COMPLETED:20260302T100000Z",), PromiseStatus.DONE),
        (("PERCENT-COMPLETE:100",), PromiseStatus.DONE),
    ],
)
def test_status_words_read_sensibly(lines: tuple[str, ...], status: PromiseStatus) -> None:
    assert read_todo(task("DUE:20260310T100000Z", *lines), PARIS).status is status


def test_done_without_a_completed_time_says_it_does_not_know_when() -> None:
    got = read_todo(task("DUE:20260310T100000Z", "STATUS:COMPLETED"), PARIS)
    assert got.status is PromiseStatus.DONE and got.done_at is None
    done = read_todo(task("STATUS:COMPLETED", "COMPLETED:20260302T100000Z"), PARIS)
    assert done.done_at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_unknown_relapp_words_read_as_not_said() -> None:
    got = read_todo(
        task("X-RELAPP-RECORD:promise", "X-RELAPP-CHANNEL:pigeon", "X-RELAPP-PROMISER:nobody"),
        PARIS,
    )
    assert got.channel is None and got.promiser is Promiser.ME and got.by_relapp


# --- text that is not a task ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty"),
        ("hello there", 1, "not an iCalendar line"),
        ("BEGIN:VCARD\r\nFN:Dan\r\nEND:VCARD\r\n", 1, "not a VCALENDAR"),
        (task("DUE:20260310T100000Z").replace("END:VTODO\r\n", ""), 4, "never ended"),
        (task("this line has no colon"), 8, "not an iCalendar line"),
        (task("DUE:the day after tomorrow"), 8, "date"),
        (task().replace("VTODO", "VEVENT"), None, "no VTODO in the item (it holds VEVENT)"),
        (task() + task(), 11, "more than one calendar"),
        (task().replace("UID:t1", "UID:"), None, "a VTODO without a UID"),
        (task("END:VTODO", "BEGIN:VTODO", "UID:t2"), None, "2 VTODOs with different UIDs"),
    ],
)
def test_broken_text_says_what_and_where(text: str, line: int | None, words: str) -> None:
    with pytest.raises(CalendarItemError) as caught:
        read_todo(text, PARIS, source="/cal/relapp/x.ics")
    error = caught.value
    assert error.line == line
    assert words in error.message
    where = "/cal/relapp/x.ics" if line is None else f"/cal/relapp/x.ics, line {line}"
    assert str(error).startswith(where + ": ")
