"""A promise done on the phone makes Relapp's done record (issue 16), through a real
Radicale: a task marked completed as DAVx⁵ writes it, and one occurrence of a recurring
series marked completed the way DAVx⁵ (tasks.org, jtx Board), Thunderbird and iOS write
it: an override with ``RECURRENCE-ID`` in the same item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import promises
from relapp.services.sync.dav import DavClient, DavError, Failure
from relapp.services.sync.engine import SyncIncomplete
from relapp.storage import Database, promises_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import calendar_url, everything_of, items_on_server
from tests.sync.helpers import folder_db, raw, sync
from tests.sync.test_recurring_sync import (
    FIRST,
    NOW,
    open_ones,
    person,
    weekly,
)

DONE_AT = datetime(2027, 3, 21, 16, 30, tzinfo=UTC)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's zone is Berlin's (``services.timezone.local_zone`` reads TZ)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


def the_task(account: Account) -> tuple[str, str, icalendar.Calendar]:
    """The one task on the server that repeats (else the only one): href, ETag, item."""
    url = calendar_url(account, "promises")
    client_items = items_on_server(account, "promises")
    href = next((h for h, t in client_items.items() if "RRULE" in t), next(iter(client_items)))
    got = raw(account, "GET", url + href.rsplit("/", 1)[1])
    assert got.status_code == 200
    return url + href.rsplit("/", 1)[1], got.headers["ETag"], icalendar.Calendar.from_ical(got.text)


def phone_put(account: Account, href: str, etag: str, calendar: icalendar.Calendar) -> None:
    put = raw(
        account,
        "PUT",
        href,
        data=calendar.to_ical(),
        headers={"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag},
    )
    assert put.status_code in (201, 204), put.text


def statuses(db: Database) -> list[tuple[str, datetime, datetime | None]]:
    rows = db.connection().execute("SELECT id FROM promise ORDER BY due_at, id").fetchall()
    found = [promises_repo.get_promise(db, r[0]) for r in rows]
    return [(p.status.value, p.due_at, p.done_at) for p in found]


def test_a_task_completed_on_the_phone_is_done_here(tmp_path: Path, account: Account) -> None:
    a = folder_db(tmp_path, "a")
    dan = person(a, "Dan Brown")
    due = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)
    draft = PromiseDraft(dan, Promiser.ME, "send the quotes", None, due)
    promises.create_promise(a, draft, now=NOW)
    sync(a, account)
    href, etag, calendar = the_task(account)
    todo = next(iter(calendar.walk("VTODO")))
    todo["STATUS"] = icalendar.vText("COMPLETED")
    todo.add("COMPLETED", DONE_AT)
    todo.add("PERCENT-COMPLETE", 100)
    phone_put(account, href, etag, calendar)
    got = sync(a, account).promises
    assert got.received_changed == 1
    assert statuses(a) == [("done", due, DONE_AT)]
    assert not sync(a, account).promises.anything


def test_one_occurrence_completed_on_the_phone_is_done_here_and_the_series_goes_on(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    sync(b, account)
    (series,) = open_ones(a)
    href, etag, calendar = the_task(account)
    master = next(iter(calendar.walk("VTODO")))
    override = icalendar.Todo()
    for name in ("UID", "SUMMARY", "DTSTAMP"):
        override.add(name, master[name])
    override.add("DUE", FIRST)
    override.add("RECURRENCE-ID", FIRST)
    override.add("STATUS", "COMPLETED")
    override.add("COMPLETED", DONE_AT)
    override.add("PERCENT-COMPLETE", 100)
    calendar.add_component(override)
    phone_put(account, href, etag, calendar)

    got = sync(a, account).promises
    first, second = FIRST.astimezone(UTC), (FIRST + timedelta(days=7)).astimezone(UTC)
    # The occurrence done (the phone's time), and the series due next Sunday 18:00.
    assert statuses(a) == [("done", first, DONE_AT), ("open", second, None)]
    (now_open,) = open_ones(a)
    assert now_open.recurrence == series.recurrence
    assert got.received_changed == 1
    # The series went back up, moved on (the phone's override kept), and the done one
    # as a task of its own; the next sync has nothing to do.
    tasks = items_on_server(account, "promises")
    assert len(tasks) == 2
    (text,) = [t for t in tasks.values() if "RRULE" in t]
    todos = list(icalendar.Calendar.from_ical(text).walk("VTODO"))
    (moved,) = [t for t in todos if "RECURRENCE-ID" not in t]
    assert moved["DUE"].dt.astimezone(UTC) == second
    assert str(moved["STATUS"]) == "NEEDS-ACTION"
    assert any("RECURRENCE-ID" in t for t in todos)
    assert not sync(a, account).promises.anything
    # The other Relapp: the same two, once.
    sync(b, account)
    assert statuses(b) == statuses(a)
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert not sync(b, account).promises.anything


def test_two_relapps_reading_the_same_occurrence_done_make_one_done_record(
    tmp_path: Path, account: Account, berlin: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    sync(b, account)
    href, etag, calendar = the_task(account)
    master = next(iter(calendar.walk("VTODO")))
    override = icalendar.Todo()
    for name in ("UID", "SUMMARY", "DTSTAMP"):
        override.add(name, master[name])
    override.add("DUE", FIRST)
    override.add("RECURRENCE-ID", FIRST)
    override.add("STATUS", "COMPLETED")
    override.add("COMPLETED", DONE_AT)
    calendar.add_component(override)
    phone_put(account, href, etag, calendar)
    # b reads the phone's change but is stopped before it sends anything back.

    def refused(self: DavClient, *args: object, **kwargs: object) -> str | None:
        raise DavError(Failure.OFFLINE, "could not reach the server")

    with monkeypatch.context() as patched, pytest.raises(SyncIncomplete):
        patched.setattr(DavClient, "put", refused)
        sync(b, account, only={"promises"})
    assert [s[0] for s in statuses(b)] == ["done", "open"]
    sync(a, account)
    sync(b, account)
    sync(a, account)
    assert statuses(a) == statuses(b)
    assert [s[0] for s in statuses(a)] == ["done", "open"]
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert len(items_on_server(account, "promises")) == 2


def test_an_occurrence_done_here_and_on_the_phone_is_done_once_and_the_series_goes_on(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a = folder_db(tmp_path, "a")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    (series,) = open_ones(a)
    href, etag, calendar = the_task(account)
    master = next(iter(calendar.walk("VTODO")))
    override = icalendar.Todo()
    for name in ("UID", "SUMMARY", "DTSTAMP"):
        override.add(name, master[name])
    override.add("DUE", FIRST)
    override.add("RECURRENCE-ID", FIRST)
    override.add("STATUS", "COMPLETED")
    override.add("COMPLETED", DONE_AT)
    calendar.add_component(override)
    phone_put(account, href, etag, calendar)
    here = FIRST.astimezone(UTC) + timedelta(hours=1)
    promises.complete_promise(a, series.id, now=here, zone=FIRST.tzinfo)  # type: ignore[arg-type]
    sync(a, account)
    first, second = FIRST.astimezone(UTC), (FIRST + timedelta(days=7)).astimezone(UTC)
    # Done here first: that record stays, the phone's says the same occurrence.
    assert statuses(a) == [("done", first, here), ("open", second, None)]
    assert not sync(a, account).promises.anything
    assert len(items_on_server(account, "promises")) == 2
