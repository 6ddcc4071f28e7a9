"""One person's health for every day of a range, vectorised, for the chart.

Between two changes (an interaction, or a promise coming due) only the warmth moves,
and it only decays; every other term stays as it was. So the series computes each
term once per interaction (or promise) with running sums, then reads it for every day
with ``searchsorted``.

The running sums of decaying weights, ``sum_j w_j * 0.5 ** ((day - day_j) / h)``,
are kept as logarithms (``logaddexp.accumulate`` of ``log w_j + day_j * ln 2 / h``):
the same sum without the overflow that ``2 ** (day_j / h)`` would hit over ten years
of a one-day half-life. Values equal ``health_at`` on each day (up to rounding).
"""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relapp.domain.health import codes, formula
from relapp.domain.health.values import (
    SECONDS_PER_DAY,
    HealthInput,
    day_number,
    unix_seconds,
)
from relapp.domain.health.weights import MEMORY_HALF_LIFE_DAYS, half_life_days, rhythm_days

_LN2 = float(np.log(2.0))


def health_series(
    inp: HealthInput, start: date, end: date
) -> tuple[NDArray[np.datetime64], NDArray[np.float64]]:
    """Days from ``start`` to ``end`` (both included) as ``datetime64[D]``, and scores."""
    events = np.array(
        [
            (
                unix_seconds(e.occurred_at),
                codes.CHANNEL_CODE[e.channel],
                codes.DIRECTION_CODE[e.direction],
                codes.KIND_CODE[e.kind],
            )
            for e in inp.events
        ],
        dtype=np.int64,
    ).reshape(-1, 4)
    promises = np.array(
        [(unix_seconds(p.due_at), codes.promise_code(p.kept)) for p in inp.promises],
        dtype=np.int64,
    ).reshape(-1, 2)
    return series_from_arrays(
        t=events[:, 0],
        channel=events[:, 1],
        direction=events[:, 2],
        kind=events[:, 3],
        start=start,
        end=end,
        cadence_days=inp.cadence_days,
        promise_due=promises[:, 0],
        promise_kept=promises[:, 1],
    )


def series_from_arrays(
    t: ArrayLike,
    channel: ArrayLike,
    direction: ArrayLike,
    kind: ArrayLike,
    start: date,
    end: date,
    *,
    cadence_days: float | None = None,
    promise_due: ArrayLike = (),
    promise_kept: ArrayLike = (),
) -> tuple[NDArray[np.datetime64], NDArray[np.float64]]:
    """``health_series`` for one person's interactions given as code arrays (see ``codes``).

    ``t`` and ``promise_due`` are unix seconds; ``promise_kept`` holds promise codes.
    """
    first, last = day_number(start), day_number(end)
    if last < first:
        raise ValueError(f"the series ends ({end}) before it starts ({start})")
    days = np.arange(first, last + 1, dtype=np.int64)

    t_a = np.asarray(t, dtype=np.int64)
    order = np.argsort(t_a, kind="stable")
    t_a = t_a[order]
    event_days = t_a // SECONDS_PER_DAY
    counted = np.searchsorted(event_days, days, side="right")  # events by each day
    contact_today = counted > np.searchsorted(event_days, days, side="left")
    rhythm = (
        rhythm_days(int(event_days[0]), int(event_days[-1]), len(event_days))
        if len(event_days)
        else None
    )

    warmth = _warmth(
        event_days,
        codes.CHANNEL_WEIGHT_BY_CODE[np.asarray(channel, dtype=np.intp)[order]]
        * codes.DIRECTION_WEIGHT_BY_CODE[np.asarray(direction, dtype=np.intp)[order]],
        days,
        counted,
        half_life_days(cadence_days, rhythm),
    )
    after_event, unanswered = _multipliers_after_each_event(
        t_a,
        event_days,
        np.asarray(direction, dtype=np.int8)[order],
        np.asarray(kind, dtype=np.int8)[order],
    )

    due = np.asarray(promise_due, dtype=np.int64)
    kept = np.asarray(promise_kept, dtype=np.int8)
    known = kept != codes.PROMISE_OPEN
    due_days, kept = due[known] // SECONDS_PER_DAY, kept[known]
    order = np.argsort(due_days, kind="stable")
    due_days, kept = due_days[order], kept[order]
    after_promise = _promise_multipliers(due_days, kept)
    promises_due = np.searchsorted(due_days, days, side="right")

    scores = formula.combine(
        formula.base_score(warmth), after_event[counted], after_promise[promises_due]
    )
    scores = formula.today_floor(scores, contact_today, unanswered[counted])
    return days.astype("datetime64[D]"), scores


