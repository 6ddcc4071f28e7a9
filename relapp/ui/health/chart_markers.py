"""The interaction markers of the person chart: one scatter item per channel (colour),
shaped by direction, filled with what ``domain.health.thinning`` says to draw for the
span on screen (every contact zoomed in; one per week per channel zoomed out).

A range change (wheel, drag) is answered ``SETTLE_MS`` later, never inside the event:
the markers drawn stay while the user zooms, at most one refresh runs per ``SETTLE_MS``
while the range keeps moving (a long drag fills in as it goes), and one always follows
the last change. The data is in memory, so a refresh takes a few milliseconds.
``set_chart``, "All" and "Last year" redraw at once. A weekly marker carries the id of
the contact it sits on (the week's middle one on its channel), so a click finds that
week in the history.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor

from relapp.domain.health import codes as health_codes
from relapp.domain.health.chart import PersonChart
from relapp.domain.health.thinning import Markers, markers_for_view, weekly_markers
from relapp.ui import theme
from relapp.ui.health import style

SETTLE_MS = 60  # a wheel turn comes in steps about 15-30 ms apart
MARGIN = 1.0  # markers are loaded for the visible span and as much again on each side
_SYMBOLS = np.array([style.DIRECTION_SYMBOLS[d] for d in health_codes.DIRECTIONS], dtype=object)


class _Scatter(pg.ScatterPlotItem):
    """pyqtgraph's scatter item, but the place of each marker's symbol in its atlas is
    looked up once per symbol, not once per point: its markers share their pen, brush
    and size (the item's) and have at most three symbols (direction). pyqtgraph's own
    lookup makes a Python key a point: 40% of drawing a decade of weekly markers."""

    def updateSpots(self, dataSet=None) -> None:  # (pyqtgraph names it)
        data = self.data if dataSet is None else dataSet
        if not (self.opts["pxMode"] and self.opts["useCache"]) or self.opts["hoverable"]:
            super().updateSpots(dataSet)
            return
        new = np.flatnonzero(data["sourceRect"]["w"] == 0)
        own = [np.equal(data[name][new], None).all() for name in ("pen", "brush")]
        if len(new) == 0 or not all(own) or not (data["size"][new] == -1).all():
            super().updateSpots(dataSet)
            return
        symbols = data["symbol"][new]
        symbols[np.equal(symbols, None)] = self.opts["symbol"]
        if not all(isinstance(symbol, str) for symbol in set(symbols.tolist())):
            super().updateSpots(dataSet)  # (a drawn path: pyqtgraph's own way)
            return
        names, which = np.unique(symbols.astype(str), return_inverse=True)
        opts = self.opts
        places = self.fragmentAtlas[
            [(str(name), opts["size"], opts["pen"], opts["brush"]) for name in names]
        ]
        rects = data["sourceRect"]
        for k, place in enumerate(places):
            rects[new[which == k]] = place
        self._maybeRebuildAtlas()
        self._updateMaxSpotSizes(data=data)
        self.invalidate()


class MarkerLayer(QObject):
    """Owns the per-channel scatter items; ``refresh`` fills them for a range."""

    thinnedChanged = Signal(bool)  # the markers now stand for a week each, or no longer

    def __init__(
        self,
        item: pg.PlotItem,
        clicked: Callable[..., None],
        visible: Callable[[], tuple[float, float, float]],
    ) -> None:
        super().__init__(item)
        self._visible = visible  # (low, high, width in pixels) of the plot now
        self.scatters: dict[int, pg.ScatterPlotItem] = {}
        for code, channel in enumerate(health_codes.CHANNELS):
            scatter = _Scatter(size=style.MARKER_SIZE, name=channel.label)
            scatter.setZValue(3)
            scatter.sigClicked.connect(clicked)
            self.scatters[code] = scatter
            item.addItem(scatter)
        self.chart: PersonChart | None = None
        self.shown: Markers | None = None
        self._weekly: Markers | None = None
        self._loaded: tuple[float, float, bool] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.refresh)

    @property
    def thinned(self) -> bool:
        return self.shown is not None and self.shown.thinned

    def apply_colours(self, outline: QColor) -> None:
        """The channel colours for the scheme in use, outlined in the plot's background."""
        for code, channel in enumerate(health_codes.CHANNELS):
            self.scatters[code].setBrush(pg.mkBrush(theme.colour(style.CHANNEL_COLOURS[channel])))
            self.scatters[code].setPen(pg.mkPen(outline, width=1))

    def set_chart(self, chart: PersonChart) -> None:
        """New data: markers are computed again at the next ``refresh``."""
        self.chart = chart
        marks = chart.interactions
        self._weekly = weekly_markers(marks.t, marks.channel, marks.direction)
        self._loaded = None

    def schedule(self) -> None:
        """The range or the width changed: refresh within ``SETTLE_MS``."""
        if self.chart is not None and not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        """Fill the scatter items for the span on screen, unless what they hold covers it
        in the right detail already."""
        self._timer.stop()
        chart = self.chart
        if chart is None or self._weekly is None:
            return
        marks = chart.interactions
        low, high, width = self._visible()
        markers = markers_for_view(
            marks.t,
            marks.channel,
            marks.direction,
            low,
            high,
            width,
            margin=MARGIN,
            weekly=self._weekly,
        )
        loaded = self._loaded
        if (
            loaded is not None
            and loaded[2] == markers.thinned
            and loaded[0] <= low
            and high <= loaded[1]
        ):
            return
        span = high - low
        self._loaded = (low - MARGIN * span, high + MARGIN * span, markers.thinned)
        was = self.thinned
        self.shown = markers
        if markers.thinned != was:
            self.thinnedChanged.emit(markers.thinned)
        x = marks.t[markers.index].astype(np.float64)
        y = chart.interaction_y[markers.index]
        ids = marks.ids[markers.index]
        for code, scatter in self.scatters.items():
            mine = markers.channel == code
            if not mine.any():
                scatter.setData(x=[], y=[])
                continue
            ways = markers.direction[mine]
            symbol = _SYMBOLS[ways[0]] if (ways == ways[0]).all() else _SYMBOLS[ways].tolist()
            scatter.setData(x=x[mine], y=y[mine], symbol=symbol, data=ids[mine])

    def count_between(self, low: float, high: float) -> int:
        """Markers drawn in [low, high]."""
        return sum(
            int(np.count_nonzero((s.data["x"] >= low) & (s.data["x"] <= high)))
            for s in self.scatters.values()
        )
