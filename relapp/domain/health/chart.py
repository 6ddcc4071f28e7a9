"""What one person's health chart shows, as plain arrays: the daily score, a marker for
each interaction and each promise (placed on the line, at the score of its day), and
what happened on any day (for the hover).

The line has at most ``MAX_LINE_POINTS`` points whatever the span: longer series are
decimated keeping each bucket's lowest and highest day, so every dip and jump stays
visible and drawing ten years costs the same as drawing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from relapp.domain.dates import short_month_name
from relapp.domain.health.series import series_from_arrays
from relapp.domain.health.values import SECONDS_PER_DAY, HealthScore

MAX_LINE_POINTS = 2000
_EPOCH_DAY = date(1970, 1, 1)
DEFAULT_SPAN_DAYS = 365


@dataclass(frozen=True)
class InteractionMarks:
    """One person's interactions, oldest first. Codes as in ``health.codes``."""

    ids: NDArray[np.int64]
    t: NDArray[np.int64]  # unix seconds
    channel: NDArray[np.int8]
    direction: NDArray[np.int8]
    kind: NDArray[np.int8]
    summaries: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class PromiseMarks:
    """One person's promises that came due (or are pending), by due time. ``kept`` holds
    promise codes from the one promise state rule (kept; broken or kept late; pending:
    upcoming, snoozed or overdue within the grace, never drawn as missed); ``mine`` is
    True for your promises; ``late`` (when given) marks those kept late, which count as
    broken but are drawn as "kept late"."""

    t: NDArray[np.int64]
    kept: NDArray[np.int8]
    mine: NDArray[np.bool_]
    whats: tuple[str, ...]
    late: NDArray[np.bool_] | None = None

    def __len__(self) -> int:
        return len(self.t)

    def kept_late(self) -> NDArray[np.bool_]:
        """True for each promise kept after its deadline (``PromiseState.KEPT_LATE``)."""
        return np.zeros(len(self.t), np.bool_) if self.late is None else self.late


def _no_promises() -> PromiseMarks:
    return PromiseMarks(np.empty(0, np.int64), np.empty(0, np.int8), np.empty(0, np.bool_), ())


@dataclass(frozen=True)
class PersonChart:
    """Everything the chart draws. ``x`` values are unix seconds (UTC midnight of the
    day for the line), as ``pyqtgraph.DateAxisItem`` expects."""

    line_x: NDArray[np.float64]
    line_y: NDArray[np.float64]
    interactions: InteractionMarks
    interaction_y: NDArray[np.float64]
    promises: PromiseMarks = field(default_factory=_no_promises)
    promise_y: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    score: HealthScore | None = None
    first_day: date | None = None
    last_day: date | None = None

    def default_range(self, span_days: int = DEFAULT_SPAN_DAYS) -> tuple[float, float]:
        """The x range shown first: the last ``span_days`` up to the end of the series."""
        end = float(self.line_x[-1]) + SECONDS_PER_DAY if len(self.line_x) else 0.0
        return end - span_days * SECONDS_PER_DAY, end

    def full_range(self) -> tuple[float, float]:
        """From the first day of the series (which the line may start after) to the end."""
        if not len(self.line_x):
            return 0.0, 0.0
        start = float(self.line_x[0])
        if self.first_day is not None:
            start = min(start, float((self.first_day - _EPOCH_DAY).days * SECONDS_PER_DAY))
        return start, float(self.line_x[-1]) + SECONDS_PER_DAY


