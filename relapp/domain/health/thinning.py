"""Which interaction markers the person chart draws: every one when zoomed in, one per
week per channel when zoomed out (standing for all of that week's contacts on that
channel, with how many), so that a decade of daily contacts draws as fast and reads as
clearly as a month.

The threshold (``MAX_MARKERS_PER_COLUMN``): markers are thinned when the interactions in
the visible span outnumber the plot's pixel columns. A marker is about ten pixels wide,
so at one marker per column every marker already lies under some ten others: none can be
told apart, pointed at or clicked, and drawing them only costs time (pyqtgraph spends
about 2.5 µs per marker on data and paint, 80 ms for the busiest person's 31,743). Below
it every marker is drawn; a sparse history is never thinned, however far out the view,
and a week holding a single contact keeps that contact's own marker either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from relapp.domain.dates import long_day_text, number_text
from relapp.domain.health.codes import BOTH, CHANNELS
from relapp.domain.health.values import SECONDS_PER_DAY
from relapp.domain.i18n import _, ngettext
from relapp.domain.model import Channel

MAX_MARKERS_PER_COLUMN = 1.0
WEEK_DAYS = 7
_MONDAY = 3  # day 0 (1 January 1970) was a Thursday: day + 3 counts from a Monday
_EPOCH = date(1970, 1, 1)

# What a count of contacts on a channel is called: "12 calls", "1 video call".
CHANNEL_NOUNS = {  # "12 calls": a whole message per channel, in plural forms
    Channel.EMAIL: lambda n: ngettext("{n} email", "{n} emails", n),
    Channel.CALL: lambda n: ngettext("{n} call", "{n} calls", n),
    Channel.MEETING: lambda n: ngettext("{n} meeting", "{n} meetings", n),
    Channel.MESSAGE: lambda n: ngettext("{n} message", "{n} messages", n),
    Channel.VIDEO: lambda n: ngettext("{n} video call", "{n} video calls", n),
    Channel.SOCIAL: lambda n: ngettext("{n} social contact", "{n} social contacts", n),
    Channel.LETTER: lambda n: ngettext("{n} letter", "{n} letters", n),
    Channel.OTHER: lambda n: ngettext("{n} other contact", "{n} other contacts", n),
}


@dataclass(frozen=True)
class Markers:
    """The markers to draw, in time order. Each sits on one interaction (``index``, its
    position in the marks; for a week, the week's middle contact on that channel) and
    stands for ``count`` of them. ``direction`` is the week's one direction, or both ways
    when its contacts went different ways."""

    index: NDArray[np.intp]
    count: NDArray[np.int64]
    channel: NDArray[np.int8]
    direction: NDArray[np.int8]
    thinned: bool

    def __len__(self) -> int:
        return len(self.index)

    def between(self, t: NDArray[np.int64], start: float, end: float) -> Markers:
        """The markers whose interaction (``t``: the marks' times) lies in [start, end]."""
        part = slice(*_within(t[self.index], start, end))
        return Markers(
            self.index[part],
            self.count[part],
            self.channel[part],
            self.direction[part],
            self.thinned,
        )


def week_start(day_number: int) -> int:
    """The Monday (a day number since 1970) of the week that holds ``day_number``."""
    return (day_number + _MONDAY) // WEEK_DAYS * WEEK_DAYS - _MONDAY


def should_thin(visible: int, width_px: float, per_column: float = MAX_MARKERS_PER_COLUMN) -> bool:
    """True when ``visible`` markers would crowd a plot ``width_px`` wide."""
    return visible > per_column * max(width_px, 1.0)


def every_marker(channel: NDArray[np.int8], direction: NDArray[np.int8]) -> Markers:
    """Full detail: one marker per interaction."""
    n = len(channel)
    return Markers(
        np.arange(n, dtype=np.intp),
        np.ones(n, dtype=np.int64),
        np.asarray(channel, dtype=np.int8),
        np.asarray(direction, dtype=np.int8),
        thinned=False,
    )


def weekly_markers(
    t: NDArray[np.int64], channel: NDArray[np.int8], direction: NDArray[np.int8]
) -> Markers:
    """One marker per week (Monday to Sunday, UTC) per channel, over interactions sorted
    by time (``t``, unix seconds)."""
    channel = np.asarray(channel, dtype=np.int8)
    direction = np.asarray(direction, dtype=np.int8)
    if len(t) == 0:
        return every_marker(channel, direction)
    weeks = (np.asarray(t, dtype=np.int64) // SECONDS_PER_DAY + _MONDAY) // WEEK_DAYS
    middles, counts, ways = [], [], []
    for code in np.flatnonzero(np.bincount(channel, minlength=len(CHANNELS))).tolist():
        mine = np.flatnonzero(channel == code)  # in time order, so weeks ascend
        own_weeks = weeks[mine]
        starts = np.flatnonzero(np.concatenate(([True], own_weeks[1:] != own_weeks[:-1])))
        count = np.diff(np.append(starts, len(mine)))
        middles.append(mine[starts + count // 2])
        counts.append(count)
        own_ways = direction[mine]
        low = np.minimum.reduceat(own_ways, starts)
        high = np.maximum.reduceat(own_ways, starts)
        ways.append(np.where(low == high, low, np.int8(BOTH)).astype(np.int8))
    middle = np.concatenate(middles)
    by_time = np.argsort(middle, kind="stable")
    index = middle[by_time].astype(np.intp)
    return Markers(
        index,
        np.concatenate(counts)[by_time].astype(np.int64),
        channel[index],
        np.concatenate(ways)[by_time],
        thinned=True,
    )


def markers_for_view(
    t: NDArray[np.int64],
    channel: NDArray[np.int8],
    direction: NDArray[np.int8],
    start: float,
    end: float,
    width_px: float,
    *,
    margin: float = 0.0,
    weekly: Markers | None = None,
) -> Markers:
    """The markers to draw for the span [start, end] (unix seconds) shown ``width_px``
    wide: every interaction, or one per week per channel when the visible ones would
    crowd it (``should_thin``). The markers returned reach ``margin`` spans beyond each
    side, so panning a little needs nothing new; ``weekly`` is ``weekly_markers`` of the
    same interactions when the caller keeps it."""
    t = np.asarray(t, dtype=np.int64)
    first, last = _within(t, start, end)
    span = max(end - start, 0.0)
    low, high = start - margin * span, end + margin * span
    if should_thin(last - first, width_px):
        markers = weekly if weekly is not None else weekly_markers(t, channel, direction)
        return markers.between(t, low, high)
    i, j = _within(t, low, high)
    detail = every_marker(channel[i:j], direction[i:j])
    return Markers(detail.index + i, detail.count, detail.channel, detail.direction, False)


def _within(t: NDArray[np.int64], start: float, end: float) -> tuple[int, int]:
    """The slice of sorted ``t`` that lies in [start, end]."""
    return int(np.searchsorted(t, start, side="left")), int(np.searchsorted(t, end, side="right"))


@dataclass(frozen=True)
class WeekCount:
    """How many contacts one week had on one channel, and which ways they went (a count
    per direction code)."""

    channel: int
    count: int
    by_direction: tuple[int, ...]


def week_counts(
    t: NDArray[np.int64],
    channel: NDArray[np.int8],
    direction: NDArray[np.int8],
    monday: int,
) -> list[WeekCount]:
    """The contacts of the week starting on day number ``monday``, per channel (in the
    order of ``codes.CHANNELS``), over interactions sorted by time."""
    i, j = np.searchsorted(
        np.asarray(t, dtype=np.int64),
        [monday * SECONDS_PER_DAY, (monday + WEEK_DAYS) * SECONDS_PER_DAY],
    )
    part_channel = np.asarray(channel[int(i) : int(j)], dtype=np.int64)
    part_direction = np.asarray(direction[int(i) : int(j)], dtype=np.int64)
    out = []
    for code in np.unique(part_channel).tolist():
        ways = part_direction[part_channel == code]
        by_direction = np.bincount(ways, minlength=3).tolist()
        out.append(WeekCount(int(code), len(ways), tuple(by_direction)))
    return out


def count_words(count: int, channel_code: int) -> str:
    """How many contacts a thinned marker stands for: "12 calls", "1 video call"."""
    return CHANNEL_NOUNS[CHANNELS[channel_code]](count).format(n=number_text(count))


def week_words(monday: int) -> str:
    """The week starting on day number ``monday``: "Week of 3 March 2025"."""
    day = _EPOCH + timedelta(days=monday)
    return _("Week of {day}").format(day=long_day_text(day))
