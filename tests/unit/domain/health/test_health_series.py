"""One person's daily health series for the chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.health import (
    HealthEvent,
    HealthInput,
    PromiseOutcome,
    health_at,
    health_series,
    series_from_arrays,
)
from relapp.domain.model import Channel, Direction, InteractionKind

START = date(2015, 1, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def meeting(day: date) -> HealthEvent:
    return HealthEvent(at(day), Channel.MEETING, Direction.BOTH)


def test_ten_years_gives_one_score_per_day_both_ends_included() -> None:
    end = date(2024, 12, 31)
    days, scores = health_series(HealthInput((meeting(date(2016, 5, 1)),)), START, end)

    assert days.dtype == np.dtype("datetime64[D]")
    assert len(days) == len(scores) == (end - START).days + 1 == 3653
    assert days[0] == np.datetime64("2015-01-01")
    assert days[-1] == np.datetime64("2024-12-31")
    assert np.all(np.diff(days) == np.timedelta64(1, "D"))


def test_a_single_day_and_an_empty_history() -> None:
    days, scores = health_series(HealthInput(()), START, START)
    assert days.tolist() == [START]
    assert scores.tolist() == [0.0]


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        health_series(HealthInput(()), START, START - timedelta(days=1))


def test_zero_before_the_first_interaction() -> None:
    first = date(2015, 3, 1)
    days, scores = health_series(HealthInput((meeting(first),)), START, date(2015, 4, 1))
    before = days < np.datetime64(first)
    assert np.all(scores[before] == 0.0)
    assert scores[~before][0] == pytest.approx(
        health_at(HealthInput((meeting(first),)), first).value
    )


def test_decays_monotonically_between_interactions_and_jumps_at_them() -> None:
    meeting_days = [date(2015, 2, 1), date(2015, 5, 20), date(2015, 6, 1), date(2016, 1, 9)]
    inp = HealthInput(tuple(meeting(d) for d in meeting_days), cadence_days=30)
    days, scores = health_series(inp, START, date(2016, 12, 31))

    steps = np.diff(scores)
    arrives = np.isin(days[1:], np.array(meeting_days, dtype="datetime64[D]"))
    assert np.all(steps[arrives] > 5)  # a two-way meeting lifts the score
    alive = scores[1:] > 1e-9
    assert np.all(steps[~arrives & alive] < 0)  # and between meetings it only falls
    assert np.all(steps[~arrives] <= 0)


def test_the_score_on_each_day_is_health_at_that_day() -> None:
    events = (
        HealthEvent(at(date(2015, 1, 10)), Channel.CALL, Direction.BOTH),
        HealthEvent(at(date(2015, 2, 1)), Channel.EMAIL, Direction.OUTBOUND),
        HealthEvent(at(date(2015, 2, 3)), Channel.EMAIL, Direction.OUTBOUND),
        HealthEvent(at(date(2015, 2, 9)), Channel.EMAIL, Direction.OUTBOUND),
        HealthEvent(at(date(2015, 3, 1)), Channel.MESSAGE, Direction.INBOUND),
        HealthEvent(
            at(date(2015, 4, 1)), Channel.MEETING, Direction.BOTH, InteractionKind.FAVOUR_GIVEN
        ),
    )
    promises = (
        PromiseOutcome(at(date(2015, 2, 15)), kept=False),
        PromiseOutcome(at(date(2015, 3, 15)), kept=True),
        PromiseOutcome(at(date(2015, 3, 20)), kept=None),
    )
    inp = HealthInput(events, promises, cadence_days=21)
    days, scores = health_series(inp, START, date(2015, 6, 30))
    expected = [health_at(inp, d).value for d in days.tolist()]
    np.testing.assert_allclose(scores, expected, rtol=1e-9, atol=1e-9)


def test_a_broken_promise_steps_the_series_down_from_its_due_day() -> None:
    due = date(2015, 1, 20)
    events = (meeting(date(2015, 1, 5)),)
    days, without = health_series(HealthInput(events), START, date(2015, 2, 1))
    _, broken = health_series(
        HealthInput(events, (PromiseOutcome(at(due), kept=False),)), START, date(2015, 2, 1)
    )
    from_due = days >= np.datetime64(due)
    np.testing.assert_allclose(broken[~from_due], without[~from_due])
    np.testing.assert_allclose(broken[from_due], without[from_due] * (1 - 0.5 * 0.3))


def test_a_one_day_cadence_over_ten_years_neither_overflows_nor_loses_the_jumps() -> None:
    meetings = tuple(meeting(START + timedelta(days=n)) for n in range(0, 3650, 97))
    days, scores = health_series(HealthInput(meetings, cadence_days=1), START, date(2024, 12, 31))
    assert np.all(np.isfinite(scores))
    last = meetings[-1].occurred_at.date()
    assert scores[days == np.datetime64(last)][0] == pytest.approx(100 * (1 - np.exp(-2.5)))


def test_from_arrays_equals_from_domain_values() -> None:
    inp = HealthInput(
        (
            HealthEvent(at(date(2015, 1, 3)), Channel.SOCIAL, Direction.INBOUND),
            HealthEvent(at(date(2015, 1, 2)), Channel.VIDEO, Direction.BOTH),
        ),
        cadence_days=10,
    )
    _, from_values = health_series(inp, START, date(2015, 2, 1))
    # Codes are positions in the enums; the pairs need not be sorted by time.
    channels, directions = list(Channel), list(Direction)
    _, from_arrays = series_from_arrays(
        t=[int(e.occurred_at.timestamp()) for e in inp.events],
        channel=[channels.index(e.channel) for e in inp.events],
        direction=[directions.index(e.direction) for e in inp.events],
        kind=[0, 0],
        start=START,
        end=date(2015, 2, 1),
        cadence_days=10,
    )
    np.testing.assert_allclose(from_arrays, from_values)


EVENTS = st.builds(
    HealthEvent,
    occurred_at=st.datetimes(
        min_value=datetime(2014, 6, 1), max_value=datetime(2016, 6, 1), timezones=st.just(UTC)
    ),
    channel=st.sampled_from(Channel),
    direction=st.sampled_from(Direction),
    kind=st.sampled_from(InteractionKind),
)
PROMISES = st.builds(
    PromiseOutcome,
    due_at=st.datetimes(
        min_value=datetime(2014, 6, 1), max_value=datetime(2016, 6, 1), timezones=st.just(UTC)
    ),
    kept=st.sampled_from([True, False, None]),
)
INPUTS = st.builds(
    HealthInput,
    events=st.lists(EVENTS, max_size=25),
    promises=st.lists(PROMISES, max_size=4),
    cadence_days=st.sampled_from([None, 1, 7, 30, 90, 365]),
)


@settings(max_examples=60, deadline=None)
@given(inp=INPUTS, sample=st.lists(st.integers(0, 730), min_size=1, max_size=8))
def test_the_series_matches_health_at_for_any_person(inp: HealthInput, sample: list[int]) -> None:
    days, scores = health_series(inp, START, date(2016, 12, 31))
    for i in sample:
        day = days[i].astype(object)
        assert scores[i] == pytest.approx(health_at(inp, day).value, rel=1e-9, abs=1e-9)
