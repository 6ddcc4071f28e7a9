"""The health overview (View → Health Overview): how many of your relationships were
healthy, cooling or fading at the end of each month. Counted in the task runner; the
chart (pyqtgraph) is built the first time the page is shown, over four turns of the
event loop: the page (title, "Counting…") paints first, the chart's plot is made hidden
in the next turn, its legend and areas in the one after, and it is shown (first
painted) in the last. Made and painted in one turn they held the GUI thread 50-70 ms
(issue 18, ``bench.window_stalls``). The counting starts once the page, and its chart,
have painted: on the worker it holds the interpreter in stretches, which a paint entering
Python waited out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from relapp.domain.clock import Clock
from relapp.domain.dates import number_text
from relapp.domain.health.overview import BandCounts
from relapp.domain.i18n import _, ngettext
from relapp.services import health
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.heading import heading

if TYPE_CHECKING:
    from relapp.ui.health.overview_chart import OverviewChartView

YEARS = (1, 2, 5, 10)
# A timer, not a posted call (``singleShot(0)`` posts one, delivered in the same pass of
# the event loop as the page's paint): a timer due later runs in a pass after it.
TURN_MS = 1


def summary_line(counts: BandCounts) -> str:
    if not counts.days:
        return ""
    healthy, cooling, fading, new = (
        int(a[-1]) for a in (counts.healthy, counts.cooling, counts.fading, counts.new_counts)
    )
    total = healthy + cooling + fading + new
    if total == 0:
        return _("Nobody yet: add the people you know and log your contacts with them.")
    if new:
        said = ngettext(
            "Today: {healthy} healthy, {cooling} cooling, {fading} fading, {new} new "
            "of {n} person.",
            "Today: {healthy} healthy, {cooling} cooling, {fading} fading, {new} new "
            "of {n} people.",
            total,
        )
    else:
        said = ngettext(
            "Today: {healthy} healthy, {cooling} cooling, {fading} fading of {n} person.",
            "Today: {healthy} healthy, {cooling} cooling, {fading} fading of {n} people.",
            total,
        )
    return said.format(
        healthy=number_text(healthy),
        cooling=number_text(cooling),
        fading=number_text(fading),
        new=number_text(new),
        n=number_text(total),
    )


class OverviewPage(QWidget):
    loaded = Signal()

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("health-overview")
        self._db = db
        self._runner = runner
        self._clock = clock or (lambda: datetime.now(UTC))
        self._dirty = True
        self._making = False
        self.counts: BandCounts | None = None
        self.view: OverviewChartView | None = None

        title = heading(_("Health of your relationships"), 1.5)
        explain = QLabel(
            _(
                "People in each band at the end of every month. Someone counts from the day "
                "you first had contact or added them."
            )
        )
        explain.setMinimumHeight(explain.fontMetrics().height() * 2 + 4)
        explain.setWordWrap(True)
        theme.set_style(explain, "color: $muted;")
        self.years = QComboBox()
        for years in YEARS:
            self.years.addItem(
                ngettext("Last {n} year", "Last {n} years", years).format(n=years), years
            )
        self.years.setCurrentIndex(YEARS.index(health.OVERVIEW_YEARS))
        self.years.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.years)

        self.chart_area = QVBoxLayout()
        self.placeholder = QWidget()
        self.chart_area.addWidget(self.placeholder, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addLayout(self.chart_area, 1)

    def data_edited(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.view is None and not self._making:  # counted once the chart is placed
            self._making = True
            if self.counts is None:
                self.summary.setText(_("Counting…"))
            QTimer.singleShot(TURN_MS, self, self._make_view)  # after the page is painted
        elif self._dirty and self.view is not None:  # after show's own repaint request
            QTimer.singleShot(0, self, self._refresh_shown)

    def _refresh_shown(self) -> None:
        """Count again for the page shown, once it (and its chart) has painted: the
        counting reads everyone's history on the worker (two threads of numpy and SQLite),
        which held the interpreter while the chart was made and painted (issue 18,
        ``bench.window_stalls``)."""
        if self._dirty and self.isVisible():
            self._runner.hold_until_painted(self)
            self.refresh()

    def _make_view(self) -> None:
        """A turn of its own: the chart's plot, hidden (nothing painted yet)."""
        from relapp.ui.health.overview_chart import OverviewChartView  # pyqtgraph: now

        view = OverviewChartView(self)
        view.hide()
        QTimer.singleShot(TURN_MS, self, lambda: self._finish_view(view))

    def _finish_view(self, view: OverviewChartView) -> None:
        """The next turn: its legend and areas, and the counts if they are here."""
        view.add_areas()
        if self.counts is not None:
            view.set_counts(self.counts)
            view.plot.setAccessibleDescription(summary_line(self.counts))
        self.view = view
        QTimer.singleShot(TURN_MS, self, self._place_view)

    def _place_view(self) -> None:
        """The turn after: the chart takes the placeholder's room and is first painted."""
        if self.view is None:
            return
        self.chart_area.replaceWidget(self.placeholder, self.view)
        self.placeholder.deleteLater()
        self.view.show()
        self._refresh_shown()

    def refresh(self) -> None:
        self._dirty = False
        if self.counts is None:
            self.summary.setText(_("Counting…"))
        db, now, years = self._db, self._clock(), int(self.years.currentData())
        self._runner.submit(
            lambda: health.overview(db, now, years=years),
            self._show,
            lambda error: self.summary.setText(_("Could not count: {error}").format(error=error)),
            key="health-overview",
        )

    def _show(self, counts: BandCounts) -> None:
        self.counts = counts
        self.summary.setText(summary_line(counts))
        if self.view is not None:
            self.view.set_counts(counts)
            self.view.plot.setAccessibleDescription(summary_line(counts))  # in words
        self.loaded.emit()
