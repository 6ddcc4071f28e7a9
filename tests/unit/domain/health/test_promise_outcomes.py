"""How stored promises count for health: kept, broken or overdue, open, or not at all."""

from __future__ import annotations

from relapp.domain.health import PROMISE_BROKEN, PROMISE_KEPT
from relapp.domain.health.promise_outcomes import (
    KEPT_GRACE_SECONDS,
    NO_TIME,
    STATUS_CODE,
    Outcome,
    promise_outcome,
    promise_outcomes,
)
from relapp.domain.promises import PromiseStatus

DUE = 1_700_000_000
HOUR = 3600


def test_done_by_the_due_time_or_within_the_grace_is_kept() -> None:
    assert promise_outcome(PromiseStatus.DONE, DUE, DUE - HOUR, DUE + 99 * HOUR) is Outcome.KEPT
    assert promise_outcome(PromiseStatus.DONE, DUE, DUE + KEPT_GRACE_SECONDS, DUE) is Outcome.KEPT


def test_done_after_the_grace_was_late_and_counts_as_broken() -> None:
    late = DUE + KEPT_GRACE_SECONDS + 1
    assert promise_outcome(PromiseStatus.DONE, DUE, late, late) is Outcome.BROKEN


def test_done_with_no_time_recorded_is_taken_as_kept() -> None:
    assert promise_outcome(PromiseStatus.DONE, DUE, None, DUE) is Outcome.KEPT


def test_open_past_due_is_overdue_and_open_not_due_does_not_count_yet() -> None:
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, DUE + 1) is Outcome.BROKEN
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, DUE - 1) is Outcome.OPEN
    assert promise_outcome(PromiseStatus.OPEN, DUE, None, DUE) is Outcome.OPEN


def test_cancelled_after_due_is_broken_cancelled_in_time_is_ignored() -> None:
    assert promise_outcome(PromiseStatus.CANCELLED, DUE, DUE + HOUR, DUE + HOUR) is Outcome.BROKEN
    assert promise_outcome(PromiseStatus.CANCELLED, DUE, DUE - HOUR, DUE + HOUR) is Outcome.IGNORED
    assert promise_outcome(PromiseStatus.CANCELLED, DUE, None, DUE + HOUR) is Outcome.IGNORED


def test_the_vector_form_agrees_with_the_single_rule() -> None:
    cases = [
        (PromiseStatus.DONE, DUE - HOUR),
        (PromiseStatus.DONE, DUE + 2 * KEPT_GRACE_SECONDS),
        (PromiseStatus.OPEN, None),
        (PromiseStatus.CANCELLED, DUE + HOUR),
        (PromiseStatus.CANCELLED, DUE - HOUR),
    ]
    now = DUE + 3 * KEPT_GRACE_SECONDS
    counted, codes = promise_outcomes(
        [STATUS_CODE[s] for s, _ in cases],
        [DUE] * len(cases),
        [NO_TIME if d is None else d for _, d in cases],
        now,
    )
    expected = [promise_outcome(s, DUE, d, now) for s, d in cases]
    assert expected == [
        Outcome.KEPT,
        Outcome.BROKEN,
        Outcome.BROKEN,
        Outcome.BROKEN,
        Outcome.IGNORED,
    ]
    assert counted.tolist() == [True, True, True, True, False]
    assert codes[:4].tolist() == [PROMISE_KEPT, PROMISE_BROKEN, PROMISE_BROKEN, PROMISE_BROKEN]
