"""A phone's series with ``COUNT`` (tasks.org's "repeat 3 times") through a real
Radicale: Done here moves the series on with the occurrences *left*, so the phone, which
reads the task's new ``DUE`` and its ``RRULE``, shows no more than the phone's user asked
for (tasks.org lowers ``COUNT`` the same way when it moves a series on)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.services import promises
from tests.dav_server import Account
from tests.sync.helpers import folder_db, sync
from tests.sync.test_recurring_sync import (
    BERLIN,
    FIRST,
    open_ones,
    person,
    phone_occurrences,
    put_phone_task,
    rrule_lines,
    server_text,
)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_done_here_on_a_phones_three_times_series_leaves_two_on_the_phone(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    person(a, "Mum Adams")
    sync(a, account)
    put_phone_task(account, "tasks-org-3", "Call Mum: three calls", "FREQ=WEEKLY;BYDAY=SU;COUNT=3")
    assert phone_occurrences(server_text(account, "tasks-org-3"), 10) == [
        (FIRST + timedelta(days=7 * n)).astimezone(UTC) for n in range(3)
    ]
    sync(a, account)
    (p,) = open_ones(a)
    promises.complete_promise(a, p.id, now=p.due_at, zone=BERLIN)
    sync(a, account)
    text = server_text(account, "tasks-org-3")
    # The phone's view: the two left, not three more from the next Sunday.
    left = [(FIRST + timedelta(days=7 * n)).astimezone(UTC) for n in (1, 2)]
    assert phone_occurrences(text, 10) == left
    assert rrule_lines(text) == ["RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=2"]  # only COUNT moved
    assert not sync(a, account).promises.anything
    # Another Relapp reads the same two left; done twice more, the series is over.
    sync(b, account)
    for db in (a, b):
        (now_open,) = open_ones(db)
        assert now_open.due_at == left[0]
    for due in left:
        (p,) = open_ones(a)
        assert p.due_at == due
        promises.complete_promise(a, p.id, now=due, zone=BERLIN)
        sync(a, account)
    assert open_ones(a) == []
    sync(b, account)
    assert open_ones(b) == []
    assert datetime(2027, 4, 4, 16, 0, tzinfo=UTC) == left[-1]
