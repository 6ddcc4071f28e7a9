"""How a stored promise counts for health: kept, broken, pending, or not at all.
Vectorised over every promise at once; it is ``relapp.domain.promises.promise_outcome``
(the one state rule) over arrays, and a test holds the two together.

The *deadline* is the effective due time (the snooze end when later) plus ``GRACE``:

- done by its deadline (or done with no time recorded): kept;
- done after it (kept late): broken;
- open and past its deadline: broken;
- open before its deadline (upcoming, due soon, snoozed, overdue within the grace):
  pending, which does not count yet;
- cancelled after its deadline: broken (let go once it was already broken);
- cancelled by its deadline, or with no time recorded: not counted (plans change).

So a snoozed promise never counts as broken while the snooze holds it.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relapp.domain.health.codes import PROMISE_BROKEN, PROMISE_KEPT, PROMISE_OPEN
from relapp.domain.promises import GRACE, Outcome, PromiseStatus

GRACE_SECONDS: Final = int(GRACE.total_seconds())

STATUSES: Final = tuple(PromiseStatus)
STATUS_CODE: Final = {status: code for code, status in enumerate(STATUSES)}
OPEN: Final = STATUS_CODE[PromiseStatus.OPEN]
DONE: Final = STATUS_CODE[PromiseStatus.DONE]
CANCELLED: Final = STATUS_CODE[PromiseStatus.CANCELLED]
NO_TIME: Final = np.iinfo(np.int64).min  # ``done_at`` or ``snoozed_until`` not recorded


def promise_outcomes(
    status: ArrayLike,
    due_at: ArrayLike,
    done_at: ArrayLike,
    now: int,
    snoozed_until: ArrayLike | None = None,
) -> tuple[NDArray[np.bool_], NDArray[np.int8]]:
    """``(counted, kept_code)`` for each promise: whether it is listed for health at all
    (pending ones are, with ``PROMISE_OPEN``), and its code (``PROMISE_KEPT``,
    ``PROMISE_BROKEN`` or ``PROMISE_OPEN``).

    ``status`` holds ``STATUS_CODE`` values; times are unix seconds; ``done_at`` and
    ``snoozed_until`` are ``NO_TIME`` where not recorded; ``now`` is unix seconds.
    """
    status_a = np.asarray(status, dtype=np.int8)
    due = np.asarray(due_at, dtype=np.int64)
    done = np.asarray(done_at, dtype=np.int64)
    snoozed = (
        np.full(len(due), NO_TIME, dtype=np.int64)
        if snoozed_until is None
        else np.asarray(snoozed_until, dtype=np.int64)
    )
    late_from = np.maximum(due, snoozed) + GRACE_SECONDS
    recorded = done != NO_TIME
    done_status = status_a == DONE
    kept = done_status & (~recorded | (done <= late_from))
    late = done_status & recorded & (done > late_from)
    is_open = status_a == OPEN
    broken = is_open & (now >= late_from)
    pending = is_open & (now < late_from)
    dropped_late = (status_a == CANCELLED) & recorded & (done > late_from)

    code = np.full(len(status_a), PROMISE_OPEN, dtype=np.int8)
    code[kept] = PROMISE_KEPT
    code[late | broken | dropped_late] = PROMISE_BROKEN
    counted = kept | late | broken | dropped_late | pending
    return counted, code


def kept_late(
    status: ArrayLike, due_at: ArrayLike, done_at: ArrayLike, snoozed_until: ArrayLike
) -> NDArray[np.bool_]:
    """Which promises are ``PromiseState.KEPT_LATE``: done after their deadline. They
    count as broken for health; the chart marks them apart ("Promise kept late")."""
    due = np.asarray(due_at, dtype=np.int64)
    done = np.asarray(done_at, dtype=np.int64)
    late_from = np.maximum(due, np.asarray(snoozed_until, dtype=np.int64)) + GRACE_SECONDS
    return (np.asarray(status, dtype=np.int8) == DONE) & (done != NO_TIME) & (done > late_from)


def promise_outcome(
    status: PromiseStatus,
    due_at: int,
    done_at: int | None,
    now: int,
    snoozed_until: int | None = None,
) -> Outcome:
    """The array rule for one promise (times in unix seconds)."""
    counted, code = promise_outcomes(
        [STATUS_CODE[status]],
        [due_at],
        [NO_TIME if done_at is None else done_at],
        now,
        [NO_TIME if snoozed_until is None else snoozed_until],
    )
    if not counted[0]:
        return Outcome.IGNORED
    return {PROMISE_KEPT: Outcome.KEPT, PROMISE_BROKEN: Outcome.BROKEN}.get(
        int(code[0]), Outcome.PENDING
    )
