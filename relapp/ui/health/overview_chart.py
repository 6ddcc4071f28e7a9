"""How many relationships were healthy, cooling, fading and new at the end of each month:
stacked areas on a date axis, with a legend. Imports pyqtgraph: import this module only
when the overview is first shown."""

from __future__ import annotations

import html
from datetime import UTC, datetime, time

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from relapp.domain.health.overview import BandCounts
from relapp.domain.i18n import _
from relapp.ui import theme
from relapp.ui.health import style
from relapp.ui.health.date_axis import colour_plot, month_plot


def _x(counts: BandCounts) -> np.ndarray:
    return np.array(
        [datetime.combine(d, time(12), UTC).timestamp() for d in counts.days], dtype=np.float64
    )


class OverviewChartView(QWidget):
    """Made in two turns of the event loop (about 20 ms of GUI CPU each, issue 18): the
    plot here, its legend and areas in ``add_areas``, which must follow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        palette = self.palette()
        self.plot = month_plot(
            palette,
            "health-overview-chart",
            pan_x=False,
            grid_x=False,
            grid_y=True,
            grid_alpha=0.15,
        )
        self.plot.setAccessibleName(_("Health overview chart"))
        self.legend: pg.LegendItem
        self.areas: dict[str, pg.PlotDataItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def add_areas(self) -> None:
        """The legend and an area for each band, in the colour scheme's colours."""
        item = self.plot.getPlotItem()
        self.legend = item.addLegend(offset=(10, 10))
        # Drawn top first: each area reaches down to zero and the next one covers its
        # lower part, which stacks them.
        for band in ("new", "fading", "cooling", "healthy"):
            area = pg.PlotDataItem(
                fillLevel=0,
                name=html.escape(_(style.BAND_NAMES[band])),  # legend labels are HTML
            )
            item.addItem(area)
            self.areas[band] = area
        self.apply_colours()
        theme.on_change(self.apply_colours)

    def apply_colours(self) -> None:
        """Background, axes, legend and areas for the colour scheme in use."""
        palette = QApplication.palette()
        text = palette.color(QPalette.ColorRole.Text)
        colour_plot(self.plot, palette)
        self.plot.getPlotItem().getAxis("left").setLabel(_("People"), color=text.name())
        self.legend.setLabelTextColor(text)
        for _sample, label in self.legend.items:  # the labels already there
            label.setText(label.text, color=text)
        self.legend.setBrush(pg.mkBrush(theme.colour(theme.colours.LEGEND_BACKGROUND)))
        for band, area in self.areas.items():
            colour = theme.colour(style.BAND_COLOURS.get(band, style.NEUTRAL))
            fill = QColor(colour)
            fill.setAlpha(170)
            area.setPen(pg.mkPen(colour.darker(115), width=1.5))
            area.setFillBrush(pg.mkBrush(fill))
        self.legend.update()

    def set_counts(self, counts: BandCounts) -> None:
        x = _x(counts)
        healthy = counts.healthy.astype(np.float64)
        cooling = healthy + counts.cooling
        judged = cooling + counts.fading
        total = judged + counts.new_counts
        self.areas["healthy"].setData(x, healthy)
        self.areas["cooling"].setData(x, cooling)
        self.areas["fading"].setData(x, judged)
        self.areas["new"].setData(x, total)
        item = self.plot.getPlotItem()
        top = float(total.max()) if len(total) else 1.0
        self._fit_axes(max(top, 1.0) * 1.05)
        item.setYRange(0, max(top, 1.0) * 1.05, padding=0)
        if len(x):
            item.setXRange(x[0], x[-1], padding=0.01)
        # pyqtgraph applies a new range as it next paints, and what that moves (the axes,
        # the areas) has the view painted a second time: applied now, one paint will do.
        self.plot.scene().prepareForPaint()

    def _fit_axes(self, top: float) -> None:
        """The axes' room for their labels, set before they are painted (the counts up
        to ``top``; a month's name one line high): left to pyqtgraph, each axis measures
        its labels as it paints them and, finding more than the room it had, has the
        plot laid out and painted again, a second full paint of 10-20 ms of GUI CPU
        (issue 18, ``bench.window_stalls``)."""
        metrics = self.plot.fontMetrics()
        digits = min(7, max(3, len(str(int(top)))))  # pyqtgraph's "%g": 1e+06 at most 7
        item = self.plot.getPlotItem()
        width = metrics.horizontalAdvance("0" * digits)
        item.getAxis("left").setStyle(autoExpandTextSpace=False, tickTextWidth=width)
        height = metrics.height()
        item.getAxis("bottom").setStyle(autoExpandTextSpace=False, tickTextHeight=height)

    def legend_names(self) -> list[str]:
        return [html.unescape(label.text) for _sample, label in self.legend.items]
