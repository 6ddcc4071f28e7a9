"""How stored promises count for health: kept, broken, pending, or not at all.

Changed for issue 13: an open promise is overdue (pending, not counted) within the
grace after its due time and broken only after it, and a snooze moves the deadline, so a
snoozed promise never counts as broken. The array form must agree with the one state
rule in ``relapp.domain.promises``."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from relapp.domain.health import PROMISE_BROKEN, PROMISE_KEPT
from relapp.domain.health.promise_outcomes import (
    GRACE_SECONDS,
    NO_TIME,
    STATUS_CODE,
    kept_late,
    promise_outcome,
    promise_outcomes,
)
from relapp.domain.promises import (
    Outcome,
    Promise,
    Promiser,
    PromiseState,
    PromiseStatus,
    promise_state,
)
from relapp.domain.promises import promise_outcome as rule

DUE = 1_700_000_000
HOUR = 3600


def test_done_by_the_deadline_is_kept() -> None:
    assert promise_outcome(PromiseStatus.DONE, DUE, DUE - HOUR, DUE + 99 * HOUR) is Outcome.KEPT
    assert promise_outcome(PromiseStatus.DONE, DUE, DUE + GRACE_SECONDS, DUE) is Outcome.KEPT


def test_done_after_the_deadline_was_kept_late_and_counts_as_broken() -> None:
    late = DUE + GRACE_SECONDS + 1
    assert promise_outcome(PromiseStatus.DONE, DUE, late, late) is Outcome.BROKEN


def test_done_with_no_time_recorded_is_taken_as_kept() -> None:
    assert promise_outcome(PromiseStatus.DONE, DUE, None, DUE) is Outcome.KEPT


def test_open_is_pending_until_its_deadline_then_broken() -> None:
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, DUE - 1) is Outcome.PENDING
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, DUE + 1) is Outcome.PENDING  # overdue
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, DUE + GRACE_SECONDS) is Outcome.BROKEN


def test_a_snoozed_promise_is_never_broken_while_snoozed() -> None:
    snoozed = DUE + 72 * HOUR
    now = DUE + 48 * HOUR  # two days past due, the snooze still holds
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, now, snoozed) is Outcome.PENDING
    after = snoozed + GRACE_SECONDS
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, after, snoozed) is Outcome.BROKEN


def test_cancelled_after_the_deadline_is_broken_cancelled_by_it_is_ignored() -> None:
    past = DUE + GRACE_SECONDS + HOUR
    assert promise_outcome(PromiseStatus.CANCELLED, DUE, past, past) is Outcome.BROKEN
    assert promise_outcome(PromiseStatus.CANCELLED, DUE, DUE + HOUR, past) is Outcome.IGNORED
    assert promise_outcome(PromiseStatus.CANCELLED, DUE, None, past) is Outcome.IGNORED


def test_the_vector_form_gives_codes() -> None:
    rows = [
        (PromiseStatus.DONE, DUE),
        (PromiseStatus.DONE, DUE + 2 * GRACE_SECONDS),
        (PromiseStatus.OPEN, NO_TIME),
        (PromiseStatus.CANCELLED, DUE - HOUR),
    ]
    now = DUE + 3 * GRACE_SECONDS
    counted, codes = promise_outcomes(
        [STATUS_CODE[s] for s, _ in rows], [DUE] * len(rows), [d for _, d in rows], now
    )
    assert counted.tolist() == [True, True, True, False]
    assert codes[:3].tolist() == [PROMISE_KEPT, PROMISE_BROKEN, PROMISE_BROKEN]


SECONDS = st.integers(DUE - 5 * 86_400, DUE + 5 * 86_400)


@given(
    status=st.sampled_from(PromiseStatus),
    done=st.none() | SECONDS,
    snoozed=st.none() | SECONDS,
    now=SECONDS,
)
def test_the_array_rule_is_the_domain_rule(
    status: PromiseStatus, done: int | None, snoozed: int | None, now: int
) -> None:
    def moment(seconds: int | None) -> datetime | None:
        return None if seconds is None else datetime.fromtimestamp(seconds, UTC)

    p = Promise(
        person_id=1,
        promiser=Promiser.ME,
        what="call back",
        channel=None,
        due_at=datetime.fromtimestamp(DUE, UTC),
        id=1,
        status=status,
        snoozed_until=moment(snoozed),
        last_notified_at=None,
        created_at=datetime.fromtimestamp(DUE - 86_400, UTC),
        done_at=moment(done),
    )
    expected = rule(p, datetime.fromtimestamp(now, UTC))
    assert promise_outcome(status, DUE, done, now, snoozed) is expected
    # The chart's "kept late" marks are the rule's KEPT_LATE state (issue 13).
    late = kept_late(
        [STATUS_CODE[status]],
        [DUE],
        [NO_TIME if done is None else done],
        [NO_TIME if snoozed is None else snoozed],
    )
    is_late = promise_state(p, datetime.fromtimestamp(now, UTC)) is PromiseState.KEPT_LATE
    assert bool(late[0]) is is_late
