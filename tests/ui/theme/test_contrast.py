"""Every text on the person page (the brief panel included) reads in both colour schemes:
the WCAG contrast between the colour each label ends up with (its palette after its style
sheet) and the background really drawn under it (read from the rendered window) is at
least 4.5, or 3 for large text. Before the style module, the brief in a dark scheme was
the palette's light text on the fixed near-white panel (1.1:1)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from relapp.storage import Database
from relapp.ui.brief.panel import BriefPanel
from relapp.ui.main_window import MainWindow
from relapp.ui.theme import contrast
from tests.ui.demo_people import open_named


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def _background(shot: QImage, widget: QWidget, window: QWidget) -> tuple[int, int, int]:
    """The most common colour drawn where ``widget`` shows: its background."""
    seen = widget.visibleRegion().boundingRect()
    top_left = widget.mapTo(window, seen.topLeft())
    scale = shot.devicePixelRatio()
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(0, seen.height(), 2):
        for x in range(0, seen.width(), 2):
            at = (int((top_left.x() + x) * scale), int((top_left.y() + y) * scale))
            counts[_rgb(shot.pixelColor(*at))] += 1
    return counts.most_common(1)[0][0]


def _large(widget: QWidget) -> bool:
    font = widget.font()
    size = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    return size >= 18 or (font.bold() and size >= 14)


def _texts(root: QWidget) -> list[QWidget]:
    shown = []
    for widget in root.findChildren(QWidget):
        seen = widget.visibleRegion().boundingRect()
        if not widget.isVisible() or seen.width() < 4 or seen.height() < 4:
            continue
        if isinstance(widget, QLabel) and widget.text().strip() and widget.pixmap().isNull():
            shown.append(widget)
        elif isinstance(widget, QAbstractButton) and "border: none" in widget.styleSheet():
            shown.append(widget)  # a link drawn on the page itself
    return shown


def _low_contrast(window: MainWindow, root: QWidget) -> tuple[list[str], int]:
    QApplication.processEvents()
    shot = window.grab().toImage()
    problems, checked = [], 0
    for widget in _texts(root):
        widget.ensurePolished()
        text = _rgb(widget.palette().color(widget.foregroundRole()))
        background = _background(shot, widget, window)
        ratio = contrast.ratio(text, background)
        needed = contrast.LARGE_TEXT if _large(widget) else contrast.BODY_TEXT
        checked += 1
        if ratio < needed:
            words = widget.text() if hasattr(widget, "text") else ""
            problems.append(
                f"{type(widget).__name__} {widget.objectName()!r} {words[:40]!r}: "
                f"{ratio:.2f} < {needed} ({QColor(*text).name()} on {QColor(*background).name()})"
            )
    return problems, checked


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_of_the_person_page_and_its_brief_reads(
    qtbot, scheme, demo_db: Database, window: MainWindow, name: str
) -> None:
    open_named(qtbot, window, demo_db, "carol")
    scheme(name)
    brief = window.page.findChild(BriefPanel)
    assert brief is not None and brief.isVisible()
    problems, checked = _low_contrast(window, window.page)
    assert checked >= 30, f"only {checked} texts found on the page: the walk misses them"
    assert problems == [], f"{name}: text below the WCAG contrast:\n" + "\n".join(problems)
    # The brief's own texts, counted apart: the panel Relapp is known for.
    brief_problems, brief_checked = _low_contrast(window, brief)
    assert brief_checked >= 8 and brief_problems == []
    panel = _background(window.grab().toImage(), brief, window)
    assert (contrast.luminance(panel) < 0.1) == (name == "dark"), panel
