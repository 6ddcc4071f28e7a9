"""A phone's occurrence-done merged with an edit made here (issue 16): the promise kind
of the calendar sync (``promises_sync.PromiseKind``) over a real SQLite file, the merge
rule the sync applies (``calendar_kind.merge_items``), without a server."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from relapp.domain.model import PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.domain.recurrence import Repeat, rule_for
from relapp.domain.sync.todo_codec import PromiseItem
from relapp.services import people
from relapp.services import promises as service
from relapp.services.sync.calendar_kind import Leave, Wait, merge_items
from relapp.services.sync.promises_sync import PromiseKind
from relapp.storage import Database
from tests.unit.domain.sync.test_todo_overrides import BERLIN, DONE_AT, FIRST, NOW, with_override


def statuses(db: Database) -> list[tuple[str, datetime, datetime | None, str]]:
    rows = db.connection().execute("SELECT id FROM promise ORDER BY due_at, id").fetchall()
    found = [service.get_promise(db, r[0]) for r in rows]
    return [(p.status.value, p.due_at, p.done_at, p.what) for p in found]


def read(kind: PromiseKind, text: str) -> PromiseItem:
    got = kind.read(text, "task.ics")
    assert not isinstance(got, (Wait, Leave))
    return got


@pytest.fixture
def series(db: Database) -> tuple[PromiseKind, str, str]:
    """A weekly promise as synced: the kind, the promise's uid, the server's text."""
    mum = people.add_person(db, PersonDraft("Mum Adams", given_name="Mum")).id
    rule = rule_for(Repeat.WEEKLY, FIRST)
    draft = PromiseDraft(mum, Promiser.ME, "call Mum", None, FIRST, recurrence=rule)
    p = service.create_promise(db, draft, now=NOW)
    (uid,) = [r[0] for r in db.connection().execute("SELECT uid FROM promise")]
    kind = PromiseKind(db, BERLIN)
    kind.hashes()
    mine = kind.one(uid)
    assert mine is not None and p.id
    return kind, uid, kind.new_text(mine, NOW)


@pytest.mark.parametrize("edit", ["what", "due_at"])
def test_an_occurrence_done_there_and_an_edit_here_both_count(
    db: Database, series: tuple[PromiseKind, str, str], edit: str
) -> None:
    kind, uid, synced = series
    phone = with_override(synced, FIRST)  # the phone: this occurrence done
    (p,) = [
        service.get_promise(db, pid) for (pid,) in db.connection().execute("SELECT id FROM promise")
    ]
    first = FIRST.astimezone(UTC)
    due = first + timedelta(hours=1) if edit == "due_at" else first
    what = "call Mum and Dad" if edit == "what" else "call Mum"
    service.update_promise(db, p.id, dataclasses.replace(p.draft(), what=what, due_at=due), now=NOW)
    mine, theirs, base = kind.one(uid), read(kind, phone), read(kind, synced)
    assert mine is not None
    assert theirs.occurrence_done  # the edit here does not hide the phone's done
    values, replaced = merge_items(base, mine, theirs, kind.compared)
    merged = dataclasses.replace(mine, **values)
    assert merged.occurrence_done and merged.status is PromiseStatus.DONE
    assert (merged.what, merged.due_at) == (what, due)
    assert replaced == []
    assert not kind.kept_as_read(merged)  # the series moves on here: it goes back up
    # What goes to the server keeps the series open, with the edit and the override.
    changed = {n for n in kind.compared if getattr(merged, n) != getattr(theirs, n)}
    sent = icalendar.Calendar.from_ical(kind.edit_text(phone, merged, changed, NOW))
    (master,) = [t for t in sent.walk("VTODO") if "RECURRENCE-ID" not in t]
    assert str(master["STATUS"]) == "NEEDS-ACTION"
    assert master["DUE"].dt.astimezone(UTC) == due
    assert master["DUE"].params.get("TZID") == "Europe/Berlin"
    assert what in str(master["SUMMARY"])
    assert len(list(sent.walk("VTODO"))) == 2
    kind.update(uid, merged)
    second = (FIRST + timedelta(days=7)).astimezone(UTC)
    assert statuses(db) == [("done", due, DONE_AT, what), ("open", second, None, what)]
    now_open = kind.one(uid)
    assert now_open is not None and now_open.due_at == second


def test_an_occurrence_done_here_too_is_not_done_twice(
    db: Database, series: tuple[PromiseKind, str, str]
) -> None:
    kind, _, synced = series
    phone = with_override(synced, FIRST)
    (p,) = [
        service.get_promise(db, pid) for (pid,) in db.connection().execute("SELECT id FROM promise")
    ]
    service.complete_promise(db, p.id, now=FIRST.astimezone(UTC), zone=BERLIN)
    theirs = read(kind, phone)
    assert not theirs.occurrence_done and theirs.status is PromiseStatus.OPEN


def test_a_travellers_promise_keeps_its_home_zone_when_another_device_changed_it(
    db: Database,
) -> None:
    """Made in Berlin (its zone), changed on a device that writes its due time in UTC,
    and read by the laptop now in New York: the promise stays Berlin's."""
    from zoneinfo import ZoneInfo

    mum = people.add_person(db, PersonDraft("Mum Adams", given_name="Mum")).id
    rule = rule_for(Repeat.WEEKLY, FIRST)
    draft = PromiseDraft(
        mum, Promiser.ME, "call Mum", None, FIRST, recurrence=rule, zone="Europe/Berlin"
    )
    p = service.create_promise(db, draft, now=NOW)
    (uid,) = [r[0] for r in db.connection().execute("SELECT uid FROM promise")]
    kind = PromiseKind(db, ZoneInfo("America/New_York"))
    kind.hashes()
    mine = kind.one(uid)
    assert mine is not None and mine.zone == "Europe/Berlin"
    elsewhere = dataclasses.replace(mine, zone=None, what="call Mum and Dad", recurrence=None)
    theirs = read(kind, kind.new_text(elsewhere, NOW))  # a one-off, its DUE in UTC
    assert theirs.zone is None
    kind.update(uid, theirs)
    stored = service.get_promise(db, p.id)
    assert (stored.what, stored.zone) == ("call Mum and Dad", "Europe/Berlin")