def build_person_chart(
    marks: InteractionMarks,
    today: date,
    *,
    cadence_days: float | None = None,
    promises: PromiseMarks | None = None,
    score: HealthScore | None = None,
    span_days: int = DEFAULT_SPAN_DAYS,
    max_points: int = MAX_LINE_POINTS,
) -> PersonChart:
    """The chart of one person from their history: the score every day from their first
    interaction (or ``span_days`` before today, whichever is earlier) to ``today``."""
    promises = promises if promises is not None else _no_promises()
    first = today - timedelta(days=span_days)
    if len(marks):
        first = min(first, _utc_day(int(marks.t.min())))
    days, scores = series_from_arrays(
        marks.t,
        marks.channel,
        marks.direction,
        marks.kind,
        first,
        today,
        cadence_days=cadence_days,
        promise_due=promises.t,
        promise_kept=promises.kept,
    )
    day_numbers = days.astype(np.int64)
    # No score is drawn for the time before the first contact (the axis still shows it).
    known = day_numbers >= (int(marks.t.min()) // SECONDS_PER_DAY if len(marks) else 0)
    line_x, line_y = decimate(
        day_numbers[known].astype(np.float64) * SECONDS_PER_DAY, scores[known], max_points
    )
    return PersonChart(
        line_x=line_x,
        line_y=line_y,
        interactions=marks,
        interaction_y=score_on(day_numbers, scores, marks.t),
        promises=promises,
        promise_y=score_on(day_numbers, scores, promises.t),
        score=score,
        first_day=first,
        last_day=today,
    )


def score_on(
    day_numbers: NDArray[np.int64], scores: NDArray[np.float64], t: NDArray[np.int64]
) -> NDArray[np.float64]:
    """The score of the day each moment falls on; the nearest end outside the series."""
    if len(day_numbers) == 0:
        return np.zeros(len(t))
    index = np.asarray(t, dtype=np.int64) // SECONDS_PER_DAY - day_numbers[0]
    return scores[np.clip(index, 0, len(scores) - 1)]


def decimate(
    x: NDArray[np.float64], y: NDArray[np.float64], max_points: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """At most ``max_points`` points of a line: the lowest and the highest point of each
    of at most ``max_points // 2`` equal buckets, in x order. Shorter lines come back
    unchanged."""
    x_a, y_a = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n = len(x_a)
    if n <= max_points:
        return x_a, y_a
    size = -(-n // max(1, max_points // 2))  # points per bucket, rounded up
    buckets = -(-n // size)
    flat = np.full(buckets * size, np.nan)
    flat[:n] = y_a
    grid = flat.reshape(buckets, size)
    offsets = np.arange(buckets) * size
    lows = offsets + np.nanargmin(grid, axis=1)
    highs = offsets + np.nanargmax(grid, axis=1)
    index = np.unique(np.concatenate((lows, highs)))
    return x_a[index], y_a[index]


def on_day(t: NDArray[np.int64], day: int) -> NDArray[np.intp]:
    """Positions of the moments (sorted unix seconds) that fall on day number ``day``."""
    days = np.asarray(t, dtype=np.int64) // SECONDS_PER_DAY
    start, stop = np.searchsorted(days, [day, day + 1])
    return np.arange(start, stop)


def _utc_day(seconds: int) -> date:
    return date(1970, 1, 1) + timedelta(days=seconds // SECONDS_PER_DAY)


MIN_TICK_PIXELS = 52  # room for a month name and some air
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def month_ticks(
    start: float, end: float, width_px: float, min_px: float = MIN_TICK_PIXELS
) -> tuple[int, list[tuple[float, str]]]:
    """Ticks for a date axis from ``start`` to ``end`` (unix seconds) drawn ``width_px``
    wide: the first day of every month, every 2, 3 or 6 months, or every year or more,
    whichever keeps labels at least ``min_px`` apart. January reads as its year ("2026"),
    other months as their name ("Mar"). Returns (months per tick, [(seconds, label)])."""
    if end <= start or width_px <= 0:
        return 12, []
    months = (end - start) / SECONDS_PER_DAY / 30.44
    per_month = width_px / max(months, 1e-9)
    step = next((s for s in _MONTH_STEPS if per_month * s >= min_px), _MONTH_STEPS[-1])
    first = _utc_day(int(start // 1))
    index = first.year * 12 + first.month - 1  # months since year 0
    index -= index % step
    ticks = []
    while True:
        year, month = divmod(index, 12)
        moment = (date(year, month + 1, 1) - date(1970, 1, 1)).days * SECONDS_PER_DAY
        if moment > end:
            break
        if moment >= start:
            label = str(year) if month == 0 or step >= 12 else short_month_name(month + 1)
            ticks.append((float(moment), label))
        index += step
    return step, ticks
