"""Everyone at several days in one pass equals ``health_all`` at each day."""

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
    arrays_from_inputs,
    health_all,
)
from relapp.domain.health.timeline import health_timeline, iter_health
from relapp.domain.model import Channel, Direction, InteractionKind
from tests.health_strategies import EVENTS, PROMISES

PEOPLE = st.lists(
    st.builds(
        HealthInput,
        events=st.lists(EVENTS, max_size=15),
        promises=st.lists(PROMISES, max_size=3),
        cadence_days=st.sampled_from([None, 0, 1, 7, 30, 120]),
    ),
    max_size=12,
)
DAYS = st.lists(st.dates(date(2020, 12, 1), date(2024, 6, 1)), min_size=1, max_size=8, unique=True)


@settings(max_examples=80, deadline=None)
@given(people=PEOPLE, days=DAYS)
def test_each_row_equals_health_all_on_its_day(people: list[HealthInput], days: list[date]) -> None:
    days = sorted(days)
    arrays = arrays_from_inputs(people)
    scores = health_timeline(arrays, days)
    assert scores.shape == (len(days), len(people))
    for row, day in zip(scores, days, strict=True):
        np.testing.assert_allclose(row, health_all(arrays, day), rtol=1e-9, atol=1e-9)


def test_a_seeded_crowd_over_three_years_of_month_ends() -> None:
    rng = np.random.default_rng(11)
    channels, directions, kinds = list(Channel), list(Direction), list(InteractionKind)
    people = []
    for _ in range(300):
        events = [
            HealthEvent(
                datetime.fromtimestamp(int(t), UTC),
                channels[rng.integers(len(channels))],
                directions[rng.integers(len(directions))],
                kinds[rng.integers(len(kinds))],
            )
            for t in rng.integers(1.5e9, 1.71e9, rng.integers(0, 40))
        ]
        promises = [
            PromiseOutcome(datetime.fromtimestamp(int(t), UTC), [True, False, None][k])
            for t, k in zip(rng.integers(1.6e9, 1.71e9, 2), rng.integers(0, 3, 2), strict=True)
        ]
        people.append(HealthInput(events, promises, [None, 7, 30, 90][rng.integers(4)]))
    arrays = arrays_from_inputs(people)
    days = [date(2021, 1, 1) + timedelta(days=30 * k) for k in range(37)]
    for day, scores in zip(days, iter_health(arrays, days), strict=True):
        np.testing.assert_allclose(scores, health_all(arrays, day), rtol=1e-9, atol=1e-9)


def test_a_reply_in_a_later_chunk_answers_the_earlier_outbound_run() -> None:
    def on(day: int, direction: Direction) -> HealthEvent:
        return HealthEvent(datetime(2024, 1, day, 9, tzinfo=UTC), Channel.EMAIL, direction)

    out = Direction.OUTBOUND
    person = HealthInput(
        (on(1, out), on(2, out), on(3, out), on(10, Direction.INBOUND), on(11, out), on(20, out))
    )
    arrays = arrays_from_inputs([person])
    days = [date(2024, 1, d) for d in (2, 5, 10, 15, 25)]
    expected = [health_all(arrays, d)[0] for d in days]
    np.testing.assert_allclose(health_timeline(arrays, days)[:, 0], expected, rtol=1e-12)


def test_days_must_be_strictly_ascending() -> None:
    arrays = arrays_from_inputs([HealthInput(())])
    with pytest.raises(ValueError, match="strictly ascending"):
        health_timeline(arrays, [date(2024, 1, 2), date(2024, 1, 1)])
    with pytest.raises(ValueError, match="strictly ascending"):
        health_timeline(arrays, [date(2024, 1, 1), date(2024, 1, 1)])


def test_no_days_and_no_people() -> None:
    arrays = arrays_from_inputs([HealthInput(()), HealthInput(())])
    assert health_timeline(arrays, []).shape == (0, 2)
    assert health_timeline(arrays_from_inputs([]), [date(2024, 1, 1)]).shape == (1, 0)
