"""The arrays behind one person's health chart: the line, the markers, the hover."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import numpy as np

from relapp.domain.health import (
    PROMISE_BROKEN,
    PROMISE_KEPT,
    HealthEvent,
    HealthInput,
    PromiseOutcome,
    channel_code,
    direction_code,
    health_series,
    kind_code,
)
from relapp.domain.health.chart import (
    MAX_LINE_POINTS,
    InteractionMarks,
    PromiseMarks,
    build_person_chart,
    decimate,
    month_ticks,
    on_day,
    score_on,
)
from relapp.domain.health.values import SECONDS_PER_DAY
from relapp.domain.model import Channel, Direction, InteractionKind

TODAY = date(2025, 6, 30)


def seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def marks(*events: tuple[datetime, Channel, Direction]) -> InteractionMarks:
    return InteractionMarks(
        ids=np.arange(1, len(events) + 1, dtype=np.int64),
        t=np.array([seconds(e[0]) for e in events], dtype=np.int64),
        channel=np.array([channel_code(e[1]) for e in events], dtype=np.int8),
        direction=np.array([direction_code(e[2]) for e in events], dtype=np.int8),
        kind=np.array([kind_code(InteractionKind.ORDINARY)] * len(events), dtype=np.int8),
        summaries=tuple(f"event {i}" for i in range(len(events))),
    )


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_short_lines_are_left_alone() -> None:
    x = np.arange(10.0)
    y = np.sin(x)
    dx, dy = decimate(x, y, 20)
    assert dx.tolist() == x.tolist()
    assert dy.tolist() == y.tolist()


def test_long_lines_keep_every_bucket_low_and_high_in_order() -> None:
    rng = np.random.default_rng(3)
    x = np.arange(3651.0)
    y = rng.random(3651) * 100
    y[1234], y[2345] = -5.0, 120.0  # a dip and a spike must survive
    dx, dy = decimate(x, y, 500)
    assert len(dx) <= 500
    assert np.all(np.diff(dx) > 0)
    assert dy.min() == -5.0
    assert dy.max() == 120.0
    assert set(dx.tolist()) <= set(x.tolist())
    assert np.all(y[dx.astype(int)] == dy)  # points are real points, not averages


def test_score_on_reads_the_day_of_each_moment_and_clips_outside() -> None:
    day_numbers = np.array([100, 101, 102], dtype=np.int64)
    scores = np.array([10.0, 20.0, 30.0])
    t = np.array([101 * SECONDS_PER_DAY + 5, 99 * SECONDS_PER_DAY, 200 * SECONDS_PER_DAY])
    assert score_on(day_numbers, scores, t).tolist() == [20.0, 10.0, 30.0]


def test_on_day_finds_every_moment_of_that_day() -> None:
    t = np.array([5, SECONDS_PER_DAY + 1, SECONDS_PER_DAY + 99, 3 * SECONDS_PER_DAY])
    assert on_day(t, 1).tolist() == [1, 2]
    assert on_day(t, 2).tolist() == []
    assert on_day(t, 0).tolist() == [0]


def test_markers_sit_on_the_line_at_the_score_of_their_day() -> None:
    history = marks(
        (noon(date(2025, 1, 10)), Channel.MEETING, Direction.BOTH),
        (noon(date(2025, 3, 1)), Channel.EMAIL, Direction.OUTBOUND),
        (noon(date(2025, 6, 29)), Channel.CALL, Direction.INBOUND),
    )
    chart = build_person_chart(history, TODAY)
    inp = HealthInput(
        tuple(
            HealthEvent(noon(d), c, di)
            for d, c, di in (
                (date(2025, 1, 10), Channel.MEETING, Direction.BOTH),
                (date(2025, 3, 1), Channel.EMAIL, Direction.OUTBOUND),
                (date(2025, 6, 29), Channel.CALL, Direction.INBOUND),
            )
        )
    )
    days, scores = health_series(inp, chart.first_day, TODAY)
    assert chart.first_day == TODAY - timedelta(days=365)  # at least the last year
    known = days >= np.datetime64(date(2025, 1, 10))  # the line starts at the first contact
    np.testing.assert_allclose(chart.line_y, scores[known])
    assert chart.line_x[0] == days[known][0].astype(np.int64) * SECONDS_PER_DAY
    by_day = dict(zip(days.tolist(), scores.tolist(), strict=True))
    expected = [by_day[d] for d in (date(2025, 1, 10), date(2025, 3, 1), date(2025, 6, 29))]
    np.testing.assert_allclose(chart.interaction_y, expected)


def test_ten_years_start_at_the_first_interaction_and_stay_within_the_point_budget() -> None:
    first = TODAY - timedelta(days=3650)
    history = marks(
        *(
            (noon(first + timedelta(days=d)), Channel.CALL, Direction.BOTH)
            for d in range(0, 3650, 3)
        )
    )
    chart = build_person_chart(history, TODAY)
    assert chart.first_day == first
    assert len(chart.line_x) <= MAX_LINE_POINTS
    assert len(chart.interaction_y) == len(history) == 1217
    start, end = chart.default_range()
    assert end - start == 365 * SECONDS_PER_DAY
    # from the first day, which decimation may leave out of the line itself
    assert chart.full_range()[0] == (first - date(1970, 1, 1)).days * SECONDS_PER_DAY
    assert chart.full_range()[0] <= chart.line_x[0]


def test_promise_markers_use_the_promise_in_the_score_and_sit_on_the_line() -> None:
    history = marks((noon(date(2025, 5, 1)), Channel.MEETING, Direction.BOTH))
    promises = PromiseMarks(
        t=np.array([seconds(noon(date(2025, 5, 10))), seconds(noon(date(2025, 6, 1)))]),
        kept=np.array([PROMISE_KEPT, PROMISE_BROKEN], dtype=np.int8),
        mine=np.array([True, False]),
        whats=("send the photos", "call back"),
    )
    chart = build_person_chart(history, TODAY, promises=promises)
    inp = HealthInput(
        (HealthEvent(noon(date(2025, 5, 1)), Channel.MEETING, Direction.BOTH),),
        (
            PromiseOutcome(noon(date(2025, 5, 10)), kept=True),
            PromiseOutcome(noon(date(2025, 6, 1)), kept=False),
        ),
    )
    days, scores = health_series(inp, chart.first_day, TODAY)
    np.testing.assert_allclose(chart.line_y, scores[days >= np.datetime64(date(2025, 5, 1))])
    by_day = dict(zip(days.tolist(), scores.tolist(), strict=True))
    np.testing.assert_allclose(
        chart.promise_y, [by_day[date(2025, 5, 10)], by_day[date(2025, 6, 1)]]
    )


def test_nobody_yet_is_a_flat_year_at_zero() -> None:
    chart = build_person_chart(marks(), TODAY)
    assert len(chart.line_x) == 366
    assert np.all(chart.line_y == 0.0)
    assert len(chart.interaction_y) == 0


def seconds_of(day: date) -> float:
    return float((day - date(1970, 1, 1)).days * SECONDS_PER_DAY)


def test_a_year_wide_axis_names_every_second_month_and_january_by_its_year() -> None:
    step, ticks = month_ticks(seconds_of(date(2025, 11, 20)), seconds_of(date(2026, 11, 21)), 600)
    assert step == 2
    assert [label for _, label in ticks] == ["2026", "Mar", "May", "Jul", "Sep", "Nov"]
    assert ticks[0][0] == seconds_of(date(2026, 1, 1))


def test_ten_years_become_years_and_labels_never_crowd() -> None:
    start, end = seconds_of(date(2015, 6, 1)), seconds_of(date(2025, 6, 1))
    for width in (200, 400, 800, 1600):
        step, ticks = month_ticks(start, end, width)
        positions = [(t - start) / (end - start) * width for t, _ in ticks]
        assert all(b - a >= 52 for a, b in itertools.pairwise(positions))
        assert all(start <= t <= end for t, _ in ticks)
    step, ticks = month_ticks(start, end, 600)
    assert step == 12
    assert [label for _, label in ticks] == [str(y) for y in range(2016, 2026)]


def test_a_wide_axis_over_a_few_months_names_each_month() -> None:
    step, ticks = month_ticks(seconds_of(date(2025, 1, 15)), seconds_of(date(2025, 5, 15)), 800)
    assert step == 1
    assert [label for _, label in ticks] == ["Feb", "Mar", "Apr", "May"]


def test_an_empty_axis_has_no_ticks() -> None:
    assert month_ticks(10.0, 10.0, 500)[1] == []
    assert month_ticks(0.0, 1e9, 0)[1] == []


def test_the_line_starts_at_the_first_contact_not_at_zero_before_it() -> None:
    """Seen in the four-stories e2e run: Priya, met in July, had a line at 0 in the red
    band from January to July. The axis still shows the last year; the line does not
    claim a score for a time before you knew them."""
    met = date(2025, 4, 1)
    chart = build_person_chart(marks((noon(met), Channel.EMAIL, Direction.INBOUND)), TODAY)
    assert chart.first_day == TODAY - timedelta(days=365)  # the axis: at least a year
    first_x = (met - date(1970, 1, 1)).days * SECONDS_PER_DAY
    assert chart.line_x[0] == first_x
    assert chart.full_range()[0] == (chart.first_day - date(1970, 1, 1)).days * SECONDS_PER_DAY
    assert chart.interaction_y[0] == chart.line_y[0] > 0
