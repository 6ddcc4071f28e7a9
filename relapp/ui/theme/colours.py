"""Every colour Relapp paints with, in one place: a light and a dark value each.

Plain data (no Qt): ``scheme.py`` picks the value for the colour scheme in use. Text
colours are chosen to reach a WCAG contrast of at least 4.5 on the background they are
drawn on, in both schemes (tests/ui/theme/test_contrast.py checks the widgets)."""

from __future__ import annotations

from typing import NamedTuple


class Pair(NamedTuple):
    """One colour in the light scheme and in the dark scheme ("#rrggbb" or "#aarrggbb")."""

    light: str
    dark: str


def same(value: str) -> Pair:
    """A colour that reads on both schemes (a mid tone under white text, a marker)."""
    return Pair(value, value)


# -- text and panels --------------------------------------------------------------------
MUTED = Pair("#585f66", "#aeb5bc")  # secondary text: dates, summaries, empty states
ERROR = Pair("#c62828", "#ff8a80")
LATE = ERROR
BRIEF_BACKGROUND = Pair("#f5f8fb", "#26303a")
BRIEF_BORDER = Pair("#d5dee6", "#43515e")
DUPLICATE_BACKGROUND = Pair("#fff8e1", "#3a3122")
DUPLICATE_BORDER = Pair("#e0b252", "#8a6d2f")
DUPLICATE_TEXT = Pair("#3e2723", "#f3e3c3")
DUPLICATE_RULE = Pair("#f0d9a0", "#5e4c2b")
OUTREACH_BACKGROUND = Pair("#fff4e0", "#3b2f1a")
OUTREACH_BORDER = Pair("#f0c36d", "#8f7235")
OUTREACH_TEXT = Pair("#5d4000", "#f5dfae")
PERSON_CHIP = (Pair("#0d47a1", "#cfe4ff"), Pair("#e3f2fd", "#1c3350"), Pair("#90caf9", "#3f6b99"))

# Chips on the person page: (text, background, border) per kind.
CHIPS = {
    "prefer": (Pair("#1b5e20", "#c8e6c9"), Pair("#e8f5e9", "#1d3320"), Pair("#a5d6a7", "#3d6b40")),
    "avoid": (Pair("#b71c1c", "#ffcdd2"), Pair("#ffebee", "#3d1f22"), Pair("#ef9a9a", "#7a3b3f")),
    "tag": (Pair("#37474f", "#dbe3e7"), Pair("#eceff1", "#2c3337"), Pair("#cfd8dc", "#4f5b61")),
    "info": (Pair("#0d47a1", "#cfe4ff"), Pair("#e3f2fd", "#1c3350"), Pair("#90caf9", "#3f6b99")),
}

# -- pictures: avatars and the tray badge (white text on a mid tone, both schemes) -----------
ON_COLOUR = same("#ffffff")
AVATARS = tuple(
    same(c)
    for c in (
        "#00897b",
        "#3949ab",
        "#8e24aa",
        "#d84315",
        "#6d4c41",
        "#546e7a",
        "#827717",
        "#c2185b",
    )
)
BADGE = same("#d32f2f")
ICON_STROKE = Pair("#37474f", "#cfd8dc")  # the line icons under resources/icons

