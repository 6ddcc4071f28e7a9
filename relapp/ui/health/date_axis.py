"""A date axis whose labels never crowd: months, every few months or years, chosen for
the width (``relapp.domain.health.chart.month_ticks``); pyqtgraph's own day ticks when
zoomed in to a few weeks. Imports pyqtgraph: only the chart modules import this."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QPalette

from relapp.domain.health.chart import month_ticks
from relapp.domain.health.values import SECONDS_PER_DAY

DAY_TICKS_BELOW_DAYS = 75


class MonthAxis(pg.DateAxisItem):
    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self._labels: dict[int, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        if (maxVal - minVal) < SECONDS_PER_DAY:
            return []  # nothing drawn yet (pyqtgraph's 0..1): no "00.250 00.500"
        if (maxVal - minVal) < DAY_TICKS_BELOW_DAYS * SECONDS_PER_DAY:
            self._labels = {}
            return super().tickValues(minVal, maxVal, size)
        step, ticks = month_ticks(minVal, maxVal, size)
        self._labels = {round(t): label for t, label in ticks}
        return [(step * 30.44 * SECONDS_PER_DAY, [t for t, _ in ticks])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self._labels:
            return [self._labels.get(round(v), "") for v in values]
        return super().tickStrings(values, scale, spacing)


def month_plot(
    palette: QPalette, name: str, *, pan_x: bool, grid_x: bool, grid_y: bool, grid_alpha: float
) -> pg.PlotWidget:
    """A plot over dates in the colours of ``palette``: the month axis at the bottom,
    no pyqtgraph menu or buttons, the vertical axis fixed (``pan_x``: the user may pan and
    zoom along time), quiet axes in the palette's mid and text colours."""
    # Made without the view box's menu (a dozen widgets, dropped again by
    # setMenuEnabled(False): a fifth of the plot's making on the GUI thread).
    plot = pg.PlotWidget(axisItems={"bottom": MonthAxis()}, enableMenu=False)
    plot.setObjectName(name)
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.setMouseEnabled(x=pan_x, y=False)
    item.showGrid(x=grid_x, y=grid_y, alpha=grid_alpha)
    colour_plot(plot, palette)
    return plot


def colour_plot(plot: pg.PlotWidget, palette: QPalette) -> None:
    """The plot's background and axes in ``palette``'s colours (again at a new scheme)."""
    text = palette.color(QPalette.ColorRole.Text)
    plot.setBackground(palette.color(QPalette.ColorRole.Base))
    for side in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(side)
        axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
        axis.setTextPen(pg.mkPen(text))
