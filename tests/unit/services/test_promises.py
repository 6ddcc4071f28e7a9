"""Promises over a real database: keeping, snoozing, what is due, catching up, settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.errors import InvalidInput, NotFound
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.outreach import DEFAULT_THRESHOLDS, OutreachThresholds
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.services import interactions, people
from relapp.services import promises as service
from relapp.storage import Database, promises_repo

T0 = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # a Thursday
HOUR = timedelta(hours=1)
MIN = timedelta(minutes=1)


@pytest.fixture
def priya(db: Database) -> int:
    return people.add_person(
        db,
        PersonDraft(
            "Priya Nair",
            preferred_channel=Channel.EMAIL,
            avoid_channels=frozenset({Channel.CALL}),
        ),
    ).id


@pytest.fixture
def dan(db: Database) -> int:
    return people.add_person(db, PersonDraft("Dan Whitaker")).id


def mine(person_id: int, due: datetime, what: str = "send the pilot results") -> PromiseDraft:
    return PromiseDraft(person_id, Promiser.ME, what, Channel.EMAIL, due)


def theirs(person_id: int, due: datetime, what: str = "send the quotes") -> PromiseDraft:
    return PromiseDraft(person_id, Promiser.THEM, what, None, due)


# --- storing -------------------------------------------------------------------------------


def test_a_new_promise_is_open_and_reads_back_as_stored(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0 + HOUR, "  send   the pricing "), now=T0)
    assert p.status is PromiseStatus.OPEN
    assert p.what == "send the pricing"
    assert p.due_at == T0 + HOUR
    assert p.created_at == T0
    assert p.last_notified_at is None
    assert service.get_promise(db, p.id) == p


def test_a_promise_recorded_after_its_due_time_counts_as_seen(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0 - HOUR), now=T0)
    assert p.last_notified_at == T0
    assert service.needing_notification(db, T0 + MIN) == []
    assert [e.id for e in service.due_entries(db, T0)] == [p.id]


def test_a_promise_needs_a_real_person(db: Database) -> None:
    with pytest.raises(InvalidInput):
        service.create_promise(db, mine(999, T0), now=T0)


def test_editing_moves_the_due_time_and_drops_the_snooze(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0 + HOUR), now=T0)
    service.snooze_promise(db, p.id, 3 * HOUR, now=T0 + HOUR)
    later = service.update_promise(
        db, p.id, mine(priya, T0 + 5 * HOUR, "send the revised pricing"), now=T0 + HOUR
    )
    assert later.what == "send the revised pricing"
    assert later.due_at == T0 + 5 * HOUR
    assert later.snoozed_until is None
    assert service.next_wakeup(db, T0 + HOUR) == T0 + 5 * HOUR


def test_editing_a_notified_promise_to_a_later_time_reminds_again(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    service.mark_notified(db, [p.id], T0)
    service.update_promise(db, p.id, mine(priya, T0 + HOUR), now=T0 + MIN)
    assert service.needing_notification(db, T0 + 30 * MIN) == []
    assert [e.id for e in service.needing_notification(db, T0 + HOUR)] == [p.id]


def test_done_with_a_logged_interaction_links_it(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    log = InteractionDraft(T0, Channel.EMAIL, Direction.OUTBOUND, (priya,), "Sent the results")
    done = service.complete_promise(db, p.id, now=T0 + MIN, log=log)
    assert done.status is PromiseStatus.DONE
    assert done.done_at == T0 + MIN
    linked = promises_repo.interaction_of(db, p.id)
    assert linked is not None
    assert interactions.get_interaction(db, linked).summary == "Sent the results"
    assert service.open_promises_for(db, priya) == []


def test_a_kept_or_cancelled_promise_cannot_be_kept_again_or_snoozed(
    db: Database, priya: int
) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    service.cancel_promise(db, p.id, now=T0)
    assert service.get_promise(db, p.id).status is PromiseStatus.CANCELLED
    with pytest.raises(InvalidInput):
        service.complete_promise(db, p.id, now=T0)
    with pytest.raises(InvalidInput):
        service.snooze_promise(db, p.id, HOUR, now=T0)


def test_undo_puts_back_status_snooze_and_notification(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    service.mark_notified(db, [p.id], T0)
    before = service.get_promise(db, p.id)
    service.complete_promise(db, p.id, now=T0 + MIN, interaction_id=None)
    assert service.restore_promise(db, before) == before
    service.snooze_promise(db, p.id, HOUR, now=T0 + MIN)
    assert service.restore_promise(db, before) == before


def test_deleting_a_promise_returns_it_and_forgets_it(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    assert service.delete_promise(db, p.id) == p
    with pytest.raises(NotFound):
        service.get_promise(db, p.id)


# --- snoozing ------------------------------------------------------------------------------


def test_snooze_postpones_the_reminder_and_it_comes_back(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    assert [e.id for e in service.needing_notification(db, T0)] == [p.id]
    service.mark_notified(db, [p.id], T0)
    service.snooze_promise(db, p.id, HOUR, now=T0 + 5 * MIN)
    assert service.needing_notification(db, T0 + 30 * MIN) == []
    assert service.due_entries(db, T0 + 30 * MIN) == []
    assert service.next_wakeup(db, T0 + 30 * MIN) == T0 + 65 * MIN
    assert [e.id for e in service.needing_notification(db, T0 + 65 * MIN)] == [p.id]


def test_snooze_until_tomorrow_must_end_in_the_future(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0), now=T0 - HOUR)
    snoozed = service.snooze_promise_until(db, p.id, T0 + 21 * HOUR, now=T0)
    assert snoozed.snoozed_until == T0 + 21 * HOUR
    with pytest.raises(InvalidInput):
        service.snooze_promise_until(db, p.id, T0 - MIN, now=T0)


# --- what is due ---------------------------------------------------------------------------


def test_due_board_groups_yours_by_day_and_lists_what_others_owe(
    db: Database, priya: int, dan: int
) -> None:
    london = ZoneInfo("Europe/London")
    now_local = T0.astimezone(london)
    overdue = service.create_promise(db, mine(priya, T0 - 2 * HOUR), now=T0 - 3 * HOUR)
    today = service.create_promise(db, mine(priya, T0 + 3 * HOUR, "call back"), now=T0)
    upcoming = service.create_promise(db, mine(dan, T0 + 48 * HOUR, "meet"), now=T0)
    owed = service.create_promise(db, theirs(dan, T0 + 24 * HOUR), now=T0)
    done = service.create_promise(db, mine(dan, T0 - HOUR, "old"), now=T0 - 2 * HOUR)
    service.complete_promise(db, done.id, now=T0)
    board = service.due_board(db, now_local)
    assert [e.id for e in board.overdue] == [overdue.id]
    assert [e.id for e in board.today] == [today.id]
    assert [e.id for e in board.upcoming] == [upcoming.id]
    assert [e.id for e in board.owed_to_me] == [owed.id]
    assert len(board) == 4
    assert board.owed_to_me[0].person.name == "Dan Whitaker"


def test_open_promises_of_a_person_go_both_ways(db: Database, priya: int, dan: int) -> None:
    a = service.create_promise(db, theirs(priya, T0 + 2 * HOUR), now=T0)
    b = service.create_promise(db, mine(priya, T0 + HOUR), now=T0)
    service.create_promise(db, mine(dan, T0), now=T0)
    assert [e.id for e in service.open_promises_for(db, priya)] == [b.id, a.id]


def test_next_wakeup_ignores_closed_and_past_promises(db: Database, priya: int) -> None:
    assert service.next_wakeup(db, T0) is None
    past = service.create_promise(db, mine(priya, T0 - HOUR), now=T0 - 2 * HOUR)
    soon = service.create_promise(db, mine(priya, T0 + 2 * HOUR), now=T0)
    service.create_promise(db, mine(priya, T0 + 5 * HOUR), now=T0)
    assert past.id
    assert service.next_wakeup(db, T0) == T0 + 2 * HOUR
    service.cancel_promise(db, soon.id, now=T0)
    assert service.next_wakeup(db, T0) == T0 + 5 * HOUR
    assert service.count_due(db, T0) == 1


def test_the_reminder_tells_how_they_want_to_be_reached(db: Database, priya: int) -> None:
    p = service.create_promise(db, mine(priya, T0, "send the pricing"), now=T0 - HOUR)
    title, body = service.entry(db, p.id).reminder()
    assert title == "Email Priya Nair: send the pricing"
    assert body == "prefers email, not phone"


# --- catching up after downtime ------------------------------------------------------------


def test_catch_up_finds_what_fell_due_while_closed_once(db: Database, priya: int) -> None:
    service.set_last_seen(db, T0)
    before = service.create_promise(db, mine(priya, T0 - HOUR, "old"), now=T0 - 2 * HOUR)
    a = service.create_promise(db, mine(priya, T0 + HOUR, "a"), now=T0 - HOUR)
    b = service.create_promise(db, theirs(priya, T0 + 2 * HOUR, "b"), now=T0 - HOUR)
    later = service.create_promise(db, mine(priya, T0 + 9 * HOUR, "later"), now=T0 - HOUR)
    assert before.last_notified_at is None
    now = T0 + 3 * HOUR  # Relapp starts again
    caught = service.catch_up(db, now)
    assert [e.id for e in caught] == [a.id, b.id]
    assert later.id not in [e.id for e in caught]
    service.mark_notified(db, [e.id for e in caught], now)
    service.set_last_seen(db, now)
    assert service.catch_up(db, now + MIN) == []


def test_last_seen_round_trips_and_survives_garbage(db: Database) -> None:
    assert service.last_seen(db) is None
    service.set_last_seen(db, T0)
    assert service.last_seen(db) == T0
    promises_repo.set_state(db, "last_seen", "not a time")
    assert service.last_seen(db) is None


def test_announcements_single_summary_and_catch_up(db: Database, priya: int, dan: int) -> None:
    assert service.announcement_for([]) is None
    ps = [
        service.create_promise(db, mine(priya, T0 + i * MIN, f"thing {i}"), now=T0 - HOUR)
        for i in range(4)
    ]
    entries = [service.entry(db, p.id) for p in ps]
    one = service.announcement_for(entries[:1])
    assert one is not None
    assert (one.title, one.body, one.person_id) == (
        "Email Priya Nair: thing 0",
        "prefers email, not phone",
        priya,
    )
    many = service.announcement_for(entries)
    assert many is not None
    assert many.title == "4 promises are due"
    assert many.body.splitlines()[-1] == "and 1 more"
    assert many.person_id is None
    assert many.promise_ids == tuple(p.id for p in ps)
    away = service.announcement_for(entries, while_closed=True)
    assert away is not None
    assert "4 promises fell due while Relapp was closed" in away.body


# --- settings ------------------------------------------------------------------------------


def test_outreach_thresholds_default_and_round_trip(db: Database) -> None:
    assert service.outreach_thresholds(db) == DEFAULT_THRESHOLDS
    chosen = OutreachThresholds(unanswered=5, burst_count=2, burst_window=timedelta(hours=2))
    service.set_outreach_thresholds(db, chosen)
    assert service.outreach_thresholds(db) == chosen
    promises_repo.set_state(db, "outreach.unanswered", "0")
    assert service.outreach_thresholds(db) == DEFAULT_THRESHOLDS


def test_local_zone_names_the_zone_from_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert service.local_zone() == ZoneInfo("America/New_York")
    monkeypatch.setenv("TZ", "Not/AZone")
    zone = service.local_zone()
    assert zone.utcoffset(datetime.now()) is not None
