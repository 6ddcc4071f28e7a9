"""Editing the server's copy of a task: only what Relapp changed changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from relapp.domain.model import Channel
from relapp.domain.promises import PromiseStatus
from relapp.domain.sync.ical_lines import CalendarItemError
from relapp.domain.sync.ical_text import meaning, same_meaning
from relapp.domain.sync.todo_codec import read_todo, todo_text
from relapp.domain.sync.todo_edit import TODO_FIELDS, edit_todo
from tests.unit.domain.sync.samples import IOS, NOW, PARIS, TASKS_ORG, item
from tests.unit.domain.sync.server_rewrite import rewritten, through_radicale

LATER = datetime(2026, 3, 3, 18, 0, tzinfo=UTC)


def unfolded(text: str) -> list[str]:
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] == " " and out:
            out[-1] += line[1:]
        elif line:
            out.append(line)
    return out


def kept_lines(original: str, edited: str, changed: set[str]) -> tuple[list[str], list[str]]:
    """The original's lines whose property is not in ``changed``, and the edited text's."""
    keep = [line for line in unfolded(original) if line.split(":")[0].split(";")[0] not in changed]
    return keep, unfolded(edited)


def test_marking_a_foreign_task_done_keeps_everything_else_byte_for_byte() -> None:
    theirs = read_todo(TASKS_ORG, PARIS)
    done = replace(theirs, status=PromiseStatus.DONE, done_at=LATER)
    edited = edit_todo(TASKS_ORG, done, {"status"}, LATER, PARIS)
    changed = {"STATUS", "COMPLETED", "PERCENT-COMPLETE", "DTSTAMP", "LAST-MODIFIED"}
    keep, now = kept_lines(TASKS_ORG, edited, changed)
    assert [line for line in now if line in keep] == keep  # same lines, same order
    assert {"STATUS:COMPLETED", "COMPLETED:20260303T180000Z", "PERCENT-COMPLETE:100"} <= set(now)
    assert "X-RELAPP-RECORD:promise" in now  # Relapp now knows the task
    back = read_todo(edited, PARIS)
    assert back.status is PromiseStatus.DONE and back.done_at == LATER
    assert (back.what, back.due_at, back.uid) == (theirs.what, theirs.due_at, theirs.uid)


def test_reopening_removes_the_completed_time() -> None:
    done = todo_text(item(status=PromiseStatus.DONE, done_at=LATER), NOW)
    edited = edit_todo(done, item(), {"status"}, LATER, PARIS)
    lines = unfolded(edited)
    assert "STATUS:NEEDS-ACTION" in lines
    assert not any(line.startswith(("COMPLETED", "PERCENT-COMPLETE")) for line in lines)


def test_a_snooze_moves_the_alarm_that_rings_at_the_due_time_and_no_other() -> None:
    theirs = read_todo(TASKS_ORG, PARIS)
    until = datetime(2026, 3, 11, 8, 0, tzinfo=UTC)
    edited = edit_todo(
        TASKS_ORG, replace(theirs, snoozed_until=until), {"snoozed_until"}, LATER, PARIS
    )
    lines = unfolded(edited)
    assert "TRIGGER;VALUE=DATE-TIME:20260311T080000Z" in lines
    assert "TRIGGER;RELATED=END:-PT15M" in lines  # the user's own early alarm stays
    assert "TRIGGER;RELATED=END:PT0S" not in lines
    assert lines.count("BEGIN:VALARM") == 2
    assert read_todo(edited, PARIS).snoozed_until == until


def test_an_ios_alarm_at_the_due_time_is_the_one_snoozed_and_keeps_its_ids() -> None:
    theirs = read_todo(IOS, PARIS)
    until = datetime(2026, 3, 13, 13, 0, tzinfo=UTC)
    edited = edit_todo(IOS, replace(theirs, snoozed_until=until), {"snoozed_until"}, LATER, PARIS)
    lines = unfolded(edited)
    assert lines.count("BEGIN:VALARM") == 1
    assert "TRIGGER;VALUE=DATE-TIME:20260313T130000Z" in lines
    assert "X-WR-ALARMUID:0C3D8E1A-7F55-4C2B-A1E4-5B9D2F6C8A70" in lines
    assert read_todo(edited, PARIS).snoozed_until == until
    # and unsnoozing brings it back to the due time
    back = edit_todo(edited, replace(theirs, snoozed_until=None), {"snoozed_until"}, LATER, PARIS)
    assert read_todo(back, PARIS).snoozed_until is None


def test_moving_due_before_an_ios_start_moves_the_start_too() -> None:
    theirs = read_todo(IOS, PARIS)
    earlier = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    lines = unfolded(edit_todo(IOS, replace(theirs, due_at=earlier), {"due_at"}, LATER, PARIS))
    # The task is New York's: its new due time is written in New York's time (EDT).
    assert "DTSTART;TZID=America/New_York:20260310T050000" in lines
    assert "DUE;TZID=America/New_York:20260310T050000" in lines
    assert "TRIGGER;VALUE=DATE-TIME:20260310T090000Z" in lines  # its alarm followed
    later = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    lines = unfolded(edit_todo(IOS, replace(theirs, due_at=later), {"due_at"}, LATER, PARIS))
    assert "DTSTART;TZID=America/New_York:20260312T150000" in lines  # before DUE: kept


def test_a_date_only_start_beside_a_new_due_time_becomes_a_time() -> None:
    dated = IOS.replace(
        "DTSTART;TZID=America/New_York:20260312T150000", "DTSTART;VALUE=DATE:20260301"
    )
    theirs = read_todo(dated, PARIS)
    lines = unfolded(edit_todo(dated, replace(theirs, due_at=LATER), {"due_at"}, LATER, PARIS))
    assert "DTSTART;TZID=America/New_York:20260303T130000" in lines  # as DUE, New York's


def test_a_task_without_an_alarm_gets_relapps_when_its_time_changes() -> None:
    bare = TASKS_ORG.split("BEGIN:VALARM")[0] + "END:VTODO\n" + TASKS_ORG.split("END:VTODO\n")[1]
    theirs = read_todo(bare, PARIS)
    edited = edit_todo(bare, replace(theirs, due_at=LATER), {"due_at"}, LATER, PARIS)
    lines = unfolded(edited)
    # The task is Vienna's (its DUE's TZID): the new due time is Vienna's wall time.
    assert "DUE;TZID=Europe/Vienna:20260303T190000" in lines
    assert lines.count("BEGIN:VTIMEZONE") == 1
    assert lines.count("BEGIN:VALARM") == 1 and "X-RELAPP-ALARM:reminder" in lines


@pytest.mark.parametrize("seed", [4, 5])
def test_editing_what_the_server_rewrote_changes_only_the_title(seed: int) -> None:
    stored = rewritten(todo_text(item(), NOW), seed)
    new = replace(item(what="send the signed quotes"), title="Call Dan: send the signed quotes")
    edited = edit_todo(stored, new, {"title"}, LATER, PARIS)
    back = read_todo(edited, PARIS)
    assert back.what == "send the signed quotes"
    assert back == replace(
        read_todo(stored, PARIS), what=back.what, title=back.title, modified_at=LATER
    )
    lines = unfolded(edited)
    assert "DESCRIPTION:Call Dan: send the signed quotes" in lines  # Relapp's alarm's text
    expected = todo_text(replace(new, created_at=item().created_at), NOW).replace(
        "20260301T120000Z", "20260303T180000Z"
    )
    assert same_meaning(edited, expected)


def test_every_field_edited_reads_back_as_written() -> None:
    stored = through_radicale(todo_text(item(), NOW))
    new = item(
        what="x", status=PromiseStatus.CANCELLED, snoozed_until=datetime(2026, 3, 9, tzinfo=UTC)
    )
    new = replace(new, person_uid="someone-else", channel=None, due_at=LATER)
    edited = edit_todo(stored, new, TODO_FIELDS, LATER, PARIS)
    assert read_todo(edited, PARIS) == replace(new, modified_at=LATER)
    assert meaning(edited) == meaning(todo_text(new, LATER))


def test_an_unknown_field_or_a_broken_original_is_refused() -> None:
    with pytest.raises(ValueError, match="not a task field: colour"):
        edit_todo(TASKS_ORG, item(), {"colour"}, LATER, PARIS)
    with pytest.raises(CalendarItemError, match="line 6: not an iCalendar line"):
        edit_todo(TASKS_ORG.replace("UID:", "UID", 1), item(), {"status"}, LATER, PARIS)


def test_a_foreign_task_relapp_edits_says_whom_and_how_to_every_other_relapp() -> None:
    """Once Relapp marks another app's task as its own (X-RELAPP-RECORD), a reader no
    longer takes the channel and the person from the title: the edit writes them."""
    phone = TASKS_ORG.replace("SUMMARY:Buy a birthday card for Ann", "SUMMARY:Call Ann: the card")
    theirs = replace(read_todo(phone, PARIS), person_uid="ann-uid")  # the engine found Ann
    assert (theirs.channel, theirs.what) == (Channel.CALL, "the card")
    edited = edit_todo(phone, replace(theirs, due_at=LATER), {"due_at"}, LATER, PARIS)
    back = read_todo(edited, PARIS)
    assert back.by_relapp
    got = (back.person_uid, back.channel, back.promiser, back.what, back.due_at)
    assert got == ("ann-uid", Channel.CALL, theirs.promiser, "the card", LATER)
    assert "SUMMARY:Call Ann: the card" in unfolded(edited)  # the title as the phone wrote it
