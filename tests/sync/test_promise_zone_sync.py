"""A phone's task in another time zone through a real Radicale (issue 16): written in
New York (``DUE;TZID=America/New_York``, weekly at 9:00) and read by Relapps in Berlin,
it keeps New York's zone: Done moves it on to 9:00 New York time, written back in New
York's time, and the phone's own occurrences stay at 9:00 there across both
daylight-saving changes (New York's on 14 March, Berlin's on 28 March)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.promise_wording import due_phrase
from relapp.services import promises
from tests.dav_server import Account
from tests.sync.calendar_helpers import calendar_url, everything_of
from tests.sync.helpers import folder_db, raw, sync
from tests.sync.test_recurring_sync import open_ones, person, server_text, the_todo
from tests.unit.domain.sync.test_todo_zone import occurrences, phone

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_a_new_york_series_stays_at_9_in_new_york_for_relapps_in_berlin(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    person(a, "Dan Brown")
    sync(a, account)
    url = calendar_url(account, "promises")
    put = raw(
        account,
        "PUT",
        f"{url}ny-1.ics",
        data=phone().encode(),
        headers={"Content-Type": "text/calendar; charset=utf-8"},
    )
    assert put.status_code in (201, 204), put.text
    sync(a, account)
    (p,) = open_ones(a)
    assert (p.zone, p.due_at) == ("America/New_York", datetime(2027, 3, 7, 14, 0, tzinfo=UTC))
    now = datetime(2027, 3, 7, 12, 0, tzinfo=UTC)
    assert due_phrase(p, now, BERLIN) == "due today at 15:00 (09:00 in New York)"
    promises.complete_promise(a, p.id, now=p.due_at, zone=BERLIN)
    sync(a, account)
    text = server_text(account, "ny-1")
    due = the_todo(text)["DUE"]
    assert due.params["TZID"] == "America/New_York"
    assert due.dt.replace(tzinfo=None) == datetime(2027, 3, 14, 9, 0)
    assert [(o.day, o.hour) for o in occurrences(text, 3)] == [(14, 9), (21, 9), (28, 9)]
    (p,) = open_ones(a)
    assert p.due_at == datetime(2027, 3, 14, 13, 0, tzinfo=UTC)  # EDT now
    assert not sync(a, account).promises.anything
    # The other Relapp in Berlin: the same promise in New York's zone, and it moves on
    # there too (21 March 9:00 EDT, while Berlin is still on winter time).
    sync(b, account)
    (q,) = open_ones(b)
    assert (q.zone, q.due_at, q.recurrence) == (p.zone, p.due_at, p.recurrence)
    promises.complete_promise(b, q.id, now=q.due_at, zone=BERLIN)
    sync(b, account)
    sync(a, account)
    for db in (a, b):
        (r,) = open_ones(db)
        assert r.due_at == datetime(2027, 3, 21, 13, 0, tzinfo=UTC)
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert not sync(a, account).promises.anything
