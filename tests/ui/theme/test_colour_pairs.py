"""Each text colour of the style module against each background it is drawn on, in both
schemes, reaches the WCAG contrast it needs (4.5 for text, 3 for big or secondary UI
such as chips' borders, markers and the network's names on their backing)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from relapp.ui.theme import colours, contrast
from relapp.ui.theme.colours import Pair

LIGHT_WINDOW, LIGHT_BASE = "#efefef", "#ffffff"  # Fusion's light palette
DARK_WINDOW, DARK_BASE = colours.DARK_PALETTE["Window"], colours.DARK_PALETTE["Base"]


def _rgb(value: str, under: str = "#ffffff") -> tuple[int, int, int]:
    """``value`` as drawn over the opaque ``under`` (it may have an alpha)."""
    c, u = QColor(value), QColor(under)
    return contrast.over((c.red(), c.green(), c.blue(), c.alpha()), (u.red(), u.green(), u.blue()))


def _pairs() -> list[tuple[str, Pair, Pair | str, float]]:
    window = Pair(LIGHT_WINDOW, DARK_WINDOW)
    base = Pair(LIGHT_BASE, DARK_BASE)
    cases: list[tuple[str, Pair, Pair | str, float]] = [
        ("muted on window", colours.MUTED, window, contrast.BODY_TEXT),
        ("muted on base", colours.MUTED, base, contrast.BODY_TEXT),
        ("muted on the brief", colours.MUTED, colours.BRIEF_BACKGROUND, contrast.BODY_TEXT),
        ("error on window", colours.ERROR, window, contrast.BODY_TEXT),
        ("error on the brief", colours.ERROR, colours.BRIEF_BACKGROUND, contrast.BODY_TEXT),
        (
            "duplicate text",
            colours.DUPLICATE_TEXT,
            colours.DUPLICATE_BACKGROUND,
            contrast.BODY_TEXT,
        ),
        ("outreach text", colours.OUTREACH_TEXT, colours.OUTREACH_BACKGROUND, contrast.BODY_TEXT),
        ("person chip", colours.PERSON_CHIP[0], colours.PERSON_CHIP[1], contrast.BODY_TEXT),
        ("network names", colours.NETWORK_LABEL, colours.NETWORK_BACKGROUND, contrast.BODY_TEXT),
        ("chart line", colours.CHART_LINE, base, contrast.LARGE_TEXT),
        ("icons on window", colours.ICON_STROKE, window, contrast.LARGE_TEXT),
        ("badge", colours.ON_COLOUR, colours.BADGE, contrast.LARGE_TEXT),
    ]
    cases += [(f"{k} chip", t, b, contrast.BODY_TEXT) for k, (t, b, _) in colours.CHIPS.items()]
    cases += [(f"{k} reason", t, b, contrast.BODY_TEXT) for k, (t, b) in colours.REASONS.items()]
    cases += [(f"{k} band", t, b, contrast.LARGE_TEXT) for k, (t, b) in colours.BAND_LABELS.items()]
    cases += [
        (f"avatar {i}", colours.ON_COLOUR, a, contrast.LARGE_TEXT)
        for i, a in enumerate(colours.AVATARS)
    ]
    for name, pair in (
        ("you", colours.NETWORK_YOU),
        ("introducer", colours.NETWORK_INTRODUCER),
        ("person", colours.NETWORK_PERSON),  # the grey dot: 2.9:1 in the e2e pictures
    ):
        cases.append((f"network {name} legend", pair, window, contrast.LARGE_TEXT))
    return cases


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("what", "text", "background", "needed"),
    _pairs(),
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_the_pair_reads(
    scheme: str, what: str, text: Pair, background: Pair, needed: float
) -> None:
    back = getattr(background, scheme)
    ratio = contrast.ratio(_rgb(getattr(text, scheme), back), _rgb(back))
    assert ratio >= needed, f"{what} in {scheme}: {ratio:.2f} < {needed}"


def test_the_ratio_is_wcag() -> None:
    assert contrast.ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast.ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast.over((0, 0, 0, 128), (255, 255, 255)) == (127, 127, 127)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_selected_rows_read_on_the_selection_colour(scheme, name: str) -> None:
    """A selected row of a list or table is the palette's HighlightedText on Highlight.
    The e2e pictures (tests/e2e/test_screens_every_view.py) measured 3.69:1 in the light
    scheme (Fusion's #308cc6 under white) and 4.22:1 for the first column in the dark one,
    whose text is drawn a shade off white (233, 240, 249): both under AA."""
    scheme(name)  # on a platform without a palette of its own, as in the e2e tests
    palette = QApplication.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    back = (highlight.red(), highlight.green(), highlight.blue())
    text = palette.color(QPalette.ColorRole.HighlightedText)
    for ink in ((text.red(), text.green(), text.blue()), (231, 240, 249)):
        ratio = contrast.ratio(ink, back)
        assert ratio >= contrast.BODY_TEXT, f"{ink} on {highlight.name()}: {ratio:.2f}"