# -- the health charts ---------------------------------------------------------------------
# A palette that stays apart for most kinds of colour blindness (after Tableau 10), and
# never uses the band colours (green, amber, red) for a channel; mid tones read on both.
CHANNELS = {
    "meeting": same("#1f77b4"),
    "call": same("#17becf"),
    "video": same("#9467bd"),
    "letter": Pair("#8c564b", "#b07a6e"),
    "message": same("#ff7f0e"),
    "email": same("#e377c2"),
    "social": same("#bcbd22"),
    "other": same("#7f7f7f"),
}
CHART_LINE = Pair("#343a40", "#dee2e6")
NEUTRAL = Pair("#868e96", "#8f979e")
KEPT = Pair("#2b8a3e", "#51cf66")
MISSED = Pair("#e03131", "#ff6b6b")
KEPT_LATE = Pair("#e8590c", "#ff922b")  # kept, but after the deadline: counts as broken
BANDS = {"healthy": same("#40c057"), "cooling": same("#fab005"), "fading": same("#fa5252")}
BAND_TINTS = {
    "healthy": Pair("#ebfbee", "#1f3324"),
    "cooling": Pair("#fff9db", "#3a3320"),
    "fading": Pair("#fff5f5", "#3d2324"),
}
# The band as a label: text on the band's colour.
BAND_LABELS = {
    "healthy": (Pair("#ffffff", "#0b2e13"), Pair("#2b8a3e", "#69db7c")),
    "cooling": (Pair("#3d2c00", "#3d2c00"), Pair("#fab005", "#fcc419")),
    "fading": (Pair("#ffffff", "#3b0a0a"), Pair("#c92a2a", "#ff8787")),
    "new": (Pair("#ffffff", "#16191c"), Pair("#5c636a", "#adb5bd")),
}
LEGEND_BACKGROUND = Pair("#d2ffffff", "#d2202326")
# Today's reason chips: (text, background) per reason.
REASONS = {
    "promise_mine": (Pair("#c92a2a", "#ffa8a8"), Pair("#fff5f5", "#3d2324")),
    "birthday": (Pair("#862e9c", "#e599f7"), Pair("#f8f0fc", "#35243b")),
    "anniversary": (Pair("#a61e4d", "#faa2c1"), Pair("#fff0f6", "#3b2330")),
    "promise_theirs": (Pair("#c2410c", "#ffb380"), Pair("#fff4e6", "#3b2a1e")),
    "falling": (Pair("#a35200", "#ffd43b"), Pair("#fff9db", "#3a3320")),
    "cadence": (Pair("#1864ab", "#a5d8ff"), Pair("#e7f5ff", "#1c2f42")),
    "unanswered": (Pair("#495057", "#ced4da"), Pair("#f1f3f5", "#2c3035")),
}

# -- the introductions network ---------------------------------------------------------------
NETWORK_BACKGROUND = Pair("#fbfcfd", "#1c1f22")
NETWORK_YOU = Pair("#1565c0", "#64b5f6")
NETWORK_INTRODUCER = Pair("#e65100", "#ffa726")
NETWORK_CENTRE = Pair("#a33a00", "#ffcc80")  # the ring round the one the map is about
NETWORK_PERSON = Pair("#6f8793", "#90a4ae")
NETWORK_EDGE = Pair("#6e546e7a", "#7090a4ae")
NETWORK_HIGHLIGHT = Pair("#d81b60", "#f06292")
NETWORK_PATH = Pair("#aad81b60", "#bbf06292")
NETWORK_OUTLINE = Pair("#ffffff", "#1c1f22")
NETWORK_HOVER = Pair("#78000000", "#a0ffffff")
NETWORK_LABEL = Pair("#263238", "#e3e8eb")
NETWORK_LABEL_BACK = Pair("#c8ffffff", "#c81c1f22")

# The edge of a radio button (a check box's is a shade lighter) where Fusion draws them:
# its own edges are 1.2:1 on the dark window and 1.7:1 on the light one; these 3.3:1 at
# least, as the parts of a control one must see need (theme.scheme.indicator_palette).
INDICATOR_EDGE = Pair("#6e6e6e", "#80868b")

# -- the dark palette, for a platform that has none (Fusion) ----------------------------------
DARK_PALETTE = {
    "Window": "#2b2d30",
    "WindowText": "#e8eaed",
    "Base": "#1f2124",
    "AlternateBase": "#282a2d",
    "ToolTipBase": "#3c4043",
    "ToolTipText": "#e8eaed",
    "PlaceholderText": "#9aa0a6",
    "Text": "#e8eaed",
    "Button": "#35373b",
    "ButtonText": "#e8eaed",
    "BrightText": "#ff8a80",
    "Light": "#4a4d52",
    "Midlight": "#3d4044",
    "Mid": "#5f6368",
    "Dark": "#1a1b1e",
    "Shadow": "#000000",
    "Highlight": "#2f62a8",  # white on it 6.1:1 (#3d6fb6 was 5.1, 4.2 off-white)
    "HighlightedText": "#ffffff",
    "Link": "#8ab4f8",
    "LinkVisited": "#c58af9",
}
# Fusion's light palette, but a selection white text reads on (its #308cc6: 3.7:1; 5.9:1)
LIGHT_PALETTE = {"Highlight": "#2565ab"}
DARK_PALETTE_DISABLED = {"WindowText": "#80868b", "Text": "#80868b", "ButtonText": "#80868b"}
