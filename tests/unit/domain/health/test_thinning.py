"""Which markers the person chart draws: every contact zoomed in, one per week per
channel (with how many it stands for) zoomed out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from relapp.domain.health.codes import BOTH, CHANNEL_CODE, INBOUND, OUTBOUND
from relapp.domain.health.thinning import (
    Markers,
    count_words,
    markers_for_view,
    should_thin,
    week_counts,
    week_start,
    week_words,
    weekly_markers,
)
from relapp.domain.health.values import SECONDS_PER_DAY
from relapp.domain.model import Channel

CALL, EMAIL = CHANNEL_CODE[Channel.CALL], CHANNEL_CODE[Channel.EMAIL]
WIDTH = 640
END = datetime(2026, 3, 1, tzinfo=UTC)


def seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def history(times: list[datetime], channels: list[int], directions: list[int]):
    order = np.argsort([seconds(m) for m in times], kind="stable")
    t = np.array([seconds(m) for m in times], dtype=np.int64)[order]
    return (
        t,
        np.array(channels, dtype=np.int8)[order],
        np.array(directions, dtype=np.int8)[order],
    )


def dense_decade():
    """Ten years, every day: a call at 9 (you to them) and an email at 18 (them to you);
    every third day a second call at 20 (them to you)."""
    times, channels, directions = [], [], []
    day = END - timedelta(days=3650)
    for n in range(3650):
        morning = day.replace(hour=9) + timedelta(days=n)
        times += [morning, morning + timedelta(hours=9)]
        channels += [CALL, EMAIL]
        directions += [OUTBOUND, INBOUND]
        if n % 3 == 0:
            times.append(morning + timedelta(hours=11))
            channels.append(CALL)
            directions.append(INBOUND)
    return history(times, channels, directions)


def all_of(t) -> tuple[float, float]:
    return float(t[0]), float(t[-1])


def bins(t, channel, markers: Markers) -> set[tuple[int, int]]:
    days = t[markers.index] // SECONDS_PER_DAY
    return {
        (week_start(int(d)), int(c))
        for d, c in zip(days.tolist(), markers.channel.tolist(), strict=True)
    }


def test_a_decade_of_daily_contacts_zoomed_out_is_one_marker_per_week_per_channel() -> None:
    t, channel, direction = dense_decade()
    markers = markers_for_view(t, channel, direction, *all_of(t), WIDTH)
    assert markers.thinned
    weeks_and_channels = {
        (week_start(int(d)), int(c))
        for d, c in zip((t // SECONDS_PER_DAY).tolist(), channel.tolist(), strict=True)
    }
    assert len(markers) == len(weeks_and_channels) == len(bins(t, channel, markers))
    assert int(markers.count.sum()) == len(t)  # every contact is counted, once
    # each marker stands for exactly the contacts of its week on its channel
    days = t // SECONDS_PER_DAY
    for i in range(0, len(markers), 97):
        monday = week_start(int(days[markers.index[i]]))
        same = (days >= monday) & (days < monday + 7) & (channel == markers.channel[i])
        assert markers.count[i] == int(same.sum())
    assert np.all(np.diff(t[markers.index]) >= 0)  # in time order


def test_zoomed_in_to_a_month_every_contact_is_its_own_marker() -> None:
    t, channel, direction = dense_decade()
    start = seconds(END - timedelta(days=400))
    end = start + 30 * SECONDS_PER_DAY
    markers = markers_for_view(t, channel, direction, start, end, WIDTH)
    assert not markers.thinned
    inside = np.flatnonzero((t >= start) & (t <= end))
    assert markers.index.tolist() == inside.tolist()
    assert set(markers.count.tolist()) == {1}
    assert markers.direction.tolist() == direction[inside].tolist()


def test_the_markers_reach_a_margin_beyond_the_visible_span() -> None:
    t, channel, direction = dense_decade()
    start = seconds(END - timedelta(days=400))
    end = start + 30 * SECONDS_PER_DAY
    markers = markers_for_view(t, channel, direction, start, end, WIDTH, margin=1.0)
    shown = t[markers.index]
    assert shown.min() < start - 29 * SECONDS_PER_DAY
    assert shown.max() > end + 29 * SECONDS_PER_DAY
    assert shown.min() >= start - 30 * SECONDS_PER_DAY


def test_a_sparse_history_is_never_thinned_however_far_out() -> None:
    times = [END - timedelta(days=300 * k) for k in range(12)]
    t, channel, direction = history(times, [CALL] * 12, [BOTH] * 12)
    markers = markers_for_view(t, channel, direction, *all_of(t), 200)
    assert not markers.thinned
    assert len(markers) == 12


def test_thinning_starts_when_the_visible_contacts_outnumber_the_pixel_columns() -> None:
    assert not should_thin(640, 640)
    assert should_thin(641, 640)
    t, channel, direction = dense_decade()
    start = float(t[0])
    # exactly as many contacts on screen as columns: every one drawn; one more: thinned
    assert not markers_for_view(t, channel, direction, start, float(t[WIDTH - 1]), WIDTH).thinned
    assert markers_for_view(t, channel, direction, start, float(t[WIDTH]), WIDTH).thinned


def test_weeks_run_monday_to_sunday() -> None:
    monday = datetime(2025, 3, 3, 12, tzinfo=UTC)
    assert monday.weekday() == 0
    times = [monday, monday + timedelta(days=6), monday + timedelta(days=7)]
    t, channel, direction = history(times, [CALL] * 3, [OUTBOUND] * 3)
    markers = weekly_markers(t, channel, direction)
    assert markers.count.tolist() == [2, 1]
    day = seconds(monday) // SECONDS_PER_DAY
    assert week_start(day) == day
    assert week_start(day + 6) == day
    assert week_start(day + 7) == day + 7
    assert week_start(day - 1) == day - 7


def test_a_week_keeps_its_one_direction_and_mixed_weeks_read_both_ways() -> None:
    monday = datetime(2025, 3, 3, 12, tzinfo=UTC)
    times = [monday, monday + timedelta(days=1)]  # two calls you made
    times += [monday + timedelta(days=7), monday + timedelta(days=8)]  # one each way
    t, channel, direction = history(times, [CALL] * 4, [OUTBOUND, OUTBOUND, OUTBOUND, INBOUND])
    markers = weekly_markers(t, channel, direction)
    assert markers.direction.tolist() == [OUTBOUND, BOTH]


def test_a_week_marker_sits_on_its_middle_contact() -> None:
    monday = datetime(2025, 3, 3, 12, tzinfo=UTC)
    times = [monday + timedelta(days=d) for d in (0, 2, 4)]
    t, channel, direction = history(times, [EMAIL] * 3, [INBOUND] * 3)
    markers = weekly_markers(t, channel, direction)
    assert markers.index.tolist() == [1]
    assert markers.count.tolist() == [3]


def test_a_week_in_words() -> None:
    monday = datetime(2025, 3, 5, tzinfo=UTC)  # a Wednesday: its week began on the 3rd
    day = seconds(monday) // SECONDS_PER_DAY
    assert week_words(week_start(day)) == "Week of 3 March 2025"
    assert count_words(12, CALL) == "12 calls"
    assert count_words(1, CHANNEL_CODE[Channel.VIDEO]) == "1 video call"
    times = [monday, monday + timedelta(hours=2), monday + timedelta(days=1)]
    t, channel, direction = history(times, [CALL, CALL, EMAIL], [OUTBOUND, INBOUND, INBOUND])
    counts = week_counts(t, channel, direction, week_start(day))
    assert [(w.channel, w.count) for w in counts] == [(EMAIL, 1), (CALL, 2)]
    call = counts[1]
    assert call.by_direction[OUTBOUND] == 1 and call.by_direction[INBOUND] == 1


@pytest.mark.parametrize("width", [0, 1, 640])
def test_no_contacts_no_markers(width: int) -> None:
    empty = np.empty(0, np.int64), np.empty(0, np.int8), np.empty(0, np.int8)
    assert len(markers_for_view(*empty, 0.0, 1e9, width)) == 0
    assert len(weekly_markers(*empty)) == 0


def test_the_week_of_a_date_before_1970_is_still_a_monday() -> None:
    day = (date(1969, 12, 31) - date(1970, 1, 1)).days  # a Wednesday
    assert (date(1970, 1, 1) + timedelta(days=week_start(day))).weekday() == 0
