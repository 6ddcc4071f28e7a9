"""Opening the health overview paints the page first, makes the chart's plot in a turn
of the event loop of its own, its legend and areas in the next, and paints the chart in
a later one: pyqtgraph's widgets (35 ms of GUI CPU) and their first paint (20 ms) were
one stall of 50-70 ms of GUI CPU (issue 18, ``bench.window_stalls --only health``).
Turns are counted by a zero-interval timer, which fires once in every pass of the event
loop."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from relapp.ui.health import overview_chart
from relapp.ui.health.feature import HealthFeature
from relapp.ui.main_window import MainWindow


class Painted(QObject):
    """Notes the turn in which its object was first painted."""

    def __init__(self, turn: list[int]) -> None:
        super().__init__()
        self.turn = turn
        self.at: int | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = self.turn[0]
        return False


def test_the_page_paints_then_the_chart_is_made_in_two_turns_then_painted(
    qtbot, window: MainWindow, feature: HealthFeature, monkeypatch
) -> None:
    page = feature.overview
    turn = [0]
    beat = QTimer()
    beat.setInterval(0)
    beat.timeout.connect(lambda: turn.__setitem__(0, turn[0] + 1))
    page_painted, chart_painted = Painted(turn), Painted(turn)
    made: list[int] = []
    areas: list[int] = []
    real_init = overview_chart.OverviewChartView.__init__
    real_add_areas = overview_chart.OverviewChartView.add_areas

    def counting_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        real_init(self, *args, **kwargs)
        made.append(turn[0])
        self.plot.viewport().installEventFilter(chart_painted)

    def counting_add_areas(self) -> None:  # type: ignore[no-untyped-def]
        real_add_areas(self)
        areas.append(turn[0])

    monkeypatch.setattr(overview_chart.OverviewChartView, "__init__", counting_init)
    monkeypatch.setattr(overview_chart.OverviewChartView, "add_areas", counting_add_areas)
    page.installEventFilter(page_painted)
    beat.start()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        feature.show_overview()
    qtbot.waitUntil(lambda: chart_painted.at is not None, timeout=5_000)
    beat.stop()
    assert page_painted.at is not None and len(made) == len(areas) == 1
    steps = (page_painted.at, made[0], areas[0], chart_painted.at)
    assert steps[0] < steps[1] < steps[2] < steps[3], steps
    assert page.view is not None and page.view.isVisible()


def test_the_charts_make_no_context_menu_they_never_show(
    qtbot, window: MainWindow, feature: HealthFeature, monkeypatch
) -> None:
    """pyqtgraph makes each plot's context menu (its view box's: a dozen widgets, a fifth
    of the plot's making, then dropped when the menu is disabled) unless the plot is
    made without one; Relapp's charts show none."""
    import importlib

    view_box_module = importlib.import_module("pyqtgraph.graphicsItems.ViewBox.ViewBox")

    made: list[object] = []
    real_menu = view_box_module.ViewBoxMenu

    def counting_menu(box: object) -> object:
        made.append(box)
        return real_menu(box)

    monkeypatch.setattr(view_box_module, "ViewBoxMenu", counting_menu)
    page = feature.overview
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        feature.show_overview()
    qtbot.waitUntil(lambda: page.view is not None, timeout=5_000)
    assert page.view is not None
    assert not page.view.plot.getPlotItem().getViewBox().menuEnabled()
    assert made == []
