"""One state for a promise at a moment (issue 13): every view and the health score read
``promise_state``; these pin the rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.promises import (
    DUE_SOON,
    GRACE,
    Promise,
    Promiser,
    PromiseState,
    PromiseStatus,
    deadline,
    is_overdue,
    is_snoozed,
    next_state_change,
    promise_state,
)

DUE = datetime(2026, 5, 12, 15, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def make(
    status: PromiseStatus = PromiseStatus.OPEN,
    snoozed_until: datetime | None = None,
    done_at: datetime | None = None,
) -> Promise:
    return Promise(
        person_id=1,
        promiser=Promiser.ME,
        what="call back",
        channel=None,
        due_at=DUE,
        id=1,
        status=status,
        snoozed_until=snoozed_until,
        last_notified_at=None,
        created_at=DUE - 10 * DUE_SOON,
        done_at=done_at,
    )


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (DUE - DUE_SOON - HOUR, PromiseState.UPCOMING),
        (DUE - DUE_SOON, PromiseState.DUE_SOON),
        (DUE - HOUR, PromiseState.DUE_SOON),
        (DUE, PromiseState.OVERDUE),
        (DUE + GRACE - HOUR, PromiseState.OVERDUE),
        (DUE + GRACE, PromiseState.BROKEN),
    ],
)
def test_an_open_promise_moves_from_upcoming_to_broken(now: datetime, state: PromiseState) -> None:
    assert promise_state(make(), now) is state
    assert is_overdue(make(), now) is state.is_late


def test_a_snoozed_promise_is_snoozed_never_overdue_nor_broken() -> None:
    p = make(snoozed_until=DUE + 3 * GRACE)
    for now in (DUE - HOUR, DUE + HOUR, DUE + 2 * GRACE):
        assert promise_state(p, now) is PromiseState.SNOOZED
        assert is_snoozed(p, now) and not is_overdue(p, now)
    assert promise_state(p, DUE + 3 * GRACE) is PromiseState.OVERDUE  # the snooze ended
    assert promise_state(p, DUE + 4 * GRACE) is PromiseState.BROKEN
    assert deadline(p.due_at, p.snoozed_until) == DUE + 4 * GRACE


def test_a_snooze_ending_before_the_due_time_changes_nothing() -> None:
    p = make(snoozed_until=DUE - 2 * HOUR)
    assert promise_state(p, DUE - 3 * HOUR) is PromiseState.DUE_SOON
    assert promise_state(p, DUE + HOUR) is PromiseState.OVERDUE


def test_kept_kept_late_and_cancelled() -> None:
    assert promise_state(make(PromiseStatus.DONE, done_at=DUE + GRACE), DUE) is PromiseState.KEPT
    late = make(PromiseStatus.DONE, done_at=DUE + GRACE + HOUR)
    assert promise_state(late, DUE + 9 * GRACE) is PromiseState.KEPT_LATE
    assert promise_state(make(PromiseStatus.DONE), DUE) is PromiseState.KEPT
    cancelled = make(PromiseStatus.CANCELLED, done_at=DUE)
    assert promise_state(cancelled, DUE) is PromiseState.CANCELLED
    assert not PromiseState.KEPT_LATE.is_open and PromiseState.SNOOZED.is_open


def test_the_next_state_change_is_where_a_view_arms_its_timer() -> None:
    assert next_state_change(DUE - 2 * DUE_SOON, DUE) == DUE - DUE_SOON
    assert next_state_change(DUE - HOUR, DUE) == DUE
    assert next_state_change(DUE + HOUR, DUE) == DUE + GRACE
    assert next_state_change(DUE + GRACE, DUE) is None
    snoozed = DUE + 5 * HOUR
    assert next_state_change(DUE + HOUR, DUE, snoozed) == snoozed
    assert next_state_change(snoozed, DUE, snoozed) == snoozed + GRACE