def _warmth(
    event_days: NDArray[np.int64],
    weights: NDArray[np.float64],
    days: NDArray[np.int64],
    counted: NDArray[np.intp],
    half_life: float,
) -> NDArray[np.float64]:
    if len(event_days) == 0:
        return np.zeros(len(days))
    rate = _LN2 / half_life
    origin = event_days[0]
    log_sums = _padded(np.logaddexp.accumulate(np.log(weights) + (event_days - origin) * rate))
    return np.exp(log_sums[counted] - (days - origin) * rate)


def _multipliers_after_each_event(
    t: NDArray[np.int64],
    event_days: NDArray[np.int64],
    direction: NDArray[np.int8],
    kind: NDArray[np.int8],
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Product of the event-driven multipliers once the first k events happened (k = 0..n),
    and the unanswered count then."""
    n = len(t)
    if n == 0:
        return np.ones(1), np.zeros(1, dtype=np.int64)
    log_memory = (event_days - event_days[0]) * (_LN2 / MEMORY_HALF_LIFE_DAYS)
    outbound = direction == codes.OUTBOUND
    given, received = kind == codes.FAVOUR_GIVEN, kind == codes.FAVOUR_RECEIVED
    count = np.arange(1, n + 1)

    all_contacts = _running_log_sum(log_memory, np.ones(n, dtype=bool))
    initiative = formula.initiative_multiplier(
        _running_share(log_memory, outbound, all_contacts),
        _running_share(log_memory, direction == codes.INBOUND, all_contacts),
        count,
    )

    all_favours = _running_log_sum(log_memory, given | received)
    favours = formula.favour_multiplier(
        _running_share(log_memory, given, all_favours),
        _running_share(log_memory, received, all_favours),
        np.cumsum(given | received),
    )

    # Outbound contacts strictly later than the latest reply (inbound or both ways).
    last_reply = np.maximum.accumulate(np.where(outbound, np.iinfo(np.int64).min, t))
    answered_upto = np.minimum(np.searchsorted(t, last_reply, side="right"), count)
    outbound_upto = _padded(np.cumsum(outbound), 0)
    unanswered = outbound_upto[count] - outbound_upto[answered_upto]

    product = initiative * favours * formula.unanswered_multiplier(unanswered)
    return _padded(product, 1.0), np.concatenate(([0], unanswered)).astype(np.int64)


def _promise_multipliers(
    due_days: NDArray[np.int64], kept: NDArray[np.int8]
) -> NDArray[np.float64]:
    """The promise multiplier once the first k promises came due (k = 0..n)."""
    n = len(due_days)
    if n == 0:
        return np.ones(1)
    log_memory = (due_days - due_days[0]) * (_LN2 / MEMORY_HALF_LIFE_DAYS)
    everything = _running_log_sum(log_memory, np.ones(n, dtype=bool))
    multiplier = formula.promise_multiplier(
        _running_share(log_memory, kept == codes.PROMISE_KEPT, everything),
        _running_share(log_memory, kept == codes.PROMISE_BROKEN, everything),
        np.arange(1, n + 1),
    )
    return _padded(multiplier, 1.0)


def _running_log_sum(log_terms: NDArray[np.float64], mask: NDArray[np.bool_]) -> NDArray:
    return np.logaddexp.accumulate(np.where(mask, log_terms, -np.inf))


def _running_share(
    log_terms: NDArray[np.float64], mask: NDArray[np.bool_], log_total: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Running share of the masked terms in the total; 0 while the total is empty."""
    part = _running_log_sum(log_terms, mask)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(log_total), np.exp(part - log_total), 0.0)


def _padded(values: NDArray, first: float = -np.inf) -> NDArray:
    """``values`` with ``first`` in front: index k then means "after k items"."""
    return np.concatenate(([first], values))
