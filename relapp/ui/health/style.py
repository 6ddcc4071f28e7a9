"""Colours and shapes of the health charts, shared by the person chart, its legend, the
overview and the Today list. Plain values: importing this costs nothing."""

from __future__ import annotations

from relapp.domain.attention import Reason
from relapp.domain.model import Channel, Direction

# A palette that stays apart for most kinds of colour blindness (after Tableau 10),
# and never uses the band colours (green, amber, red) for a channel.
CHANNEL_COLOURS = {
    Channel.MEETING: "#1f77b4",
    Channel.CALL: "#17becf",
    Channel.VIDEO: "#9467bd",
    Channel.LETTER: "#8c564b",
    Channel.MESSAGE: "#ff7f0e",
    Channel.EMAIL: "#e377c2",
    Channel.SOCIAL: "#bcbd22",
    Channel.OTHER: "#7f7f7f",
}
# pyqtgraph symbols: a triangle pointing at them, at you, or a circle for both ways.
DIRECTION_SYMBOLS = {
    Direction.OUTBOUND: "t2",
    Direction.INBOUND: "t3",
    Direction.BOTH: "o",
}
DIRECTION_NAMES = {d: d.label for d in Direction}  # the domain's words
MARKER_SIZE = 10
LINE_COLOUR = "#343a40"
NEUTRAL = "#868e96"

KEPT_COLOUR = "#2b8a3e"
MISSED_COLOUR = "#e03131"
KEPT_SYMBOL = "star"
MISSED_SYMBOL = "x"
KEPT_LATE_COLOUR = "#e8590c"  # kept, but after the deadline: counts as broken

BAND_COLOURS = {"healthy": "#40c057", "cooling": "#fab005", "fading": "#fa5252"}
BAND_TINTS = {"healthy": "#ebfbee", "cooling": "#fff9db", "fading": "#fff5f5"}
BAND_NAMES = {
    "new": "New (not enough history yet)",
    "healthy": "Healthy (70 and up)",
    "cooling": "Cooling (40 to 69)",
    "fading": "Fading (under 40)",
}

REASON_COLOURS = {
    Reason.PROMISE_MINE: ("#c92a2a", "#fff5f5"),
    Reason.BIRTHDAY: ("#862e9c", "#f8f0fc"),
    Reason.PROMISE_THEIRS: ("#d9480f", "#fff4e6"),
    Reason.FALLING: ("#e67700", "#fff9db"),
    Reason.CADENCE: ("#1864ab", "#e7f5ff"),
    Reason.UNANSWERED: ("#495057", "#f1f3f5"),
}
