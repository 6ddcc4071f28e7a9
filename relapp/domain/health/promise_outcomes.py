"""How a stored promise counts for health: kept, broken (or overdue), still open, or not
at all. Vectorised over every promise at once; ``promise_outcome`` is the same rule for one.

- done by its due time plus ``KEPT_GRACE_SECONDS`` (or done with no time recorded): kept;
- done later than that: broken (it was late);
- open and past its due time: broken (overdue);
- open and not yet due: open (does not count yet);
- cancelled after its due time: broken (it was let go once it was already late);
- cancelled by its due time, or with no time recorded: not counted (plans change).

A snooze does not move the due time here: it postpones a reminder, not the promise.
"""

from __future__ import annotations

import enum
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relapp.domain.health.codes import PROMISE_BROKEN, PROMISE_KEPT, PROMISE_OPEN
from relapp.domain.promises import PromiseStatus

KEPT_GRACE_SECONDS: Final = 24 * 3600  # a callback a few hours late still counts as kept

STATUSES: Final = tuple(PromiseStatus)
STATUS_CODE: Final = {status: code for code, status in enumerate(STATUSES)}
OPEN: Final = STATUS_CODE[PromiseStatus.OPEN]
DONE: Final = STATUS_CODE[PromiseStatus.DONE]
CANCELLED: Final = STATUS_CODE[PromiseStatus.CANCELLED]
NO_TIME: Final = np.iinfo(np.int64).min  # ``done_at`` not recorded


def promise_outcomes(
    status: ArrayLike, due_at: ArrayLike, done_at: ArrayLike, now: int
) -> tuple[NDArray[np.bool_], NDArray[np.int8]]:
    """``(counted, kept_code)`` for each promise: whether it counts for health at all, and
    its code (``PROMISE_KEPT``, ``PROMISE_BROKEN`` or ``PROMISE_OPEN``).

    ``status`` holds ``STATUS_CODE`` values; times are unix seconds; ``done_at`` is
    ``NO_TIME`` where not recorded; ``now`` is unix seconds.
    """
    status_a = np.asarray(status, dtype=np.int8)
    due = np.asarray(due_at, dtype=np.int64)
    done = np.asarray(done_at, dtype=np.int64)
    recorded = done != NO_TIME
    done_status = status_a == DONE
    kept = done_status & (~recorded | (done <= due + KEPT_GRACE_SECONDS))
    late = done_status & recorded & (done > due + KEPT_GRACE_SECONDS)
    overdue = (status_a == OPEN) & (due < now)
    not_due = (status_a == OPEN) & (due >= now)
    dropped_late = (status_a == CANCELLED) & recorded & (done > due)

    code = np.full(len(status_a), PROMISE_OPEN, dtype=np.int8)
    code[kept] = PROMISE_KEPT
    code[late | overdue | dropped_late] = PROMISE_BROKEN
    counted = kept | late | overdue | dropped_late | not_due
    return counted, code


class Outcome(enum.StrEnum):
    KEPT = "kept"
    BROKEN = "broken"  # broken, late or overdue
    OPEN = "open"  # open and not yet due: does not count yet
    IGNORED = "ignored"  # cancelled in time: never counts


def promise_outcome(status: PromiseStatus, due_at: int, done_at: int | None, now: int) -> Outcome:
    """The same rule for one promise (times in unix seconds)."""
    counted, code = promise_outcomes(
        [STATUS_CODE[status]], [due_at], [NO_TIME if done_at is None else done_at], now
    )
    if not counted[0]:
        return Outcome.IGNORED
    return {PROMISE_KEPT: Outcome.KEPT, PROMISE_BROKEN: Outcome.BROKEN}.get(
        int(code[0]), Outcome.OPEN
    )
