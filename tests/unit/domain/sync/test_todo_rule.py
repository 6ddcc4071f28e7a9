"""A recurring promise's rule on a task, both ways (``todo_rule``, ``todo_codec``,
``todo_edit``): pure, with the server's rewriting (Radicale's vobject) in between."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from relapp.domain.promises import PromiseStatus
from relapp.domain.recurrence import Repeat, Unit, custom_rule, describe, rule_for
from relapp.domain.sync.todo_codec import read_todo, todo_text
from relapp.domain.sync.todo_edit import edit_todo
from relapp.domain.sync.todo_rule import canonical, rule_in, rule_out
from tests.unit.domain.sync.samples import item, task
from tests.unit.domain.sync.server_rewrite import rewritten, through_radicale

BERLIN = ZoneInfo("Europe/Berlin")
FIRST = datetime(2027, 3, 21, 18, 0, tzinfo=BERLIN)  # a Sunday; DST starts 28 March
NOW = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)


def weekly(**changes: object):  # type: ignore[no-untyped-def]
    return item(due_at=FIRST, recurrence=rule_for(Repeat.WEEKLY, FIRST), **changes)


def the_todo(text: str) -> icalendar.Component:
    return next(iter(icalendar.Calendar.from_ical(text).walk("VTODO")))


def rrule_lines(text: str) -> list[str]:
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    todo = unfolded.split("BEGIN:VTODO", 1)[1].split("END:VTODO", 1)[0]
    return [line.strip() for line in todo.splitlines() if line.startswith("RRULE")]


# --- the rule, both ways ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repeat", "written"),
    [
        (Repeat.DAILY, "FREQ=DAILY"),
        (Repeat.WEEKLY, "FREQ=WEEKLY;BYDAY=SU"),
        (Repeat.MONTHLY, "FREQ=MONTHLY;BYMONTHDAY=21"),
        (Repeat.YEARLY, "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=21"),
    ],
)
def test_relapps_rules_go_out_without_the_time_of_day_and_come_back_whole(
    repeat: Repeat, written: str
) -> None:
    local = FIRST.replace(tzinfo=None)
    rule = rule_for(repeat, FIRST)
    assert rule is not None
    assert rule_out(rule, local) == written
    assert rule_in(written, local) == rule


def test_what_a_phone_leaves_to_the_start_is_filled_in_from_the_due_time() -> None:
    local = FIRST.replace(tzinfo=None)
    # iOS: no BYDAY, an explicit INTERVAL=1, parts in its own order.
    assert rule_in("FREQ=WEEKLY;INTERVAL=1", local) == rule_for(Repeat.WEEKLY, FIRST)
    assert rule_in("INTERVAL=2;FREQ=WEEKLY;BYDAY=SU;WKST=MO", local) == custom_rule(
        Unit.WEEKS, 2, FIRST
    )
    assert rule_in("FREQ=MONTHLY", local) == rule_for(Repeat.MONTHLY, FIRST)
    assert rule_in("freq=yearly", local) == rule_for(Repeat.YEARLY, FIRST)
    assert describe(rule_in("FREQ=WEEKLY;BYDAY=SU", local), local) == "every Sunday at 18:00"
    # A month's 31st is skipped in shorter months, as RFC 5545 says: not filled in.
    late = datetime(2027, 1, 31, 9, 0)
    assert rule_in("FREQ=MONTHLY", late) == "FREQ=MONTHLY;BYHOUR=9;BYMINUTE=0"


@pytest.mark.parametrize(
    "value", ["FREQ=HOURLY;INTERVAL=4", "FREQ=MINUTELY", "NOT A RULE", "FREQ=WEEKLY;BYDAY=XX", ""]
)
def test_a_rule_relapp_cannot_follow_reads_as_none(value: str) -> None:
    assert rule_in(value, FIRST.replace(tzinfo=None)) is None


def test_rules_compare_by_meaning_not_by_spelling() -> None:
    assert canonical("BYDAY=SU;FREQ=WEEKLY;INTERVAL=1;WKST=MO") == canonical("FREQ=WEEKLY;BYDAY=SU")
    assert canonical("FREQ=WEEKLY;BYDAY=SU") != canonical("FREQ=WEEKLY;BYDAY=SA")


# --- the task Relapp writes ---------------------------------------------------------------------


def test_a_recurring_promise_is_a_series_due_at_its_wall_time_in_the_users_zone() -> None:
    text = todo_text(weekly(), NOW, BERLIN)
    todo = the_todo(text)
    assert todo["DUE"].params["TZID"] == "Europe/Berlin"
    assert todo["DUE"].dt == FIRST and todo["DTSTART"].dt == FIRST
    assert rrule_lines(text) == ["RRULE:FREQ=WEEKLY;BYDAY=SU"]
    assert "BEGIN:VTIMEZONE" in text
    (alarm,) = todo.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(0) and alarm["TRIGGER"].params["RELATED"] == "END"
    occurrences = [
        o.astimezone(UTC)
        for o in islice(rrulestr(rrule_lines(text)[0][6:], dtstart=todo["DUE"].dt), 3)
    ]
    assert occurrences == [
        datetime(2027, 3, 21, 17, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 16, 0, tzinfo=UTC),  # summer time: still 18:00 in Berlin
        datetime(2027, 4, 4, 16, 0, tzinfo=UTC),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_the_series_reads_back_the_same_through_a_server(seed: int) -> None:
    sent = weekly()
    text = rewritten(through_radicale(todo_text(sent, NOW, BERLIN)), seed)
    back = read_todo(text, BERLIN)
    assert back.recurrence == sent.recurrence
    assert back.due_at == FIRST.astimezone(UTC)
    assert back.snoozed_until is None


def test_a_nameless_zone_writes_floating_wall_time() -> None:
    fixed = timezone(timedelta(hours=1))
    text = todo_text(weekly(), NOW, fixed)
    assert "DUE:20270321T180000\r\n" in text and "VTIMEZONE" not in text
    assert read_todo(text, fixed).recurrence == rule_for(Repeat.WEEKLY, FIRST)


def test_a_done_occurrence_is_no_series_and_keeps_its_rule_for_relapp() -> None:
    done = weekly(status=PromiseStatus.DONE, done_at=NOW)
    text = todo_text(done, NOW, BERLIN)
    assert "RRULE" not in text and "X-RELAPP-RECURRENCE" in text
    assert read_todo(text, BERLIN).recurrence == done.recurrence


def test_a_snoozed_occurrence_rings_at_the_snooze_end() -> None:
    later = FIRST.astimezone(UTC) + timedelta(hours=1)
    back = read_todo(todo_text(weekly(snoozed_until=later), NOW, BERLIN), BERLIN)
    assert back.snoozed_until == later


# --- editing the server's copy ----------------------------------------------------------------

PHONE = task(
    "DTSTART;TZID=Europe/Berlin:20270321T180000",
    "DUE;TZID=Europe/Berlin:20270321T180000",
    "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6",
    "PRIORITY:5",
    "BEGIN:VALARM",
    "TRIGGER;RELATED=END:PT0S",
    "ACTION:DISPLAY",
    "DESCRIPTION:Default Tasks.org description",
    "END:VALARM",
)


def test_moving_a_series_on_keeps_its_rule_line_and_moves_its_start() -> None:
    before = read_todo(PHONE, BERLIN)
    assert before.recurrence is not None  # followed as best Relapp can
    nxt = FIRST + timedelta(days=7)
    moved = edit_todo(PHONE, replace(before, due_at=nxt.astimezone(UTC)), {"due_at"}, NOW, BERLIN)
    todo = the_todo(moved)
    assert todo["DUE"].dt == nxt and todo["DTSTART"].dt == nxt
    assert rrule_lines(moved) == rrule_lines(PHONE)
    assert "PRIORITY:5" in moved and "Default Tasks.org description" in moved
    assert "TZID:Europe/Berlin" in moved  # the zone the new DUE names is in the item
    (alarm,) = todo.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(0)


def test_a_rule_relapp_cannot_follow_is_never_rewritten() -> None:
    hourly = PHONE.replace("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6", "FREQ=HOURLY")
    before = read_todo(hourly, BERLIN)
    assert before.recurrence is None
    edited = edit_todo(hourly, replace(before, what="moved"), {"what"}, NOW, BERLIN)
    assert rrule_lines(edited) == ["RRULE:FREQ=HOURLY"]


def test_a_rule_changed_in_relapp_replaces_the_tasks() -> None:
    before = read_todo(PHONE, BERLIN)
    rule = rule_for(Repeat.WEEKLY, FIRST)
    edited = edit_todo(PHONE, replace(before, recurrence=rule), {"recurrence"}, NOW, BERLIN)
    assert rrule_lines(edited) == ["RRULE:FREQ=WEEKLY;BYDAY=SU"]
    assert read_todo(edited, BERLIN).recurrence == rule


def test_a_phones_all_day_series_moves_on_as_a_day() -> None:
    all_day = task(
        "DTSTART;VALUE=DATE:20270321",
        "DUE;VALUE=DATE:20270321",
        "RRULE:FREQ=WEEKLY",
    )
    before = read_todo(all_day, BERLIN)
    assert before.recurrence == rule_for(Repeat.WEEKLY, FIRST.replace(hour=9))
    nxt = datetime(2027, 3, 28, 9, 0, tzinfo=BERLIN)
    moved = edit_todo(all_day, replace(before, due_at=nxt.astimezone(UTC)), {"due_at"}, NOW, BERLIN)
    assert "DUE;VALUE=DATE:20270328" in moved and "DTSTART;VALUE=DATE:20270328" in moved
    assert rrule_lines(moved) == ["RRULE:FREQ=WEEKLY"]
    assert read_todo(moved, BERLIN).due_at == nxt.astimezone(UTC)


def test_a_count_lowered_alone_rewrites_only_the_count() -> None:
    from relapp.domain.sync.todo_rule import count_moved, with_count

    before = "FREQ=WEEKLY;COUNT=3;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    assert count_moved(before, before.replace("COUNT=3", "COUNT=2")) == 2
    assert count_moved(before, before.replace("BYDAY=SU", "BYDAY=MO")) is None
    assert count_moved(before, before.replace("COUNT=3;", "")) is None
    assert count_moved(None, before) is None
    line = "RRULE:WKST=SU;COUNT=3;FREQ=WEEKLY;X-NAME=ACCOUNT=7"
    assert with_count(line, 2) == "RRULE:WKST=SU;COUNT=2;FREQ=WEEKLY;X-NAME=ACCOUNT=7"
    assert with_count("RRULE:FREQ=DAILY", 2) is None
