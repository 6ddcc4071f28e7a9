"""Colours and shapes of the health charts, shared by the person chart, its legend, the
overview and the Today list. Plain values: importing this costs nothing; the colours are
light/dark pairs from the style module (``theme.colour(pair)`` when drawing)."""

from __future__ import annotations

from relapp.domain.attention import Reason
from relapp.domain.i18n import N_
from relapp.domain.model import Channel, Direction
from relapp.ui.theme import colours

# Channels after Tableau 10, apart for most kinds of colour blindness, never band colours.
CHANNEL_COLOURS = {c: colours.CHANNELS[c.value] for c in Channel}
# pyqtgraph symbols: a triangle pointing at them, at you, or a circle for both ways.
DIRECTION_SYMBOLS = {
    Direction.OUTBOUND: "t2",
    Direction.INBOUND: "t3",
    Direction.BOTH: "o",
}
DIRECTION_NAMES = {d: d.label for d in Direction}  # the domain's words
MARKER_SIZE = 10
LINE_COLOUR = colours.CHART_LINE
NEUTRAL = colours.NEUTRAL

KEPT_COLOUR = colours.KEPT
MISSED_COLOUR = colours.MISSED
KEPT_SYMBOL = "star"
MISSED_SYMBOL = "x"
KEPT_LATE_COLOUR = colours.KEPT_LATE  # kept, but after the deadline: counts as broken

BAND_COLOURS = colours.BANDS
BAND_TINTS = colours.BAND_TINTS
BAND_NAMES = {  # marked here, translated where shown: _(BAND_NAMES[band])
    "new": N_("New (not enough history yet)"),
    "healthy": N_("Healthy (70 and up)"),
    "cooling": N_("Cooling (40 to 69)"),
    "fading": N_("Fading (under 40)"),
}

REASON_COLOURS = {r: colours.REASONS[r.value] for r in Reason}  # (text, background)
