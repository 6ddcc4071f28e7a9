"""A change of colour scheme while Relapp runs recolours what is on screen, and
RELAPP_COLOR_SCHEME forces a scheme (with a dark palette where the platform has none)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem

from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.brief.panel import BriefPanel
from relapp.ui.health.person_chart import PersonChartView
from relapp.ui.introductions.network_page import NetworkPage
from relapp.ui.main_window import MainWindow
from relapp.ui.theme import colours
from tests.ui.demo_people import open_named


def _pixel(window: MainWindow, widget, x: int = 3, y: int = 3) -> str:
    at = widget.mapTo(window, widget.rect().topLeft())
    return window.grab().toImage().pixelColor(at.x() + x, at.y() + y).name()


def test_switching_to_dark_and_back_recolours_the_page_the_brief_and_the_chart(
    qtbot, scheme, demo_db: Database, window: MainWindow
) -> None:
    scheme("light")
    open_named(qtbot, window, demo_db, "carol")
    brief = window.page.findChild(BriefPanel)
    assert brief is not None
    qtbot.waitUntil(lambda: window.page.findChild(PersonChartView) is not None, timeout=5000)
    chart = window.page.findChild(PersonChartView)
    assert _pixel(window, brief, 8, 8) == colours.BRIEF_BACKGROUND.light

    scheme("dark")
    assert theme.is_dark()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert _pixel(window, brief, 8, 8) == colours.BRIEF_BACKGROUND.dark
    assert chart.plot.backgroundBrush().color().lightness() < 80
    assert chart.line.opts["pen"].color().name() == colours.CHART_LINE.dark
    caption = next(c for c in brief.findChildren(type(brief.title)) if c.text() == "Met")
    assert caption.palette().color(caption.foregroundRole()).name() == colours.MUTED.dark

    scheme("light")
    assert _pixel(window, brief, 8, 8) == colours.BRIEF_BACKGROUND.light
    assert chart.plot.backgroundBrush().color().lightness() > 200
    assert chart.line.opts["pen"].color().name() == colours.CHART_LINE.light


def test_the_environment_forces_the_scheme(qtbot, scheme, monkeypatch) -> None:
    monkeypatch.setenv(theme.scheme.ENV, "dark")
    theme.install(QApplication.instance())
    qtbot.wait(20)
    assert theme.is_dark()
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == colours.DARK_PALETTE["Window"]
    assert palette.color(QPalette.ColorRole.Link).name() == colours.DARK_PALETTE["Link"]
    monkeypatch.setenv(theme.scheme.ENV, "purple")
    with pytest.raises(ValueError, match="dark or light"):
        theme.force("purple")


def test_the_network_view_follows_the_scheme(
    qtbot, scheme, demo_db: Database, window: MainWindow
) -> None:
    scheme("light")
    next(a for a in window.findChildren(QAction) if a.text() == "&Network").trigger()
    page = window.findChild(NetworkPage)
    assert page is not None
    qtbot.waitUntil(lambda: page.picture is not None, timeout=10000)
    scale = page.view.current_scale()
    light_scene = page.view.scene()
    assert page.view.backgroundBrush().color().name() == colours.NETWORK_BACKGROUND.light

    scheme("dark")
    assert page.view.backgroundBrush().color().name() == colours.NETWORK_BACKGROUND.dark
    assert page.view.scene() is not light_scene  # drawn anew in the dark colours ...
    assert page.view.current_scale() == pytest.approx(scale)  # ... at the same zoom
    names = [i for i in page.view.scene().items() if isinstance(i, QGraphicsSimpleTextItem)]
    assert names and all(n.brush().color().name() == colours.NETWORK_LABEL.dark for n in names)


def test_a_palette_change_from_the_system_is_followed(
    qtbot, scheme, demo_db: Database, window: MainWindow
) -> None:
    """Not forced: when the platform hands Relapp a dark palette (a desktop switched to
    dark; colorSchemeChanged comes with it where the platform reports one), the panels
    that are no palette role follow."""
    scheme("light")
    theme.force(None)
    open_named(qtbot, window, demo_db, "carol")
    brief = window.page.findChild(BriefPanel)
    assert _pixel(window, brief, 8, 8) == colours.BRIEF_BACKGROUND.light
    QApplication.setPalette(theme.scheme.dark_palette())  # what the platform theme does
    qtbot.waitUntil(lambda: _pixel(window, brief, 8, 8) == colours.BRIEF_BACKGROUND.dark)
    assert theme.is_dark()
