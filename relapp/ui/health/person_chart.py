"""One person's health over time, drawn with pyqtgraph: the daily score on a date axis,
a marker per interaction (colour: channel, shape: direction; one per week per channel
when zoomed out, see ``chart_markers``) and per promise (kept or missed), a legend, what
happened on the day (or week) under the mouse, and a click on a marker to find it in the
history.

Import this module only when a chart is first needed: it imports pyqtgraph (about half a
second), which must never delay the main window.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from relapp.domain.health import PROMISE_BROKEN, PROMISE_KEPT
from relapp.domain.health import codes as health_codes
from relapp.domain.health.chart import PersonChart
from relapp.domain.health.values import SECONDS_PER_DAY
from relapp.domain.i18n import N_, _
from relapp.domain.promises import PromiseState
from relapp.ui import theme
from relapp.ui.health import style
from relapp.ui.health.chart_markers import MarkerLayer
from relapp.ui.health.chart_words import describe_day, describe_week
from relapp.ui.health.date_axis import colour_plot, month_plot

LEGEND_ROW_HEIGHT = 19  # one row of 8 pt labels with their samples
LEGEND_SAMPLE_WIDTH = 45  # a sample and the gaps around it (columns are laid out equal)
NEW_NOTE = N_("New — not enough history yet for a health line.")
EMPTY_NOTE = N_("Nothing logged yet: the line starts with your first contact.")
WEEKLY_NOTE = N_("One marker per week per channel · zoom in for each contact")


def kept_late_name() -> str:
    """ "Promise kept late", in the language in use."""
    return _("Promise {state}").format(state=PromiseState.KEPT_LATE.label)


class _LegendSample(pg.ItemSample):
    """A legend entry; entries that only explain a shape do nothing when clicked (the
    others hide or show their markers, as pyqtgraph's do)."""

    def mouseClickEvent(self, event) -> None:
        if getattr(self.item, "legend_only", False):
            event.accept()
            return
        super().mouseClickEvent(event)


def _legend_only(symbol: str, name: str) -> pg.ScatterPlotItem:
    item = pg.ScatterPlotItem(symbol=symbol, size=style.MARKER_SIZE)
    item.legend_only = True
    item.setObjectName(name)
    return item


class PersonChartView(QWidget):
    """The chart; ``set_chart`` draws a ``PersonChart`` (computed off the GUI thread)."""

    interactionClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: PersonChart | None = None
        self._legend_key: tuple | None = None
        palette = self.palette()
        self.plot = month_plot(
            palette, "health-chart", pan_x=True, grid_x=True, grid_y=False, grid_alpha=0.12
        )
        self.plot.setAccessibleName(_("Health chart"))
        item = self.plot.getPlotItem()
        left = item.getAxis("left")
        left.setTicks([[(0, "0"), (40, "40"), (70, "70"), (100, "100")]])
        left.setWidth(34)
        item.setYRange(0, 105, padding=0)
        self.regions: dict[str, pg.LinearRegionItem] = {}

        for band, (low, high) in {
            "fading": (0, 40),
            "cooling": (40, 70),
            "healthy": (70, 105),
        }.items():
            region = pg.LinearRegionItem((low, high), orientation="horizontal", movable=False)
            region.setZValue(-100)
            self.regions[band] = region
            item.addItem(region, ignoreBounds=True)

        self.line = pg.PlotDataItem(name=_("Health"))
        self.line.setZValue(1)
        item.addItem(self.line)
        self.markers = MarkerLayer(item, self._clicked, self._span_and_width)
        self.scatters = self.markers.scatters
        self.kept = pg.ScatterPlotItem(
            size=style.MARKER_SIZE + 6,
            symbol=style.KEPT_SYMBOL,
            name=_("Promise kept"),
        )
        self.missed = pg.ScatterPlotItem(
            size=style.MARKER_SIZE + 4,
            symbol=style.MISSED_SYMBOL,
            name=_("Promise missed"),
        )
        self.kept_late = pg.ScatterPlotItem(
            size=style.MARKER_SIZE + 6,
            symbol=style.KEPT_SYMBOL,
            name=kept_late_name(),
        )
        for promise_item in (self.kept, self.missed, self.kept_late):
            promise_item.setZValue(4)
            item.addItem(promise_item)
        self._direction_samples = {
            code: _legend_only(style.DIRECTION_SYMBOLS[d], style.DIRECTION_NAMES[d])
            for code, d in enumerate(health_codes.DIRECTIONS)
        }

        self.legend = pg.LegendItem(
            colCount=6,
            sampleType=_LegendSample,
            labelTextSize="8pt",
            horSpacing=12,
        )
        item.layout.addItem(self.legend, 4, 1)

        self.crosshair = pg.InfiniteLine(angle=90, movable=False)
        self.crosshair.setZValue(10)
        self.crosshair.hide()
        item.addItem(self.crosshair, ignoreBounds=True)
        # What happened that day: a plain-text label over the plot, kept inside it.
        self.hover = QLabel(self.plot)
        self.hover.setObjectName("health-hover")
        self.hover.setTextFormat(Qt.TextFormat.PlainText)
        self.hover.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hover.setStyleSheet(
            "QLabel { background: palette(base); color: palette(text);"
            " border: 1px solid palette(mid); border-radius: 4px; padding: 4px 6px; }"
        )
        self.hover.hide()
        self.empty_note = self._note(_(EMPTY_NOTE), "health-empty")
        # A new relationship (health.HealthState.NEW): its score is no verdict, so no line.
        self.new_note = self._note(_(NEW_NOTE), "health-new")
        self.weekly_note = self._note(_(WEEKLY_NOTE), "health-weekly")
        self.markers.thinnedChanged.connect(self._thinned_changed)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        item.getViewBox().sigXRangeChanged.connect(self.markers.schedule)
        item.getViewBox().sigResized.connect(self._place_empty_note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.apply_colours()
        theme.on_change(self.apply_colours)

    def apply_colours(self) -> None:
        """Every colour of the chart, from the palette and the style module: at first and
        again when the colour scheme changes."""
        palette = QApplication.palette()
        text, outline = (
            palette.color(QPalette.ColorRole.Text),
            palette.color(QPalette.ColorRole.Base),
        )
        colour_plot(self.plot, palette)
        self.plot.getPlotItem().getAxis("left").setLabel(_("Health"), color=text.name())
        for band, region in self.regions.items():
            tint = theme.colour(style.BAND_TINTS[band])
            region.setBrush(pg.mkBrush(tint))
            for edge in region.lines:
                edge.setPen(pg.mkPen(tint))
        self.line.setPen(pg.mkPen(theme.colour(style.LINE_COLOUR), width=2))
        neutral = theme.colour(style.NEUTRAL)
        for scatter, pair in (
            (self.kept, style.KEPT_COLOUR),
            (self.missed, style.MISSED_COLOUR),
            (self.kept_late, style.KEPT_LATE_COLOUR),
        ):
            scatter.setBrush(pg.mkBrush(theme.colour(pair)))
            missed = scatter is self.missed
            scatter.setPen(pg.mkPen(theme.colour(pair) if missed else outline, width=1))
        for sample in self._direction_samples.values():
            sample.setBrush(pg.mkBrush(neutral))
            sample.setPen(pg.mkPen(outline))
        self.markers.apply_colours(outline)
        self.legend.setLabelTextColor(text)
        for _sample, label in self.legend.items:  # the labels already there
            label.setText(label.text, color=text)
        self.legend.update()
        self.crosshair.setPen(pg.mkPen(neutral, style=Qt.PenStyle.DashLine))

    def _note(self, text: str, name: str) -> QLabel:
        note = QLabel(text, self.plot)
        note.setObjectName(name)
        theme.set_style(note, "QLabel { color: $muted; background: transparent; }")
        note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        note.hide()
        return note

    # --- drawing --------------------------------------------------------------------------
    def set_chart(self, chart: PersonChart, *, keep_range: bool = False) -> None:
        """Draw ``chart``; the last year is shown unless ``keep_range`` (and something was
        drawn before)."""
        first = self.chart is None
        self.chart = chart
        new = chart.score is not None and not chart.score.state.judged
        if new:
            self.line.setData([], [])
        else:
            self.line.setData(chart.line_x, chart.line_y)
        marks = chart.interactions
        self.markers.set_chart(chart)
        promises = chart.promises
        late = promises.kept_late()
        for scatter, mask in (
            (self.kept, promises.kept == PROMISE_KEPT),
            (self.missed, (promises.kept == PROMISE_BROKEN) & ~late),
            (self.kept_late, late),
        ):
            scatter.setData(x=promises.t[mask].astype(np.float64), y=chart.promise_y[mask])
        self._fill_legend(chart)
        start, end = chart.full_range()
        margin = 15 * SECONDS_PER_DAY
        item = self.plot.getPlotItem()
        item.setLimits(
            xMin=start - margin,
            xMax=end + margin,
            minXRange=14 * SECONDS_PER_DAY,
            yMin=-5,
            yMax=110,
        )
        if first or not keep_range:
            self.show_last_year()
        self.markers.refresh()
        self.empty_note.setVisible(len(marks) == 0)
        self.new_note.setVisible(new and len(marks) > 0)
        self._place_empty_note()

    def _fill_legend(self, chart: PersonChart) -> None:
        """The legend names what this chart shows; rebuilt only when that changes (its
        labels are laid out text, the slowest part of drawing)."""
        marks = chart.interactions
        channels = np.flatnonzero(np.bincount(marks.channel, minlength=1)).tolist()
        directions = np.flatnonzero(np.bincount(marks.direction, minlength=1)).tolist()
        kept = bool(np.any(chart.promises.kept == PROMISE_KEPT))
        late = chart.promises.kept_late()
        missed = bool(np.any((chart.promises.kept == PROMISE_BROKEN) & ~late))
        kept_late = bool(np.any(late))
        key = (tuple(channels), tuple(directions), kept, missed, kept_late)
        if key == self._legend_key:
            return
        self._legend_key = key
        self.legend.clear()
        for code in channels:
            scatter = self.scatters[code]
            self.legend.addItem(scatter, html.escape(scatter.name()))
        for code in directions:
            sample = self._direction_samples[code]
            self.legend.addItem(sample, html.escape(sample.objectName()))
        if kept:
            self.legend.addItem(self.kept, _("Promise kept"))
        if missed:
            self.legend.addItem(self.missed, _("Promise missed"))
        if kept_late:
            self.legend.addItem(self.kept_late, kept_late_name())
        self._fit_legend()

    def _fit_legend(self) -> None:
        """As many legend columns as fit the width, and room for every row (the plot
        gives up height so that no row of the legend is cut off)."""
        font = QFont(self.font())
        font.setPointSize(8)
        metrics = QFontMetrics(font)
        widest = max((metrics.horizontalAdvance(n) for n in self.legend_names()), default=0)
        columns = max(2, (self.width() - 50) // (widest + LEGEND_SAMPLE_WIDTH))
        self.legend.setColumnCount(columns)
        rows = max(1, -(-len(self.legend.items) // columns))
        layout = self.plot.getPlotItem().layout
        layout.setRowFixedHeight(4, rows * LEGEND_ROW_HEIGHT + 4)

    def _place_empty_note(self) -> None:
        box = self.plot.rect()
        for note in (self.empty_note, self.new_note):
            note.adjustSize()
            note.move((box.width() - note.width()) // 2, box.height() // 2 - 30)
        # in the corner of the fading band, the emptiest part of most charts
        corner = self.plot.mapFromScene(
            self.plot.getPlotItem().getViewBox().sceneBoundingRect().bottomRight()
        )
        self.weekly_note.adjustSize()
        note = self.weekly_note.size()
        self.weekly_note.move(corner.x() - note.width() - 6, corner.y() - note.height() - 2)

    def _thinned_changed(self, thinned: bool) -> None:
        self._place_empty_note()
        self.weekly_note.setVisible(thinned)
        self.hover.hide()  # it described a day or a week: no longer what is drawn

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_empty_note()
        self._fit_legend()
        self.markers.schedule()  # the width decides how many markers fit

    def show_last_year(self) -> None:
        if self.chart is not None:
            self.plot.getPlotItem().setXRange(*self.chart.default_range(), padding=0)
            self.markers.refresh()

    def show_all(self) -> None:
        if self.chart is not None:
            self.plot.getPlotItem().setXRange(*self.chart.full_range(), padding=0.01)
            self.markers.refresh()

    def visible_range(self) -> tuple[float, float]:
        low, high = self.plot.getPlotItem().viewRange()[0]
        return float(low), float(high)

    def _span_and_width(self) -> tuple[float, float, float]:
        low, high = self.visible_range()
        return low, high, float(self.plot.getPlotItem().getViewBox().width())

    def export_png(self, path: Path) -> bool:
        return self.plot.grab().save(str(path), "PNG")

    # --- what tests and the hover read ----------------------------------------------------
    def interaction_marker_count(self) -> int:
        """Markers on screen now (the visible span)."""
        return self.markers.count_between(*self.visible_range())

    def markers_thinned(self) -> bool:
        """True while the markers stand for a week each (zoomed out)."""
        return self.markers.thinned

    def promise_marker_counts(self) -> tuple[int, int]:
        return len(self.kept.data), len(self.missed.data)

    def kept_late_marker_count(self) -> int:
        return len(self.kept_late.data)

    def legend_names(self) -> list[str]:
        return [html.unescape(label.text) for _sample, label in self.legend.items]

    def describe_day(self, day_number: int) -> str:
        """What happened on a day (days since 1970, UTC), in plain text; zoomed out to
        weekly markers, what happened that week."""
        if self.chart is None:
            return ""
        words = describe_week if self.markers.thinned else describe_day
        return words(self.chart, day_number)

    # --- mouse ----------------------------------------------------------------------------
    def _mouse_moved(self, pos: QPointF) -> None:
        view = self.plot.getPlotItem().getViewBox()
        if self.chart is None or not view.sceneBoundingRect().contains(pos):
            self.crosshair.hide()
            self.hover.hide()
            return
        x = view.mapSceneToView(pos).x()
        day_number = int(np.floor(x / SECONDS_PER_DAY))
        self.crosshair.setPos((day_number + 0.5) * SECONDS_PER_DAY)
        self.crosshair.show()
        self.hover.setText(self.describe_day(day_number))
        self.hover.adjustSize()
        at = self.plot.mapFromScene(pos)
        box = self.plot.rect()
        gap = 14
        left = at.x() + gap
        if left + self.hover.width() > box.right() - 4:  # no room on the right
            left = at.x() - gap - self.hover.width()
        left = max(4, min(left, box.right() - 4 - self.hover.width()))
        top = max(4, min(at.y() - self.hover.height() // 2, box.bottom() - self.hover.height()))
        self.hover.move(left, top)
        self.hover.show()
        self.hover.raise_()

    def leaveEvent(self, event) -> None:
        self.crosshair.hide()
        self.hover.hide()
        super().leaveEvent(event)

    def _clicked(self, _item: pg.ScatterPlotItem, points, _event=None) -> None:
        if len(points):
            self.interactionClicked.emit(int(points[0].data()))
