"""How many relationships were healthy, cooling or fading over time; each one's usual."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

from relapp.domain.health import (
    HealthEvent,
    HealthInput,
    arrays_from_inputs,
    health_all,
    health_at,
)
from relapp.domain.health.overview import (
    USUAL_SAMPLES,
    band_counts,
    month_ends,
    today_and_usual,
    usual_days,
)
from relapp.domain.health.values import day_number
from relapp.domain.model import Channel, Direction


def test_month_ends_run_over_the_years_and_end_today() -> None:
    days = month_ends(date(2025, 3, 15), 1)
    assert days[0] == date(2024, 3, 31)
    assert date(2024, 12, 31) in days
    assert date(2025, 1, 31) in days
    assert date(2025, 2, 28) in days
    assert days[-2:] == [date(2025, 2, 28), date(2025, 3, 15)]
    assert len(days) == 13
    assert days == sorted(set(days))


def test_leap_februaries_end_on_the_29th() -> None:
    assert date(2024, 2, 29) in month_ends(date(2024, 5, 1), 1)


def meeting(day: date) -> HealthEvent:
    return HealthEvent(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), "meeting", "both")


def test_band_counts_count_every_person_into_one_state() -> None:
    # Issue 13: too little history is "new", counted apart, never as fading.
    today = date(2025, 6, 30)
    people = [
        HealthInput(tuple(meeting(today - timedelta(days=d)) for d in (0, 14, 28))),  # healthy
        HealthInput(tuple(meeting(today - timedelta(days=d)) for d in (60, 200, 340))),  # cooling
        HealthInput((meeting(today - timedelta(days=400)),)),  # fading
        HealthInput(()),  # no contact: new
        HealthInput((meeting(today - timedelta(days=3)),)),  # one meeting lately: new
    ]
    arrays = arrays_from_inputs(people)
    days = month_ends(today, 1)
    counts = band_counts(arrays, days)
    last = (counts.new_counts[-1], counts.healthy[-1], counts.cooling[-1], counts.fading[-1])
    assert last == (2, 1, 1, 1)
    assert np.all(counts.total == 5)
    for k, day in enumerate(days):  # the same as each person's own state that day
        states = [health_at(inp, day).band for inp in people]
        assert counts.new_counts[k] == states.count("new")
        assert counts.healthy[k] == states.count("healthy")
        assert counts.cooling[k] == states.count("cooling")
        assert counts.fading[k] == states.count("fading")


def test_people_count_only_from_when_you_knew_them() -> None:
    today = date(2025, 6, 30)
    arrays = arrays_from_inputs([HealthInput(()), HealthInput(())])
    known_from = np.array([day_number(date(2000, 1, 1)), day_number(date(2025, 1, 1))])
    counts = band_counts(arrays, month_ends(today, 1), known_from)
    assert counts.total[0] == 1
    assert counts.total[-1] == 2


def test_usual_is_the_median_of_monthly_samples_of_the_last_year() -> None:
    today = date(2025, 6, 30)
    regular = [meeting(today - timedelta(days=d)) for d in range(0, 400, 14)]
    gone_quiet = [meeting(today - timedelta(days=d)) for d in range(120, 400, 14)]
    arrays = arrays_from_inputs(
        [HealthInput(regular), HealthInput(gone_quiet, cadence_days=14), HealthInput(())]
    )
    now, usual = today_and_usual(arrays, today)
    np.testing.assert_allclose(now, health_all(arrays, today))
    samples = np.array([health_all(arrays, d) for d in usual_days(today)])
    assert samples.shape == (USUAL_SAMPLES, 3)
    np.testing.assert_allclose(usual, np.median(samples, axis=0))
    assert usual[1] > 70 > now[1]  # the quiet one fell below their usual
    assert usual[2] == now[2] == 0.0
    assert usual_days(today)[-1] == date(2025, 5, 31)
    assert usual_days(date(2025, 1, 1)) == month_ends(date(2025, 1, 1), 1)[:-1]
    assert usual_days(date(2025, 1, 1))[0] == date(2024, 1, 31)


def test_a_lone_social_like_is_new_then_fading_once_the_first_months_are_over() -> None:
    # Issue 13: a contact or two in the last 90 days is "new"; after that, judged.
    like = HealthEvent(datetime(2025, 6, 1, tzinfo=UTC), Channel.SOCIAL, Direction.INBOUND)
    days = [date(2025, 6, 1), date(2025, 6, 2), date(2025, 9, 1)]
    counts = band_counts(arrays_from_inputs([HealthInput((like,))]), days)
    assert counts.new_counts.tolist() == [1, 1, 0]
    assert counts.fading.tolist() == [0, 0, 1]
