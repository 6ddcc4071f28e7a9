"""One occurrence done on the phone while Relapp edited the same promise (issue 16),
through a real Radicale: the phone's override (``RECURRENCE-ID``, ``STATUS:COMPLETED``)
and Relapp's edit of the series between the same two syncs both count. The occurrence
gets its done record, the series moves on, and Relapp's edit is kept."""

from __future__ import annotations

import dataclasses
from datetime import UTC, timedelta
from pathlib import Path

import icalendar
import pytest

from relapp.services import promises
from relapp.services.sync.dav import DavClient, DavError, Failure
from relapp.services.sync.engine import SyncIncomplete
from relapp.storage import Database
from tests.dav_server import Account
from tests.sync.calendar_helpers import everything_of, items_on_server
from tests.sync.helpers import folder_db, sync
from tests.sync.test_phone_done import DONE_AT, phone_put, statuses, the_task
from tests.sync.test_recurring_sync import FIRST, NOW, open_ones, person, weekly


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def phone_marks_first_done(account: Account) -> None:
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


def edit_series(db: Database, **changes: object) -> None:
    (series,) = open_ones(db)
    draft = dataclasses.replace(series.draft(), **changes)
    promises.update_promise(db, series.id, draft, now=NOW + timedelta(hours=1))


def the_series_on_server(account: Account) -> icalendar.Component:
    (text,) = [t for t in items_on_server(account, "promises").values() if "RRULE" in t]
    todos = list(icalendar.Calendar.from_ical(text).walk("VTODO"))
    (master,) = [t for t in todos if "RECURRENCE-ID" not in t]
    return master


@pytest.mark.parametrize("how", ["what", "due"])
def test_an_occurrence_done_on_the_phone_while_relapp_edited_the_series(
    tmp_path: Path, account: Account, berlin: None, how: str
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    sync(b, account)
    phone_marks_first_done(account)
    first = FIRST.astimezone(UTC)
    if how == "what":
        edit_series(a, what="call Mum and Dad")
        due_first = first
    else:  # this occurrence an hour later, the same day
        due_first = first + timedelta(hours=1)
        edit_series(a, due_at=due_first)
    sync(a, account)
    # The occurrence done at the phone's time, the series on to next Sunday 18:00.
    second = (FIRST + timedelta(days=7)).astimezone(UTC)
    assert statuses(a) == [("done", due_first, DONE_AT), ("open", second, None)]
    (series,) = open_ones(a)
    expected = "call Mum and Dad" if how == "what" else "call Mum"
    assert series.what == expected
    assert series.recurrence
    master = the_series_on_server(account)
    assert master["DUE"].dt.astimezone(UTC) == second
    assert str(master["STATUS"]) == "NEEDS-ACTION"
    assert expected in str(master["SUMMARY"])
    assert len(items_on_server(account, "promises")) == 2
    assert not sync(a, account).promises.anything
    sync(b, account)
    assert statuses(b) == statuses(a)
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert not sync(b, account).promises.anything


def test_two_relapps_one_of_which_moved_the_due_time_make_one_done_record(
    tmp_path: Path, account: Account, berlin: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read the phone's done before either sends: the done record is named by the
    occurrence as the phone named it, not by the due time as edited here."""
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    sync(b, account)
    phone_marks_first_done(account)
    edit_series(a, due_at=FIRST.astimezone(UTC) + timedelta(hours=1))

    def refused(self: DavClient, *args: object, **kwargs: object) -> str | None:
        raise DavError(Failure.OFFLINE, "could not reach the server")

    with monkeypatch.context() as patched, pytest.raises(SyncIncomplete):
        patched.setattr(DavClient, "put", refused)
        sync(b, account, only={"promises"})
    assert [s[0] for s in statuses(b)] == ["done", "open"]
    sync(a, account)
    sync(b, account)
    sync(a, account)
    for db in (a, b):
        assert [s[0] for s in statuses(db)] == ["done", "open"], statuses(db)
    assert statuses(a) == statuses(b)
    assert len(items_on_server(account, "promises")) == 2


def test_the_phones_done_comes_between_relapps_listing_and_its_write_a_412(
    tmp_path: Path, account: Account, berlin: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relapp sends its edit with the ETag it listed; the phone wrote its override just
    before, so the server answers 412: the merge keeps both, as when both were listed."""
    a = folder_db(tmp_path, "a")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    edit_series(a, what="call Mum and Dad")
    real_put = DavClient.put
    refused: list[int] = []

    def phone_first(self: DavClient, href: str, *args: object, **kwargs: object) -> str | None:
        if not refused and kwargs.get("etag"):  # Relapp's edit of the series
            phone_marks_first_done(account)
        try:
            return real_put(self, href, *args, **kwargs)  # type: ignore[arg-type]
        except DavError as exc:
            refused.append(1 if exc.kind is Failure.CONFLICT else 0)
            raise

    with monkeypatch.context() as patched:
        patched.setattr(DavClient, "put", phone_first)
        sync(a, account)
    assert refused == [1]  # the server did refuse the stale write
    second = (FIRST + timedelta(days=7)).astimezone(UTC)
    assert statuses(a) == [("done", FIRST.astimezone(UTC), DONE_AT), ("open", second, None)]
    (series,) = open_ones(a)
    assert series.what == "call Mum and Dad"
    master = the_series_on_server(account)
    assert master["DUE"].dt.astimezone(UTC) == second
    assert "call Mum and Dad" in str(master["SUMMARY"])
    assert not sync(a, account).promises.anything
