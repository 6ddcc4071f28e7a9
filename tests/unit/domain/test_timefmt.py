"""The one relative-time formatter: its ladder and its edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relapp.domain.timefmt import ago, next_phrase_change, relative, relative_seconds, span

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1), "yesterday"),
        (timedelta(days=1, hours=23), "yesterday"),
        (timedelta(days=2), "2 days ago"),
        (timedelta(days=13, hours=23), "13 days ago"),
        (timedelta(days=14), "2 weeks ago"),
        (timedelta(days=60), "8 weeks ago"),  # was "1 month ago" in one view, "9 weeks" in another
        (timedelta(days=62, hours=23), "8 weeks ago"),
        (timedelta(days=63), "2 months ago"),
        (timedelta(days=290), "9 months ago"),  # was "10 months ago" in health and Today
        (timedelta(days=364), "11 months ago"),
        (timedelta(days=365), "1 year ago"),
        (timedelta(days=729), "1 year ago"),
        (timedelta(days=730), "2 years ago"),
        (-timedelta(days=1, hours=2), "tomorrow"),
        (-timedelta(days=3), "in 3 days"),
    ],
)
def test_the_ladder(delta: timedelta, words: str) -> None:
    assert relative(NOW - delta, NOW) == words
    assert relative_seconds(int((NOW - delta).timestamp()), int(NOW.timestamp())) == words


def test_never() -> None:
    assert relative(None, NOW) == "never"
    assert relative_seconds(None, 0) == "never"


def test_span_names_lengths_in_the_same_units() -> None:
    assert span(86_400) == "1 day"
    assert span(37 * 86_400) == "5 weeks"
    assert span(30 * 86_400) == "4 weeks"
    assert span(90 * 60) == "1 hour"


@given(st.integers(min_value=-(10**10), max_value=10**10), st.integers(0, 10**5))
def test_the_phrase_never_goes_backwards_as_time_passes(gap: int, more: int) -> None:
    """Later "now", same moment: the past phrase never names a shorter time."""
    order = ["minute", "hour", "yesterday", "day", "week", "month", "year"]

    def rank(words: str) -> tuple[int, int]:
        if words == "just now":
            return (0, 0)
        unit = next(u for u in reversed(order) if u in words)
        number = int(words.split()[0]) if words[0].isdigit() else 1
        return (order.index(unit) + 1, number)

    if gap >= 0:
        assert rank(ago(gap)) <= rank(ago(gap + more))


def test_a_rhythm_is_said_to_the_nearest_unit_and_an_age_counts_down() -> None:
    from relapp.domain.timefmt import DAY, ago, period

    assert period(182 * DAY) == "6 months"  # twice a year
    assert ago(182 * DAY) == "5 months ago"
    assert period(30 * DAY) == "4 weeks"  # the ladder says weeks below nine of them
    assert period(7 * DAY) == "7 days"
    assert period(21 * DAY) == "3 weeks"
    assert period(400 * DAY) == "1 year"
    assert ago(730 * DAY) == "2 years ago"  # two years ago, not "1 year ago"


# --- when the phrase next changes (issue 13: "due in 5 hours" must not go stale) ----------

MOMENTS = st.integers(min_value=-3 * 365 * 86_400, max_value=3 * 365 * 86_400)


@given(offset=MOMENTS, micro=st.integers(min_value=0, max_value=999_999))
def test_the_next_phrase_change_is_the_first_instant_that_reads_differently(
    offset: int, micro: int
) -> None:
    moment = NOW + timedelta(seconds=offset, microseconds=micro)
    change = next_phrase_change(moment, NOW)
    assert change > NOW
    assert relative(moment, change) != relative(moment, NOW)
    assert relative(moment, change - timedelta(microseconds=1)) == relative(moment, NOW)


def test_the_next_phrase_change_in_everyday_cases() -> None:
    due = NOW + timedelta(hours=5, minutes=30)
    assert relative(due, NOW) == "in 5 hours"
    assert next_phrase_change(due, NOW) == NOW + timedelta(minutes=30, microseconds=1)
    was = NOW - timedelta(hours=3, minutes=10)
    assert next_phrase_change(was, NOW) == NOW + timedelta(minutes=50)  # "4 hours ago"
    soon = NOW + timedelta(seconds=30)  # "just now" until a minute after
    assert next_phrase_change(soon, NOW) == soon + timedelta(minutes=1)
