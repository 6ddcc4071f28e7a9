"""A recurring task with overrides of single occurrences (``RECURRENCE-ID``), as DAVx⁵
(tasks.org, jtx Board), Thunderbird and iOS write one occurrence's change: the series
reads from its master wherever the overrides stand in the file, and an override at the
series' due time marked completed reads as that occurrence done (``read_todo``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from relapp.domain.promises import PromiseStatus
from relapp.domain.recurrence import Repeat, rule_for
from relapp.domain.sync.todo_codec import read_todo, todo_text
from tests.unit.domain.sync.samples import item

BERLIN = ZoneInfo("Europe/Berlin")
FIRST = datetime(2027, 3, 21, 18, 0, tzinfo=BERLIN)  # a Sunday
NOW = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)
DONE_AT = datetime(2027, 3, 21, 16, 30, tzinfo=UTC)


def series_text() -> str:
    return todo_text(item(due_at=FIRST, recurrence=rule_for(Repeat.WEEKLY, FIRST)), NOW, BERLIN)


def with_override(
    text: str, occurrence: datetime, *, completed: bool = True, first: bool = False
) -> str:
    """The series with one occurrence overridden, as a phone writes it."""
    calendar = icalendar.Calendar.from_ical(text)
    master = next(iter(calendar.walk("VTODO")))
    override = icalendar.Todo()
    for name in ("UID", "SUMMARY", "DTSTAMP"):
        override.add(name, master[name])
    override.add("RECURRENCE-ID", occurrence)
    if completed:
        override.add("DUE", occurrence)
        override.add("STATUS", "COMPLETED")
        override.add("COMPLETED", DONE_AT)
        override.add("PERCENT-COMPLETE", 100)
    else:  # this one occurrence moved two hours later
        override.add("DUE", occurrence + timedelta(hours=2))
        override.add("STATUS", "IN-PROCESS")
    if first:
        calendar.subcomponents.insert(0, override)
    else:
        calendar.add_component(override)
    return calendar.to_ical().decode()


@pytest.mark.parametrize("first", [False, True])
def test_an_override_at_the_due_time_marked_completed_is_that_occurrence_done(
    first: bool,
) -> None:
    series = read_todo(series_text(), BERLIN)
    got = read_todo(with_override(series_text(), FIRST, first=first), BERLIN)
    assert got.occurrence_done
    assert (got.status, got.done_at) == (PromiseStatus.DONE, DONE_AT)
    # Everything else is the master's: the occurrence's due time, the rule, the text.
    assert (got.due_at, got.recurrence, got.what, got.uid) == (
        series.due_at,
        series.recurrence,
        series.what,
        series.uid,
    )


def test_an_override_of_another_occurrence_or_not_done_changes_nothing() -> None:
    series = read_todo(series_text(), BERLIN)
    later = datetime(2027, 3, 28, 18, 0, tzinfo=BERLIN)
    for text in (
        with_override(series_text(), later),  # done, but not the one due now
        with_override(series_text(), FIRST, completed=False),  # changed, not done
        with_override(series_text(), FIRST, completed=False, first=True),
    ):
        got = read_todo(text, BERLIN)
        assert got == series and not got.occurrence_done


def test_a_task_that_does_not_repeat_is_read_as_it_says() -> None:
    once = todo_text(item(due_at=FIRST), NOW, BERLIN)
    got = read_todo(with_override(once, FIRST), BERLIN)
    assert got.status is PromiseStatus.OPEN and not got.occurrence_done
