"""Keeping time: catch-up at start, one summary when many, clock jumps and wake-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relapp.domain.model import Channel, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database
from tests.ui.promises.conftest import START

HOUR = timedelta(hours=1)
MIN = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def mine(db: Database, person: int, due, what: str = "send the pricing") -> int:
    draft = PromiseDraft(person, Promiser.ME, what, Channel.EMAIL, due)
    return service.create_promise(db, draft, now=START - 10 * HOUR).id


def test_promises_that_fell_due_while_closed_are_announced_once_as_a_summary(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    dan = people.add_person(db, PersonDraft("Dan Whitaker")).id
    service.set_last_seen(db, START - 5 * HOUR)  # Relapp last ran five hours ago
    ids = [mine(db, priya, START - h * HOUR, f"thing {h}") for h in (4, 3, 2)]
    ids.append(mine(db, dan, START - HOUR, "call back"))
    app = make_relapp()
    assert len(app.messages.calls) == 1
    title, body = app.messages.calls[0]
    assert title == "While you were away"
    assert body.startswith("4 promises fell due while Relapp was closed:")
    assert all(service.get_promise(db, i).last_notified_at is not None for i in ids)
    last_seen = service.last_seen(db)
    assert last_seen is not None
    assert last_seen >= START
    app.feature.scheduler.stop()
    again = make_relapp()  # the next start says nothing more
    assert again.messages.calls == []


def test_a_single_missed_promise_is_labelled_as_caught_up_like_several(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    # Issue 13: one missed promise read like a fresh reminder, several as caught up.
    service.set_last_seen(db, START - 5 * HOUR)
    mine(db, priya, START - HOUR)
    app = make_relapp()
    assert app.messages.calls == [
        (
            "While you were away",
            "A promise fell due while Relapp was closed:\n"
            "Email Priya Nair: send the pricing\n"
            "prefers email, not phone",
        )
    ]


def test_one_timer_is_armed_for_the_next_due_time_and_rearmed_after_edits(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    scheduler = app.feature.scheduler
    assert scheduler.next_at is None
    assert not scheduler.armed
    later = mine(db, priya, START + 2 * HOUR)
    app.window.data_changed((priya,))
    assert scheduler.next_at == START + 2 * HOUR
    assert scheduler.armed
    soon = mine(db, priya, START + 30 * MIN)
    app.window.data_changed((priya,))
    assert scheduler.next_at == START + 30 * MIN
    assert 29 * 60_000 <= scheduler.remaining_ms() <= 30 * 60_000 + 100
    service.cancel_promise(db, soon, now=START)
    app.window.data_changed((priya,))
    assert scheduler.next_at == START + 2 * HOUR
    assert later


def test_a_clock_jump_or_wake_from_sleep_sweeps_at_once(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    mine(db, priya, START + 2 * HOUR)
    app.window.data_changed((priya,))
    assert app.messages.calls == []
    jumps = []
    app.feature.scheduler.clockJumped.connect(lambda: jumps.append(True))
    # The machine slept three hours: the wall clock moved, the monotonic one did not,
    # so the timer (still counting down two hours of monotonic time) would be late.
    app.clock.jump(3 * HOUR)
    app.feature.scheduler.heartbeat()
    assert jumps == [True]
    assert app.messages.calls == [
        ("Email Priya Nair: send the pricing", "prefers email, not phone")
    ]


def test_an_ordinary_heartbeat_without_a_jump_does_not_announce_early(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    mine(db, priya, START + 2 * HOUR)
    app.window.data_changed((priya,))
    app.clock.jump(timedelta(seconds=2))  # a couple of seconds of NTP drift is no jump
    jumps = []
    app.feature.scheduler.clockJumped.connect(lambda: jumps.append(True))
    app.feature.scheduler.heartbeat()
    assert jumps == []
    assert app.messages.calls == []
    assert service.last_seen(db) is not None
