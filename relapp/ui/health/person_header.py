"""Above a person's history: their health in words ("Health 72 · cooling — last contact
4 months ago; 3 messages unanswered", the factors in the tooltip) and the chart.

The chart widget (and so pyqtgraph) is built the first time a person is shown, just after
the page has painted; until then its room is kept empty. The score and the chart are
computed in the window's task runner, never on the GUI thread.

The page paints before the chart: another person's chart is hidden (and its buttons off)
until theirs is drawn, never shown under the new name, and the same person shown again
gets their chart back in the next turn of the event loop, after the page's first paint
(painting a chart costs as much as the rest of the page).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.clock import Clock
from relapp.domain.health import HealthScore
from relapp.domain.health.chart import PersonChart
from relapp.domain.i18n import _
from relapp.domain.model import Person
from relapp.services import health
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from relapp.ui.health.person_chart import PersonChartView

CHART_HEIGHT = 205


def summary_text(score: HealthScore) -> str:
    """The one line under the name: the score, its state and the first two factors; for
    a new relationship no score, only "New — not enough history yet"."""
    if not score.state.judged:  # one fact is enough: a balance of two contacts says little
        head = _("Health: {state}").format(state=score.state.label)
        return f"{head} · {score.factors[0]}" if score.factors else head
    factors = "; ".join(score.factors[:2])
    head = _("Health {score} · {state}").format(score=f"{score.value:.0f}", state=score.state.label)
    return f"{head} — {factors}" if factors else head


def chart_words(score: HealthScore) -> str:
    """The chart's text alternative (a screen reader's description): the score and the
    domain's explanation of it (``domain.health.explain``), in plain text."""
    head = summary_text(score).split(" — ")[0]
    return ". ".join([head, *score.factors]) + "."


def badge_text(score: HealthScore) -> str:
    return f"{score.value:.0f}" if score.state.judged else _("New")


def summary_tooltip(score: HealthScore) -> str:
    """Rich text (Qt shows tooltips as HTML), so every factor is escaped."""
    factors = "".join(f"<li>{html.escape(f)}</li>" for f in score.factors)
    title = (
        _("Health {score} of 100 · {band}").format(
            score=f"{score.value:.0f}", band=html.escape(score.state.label)
        )
        if score.state.judged
        else _("New: not enough history yet to judge this relationship")
    )
    return f"<b>{title}</b><ul style='margin-left: -20px'>{factors}</ul>" + _(
        "Recent contact counts most: meetings and calls more than messages, conversations "
        "both ways more than unanswered ones. Your keep-in-touch cadence sets how fast it "
        "fades; one-sided contact, favours and broken promises lower it."
    )


class PersonHealthHeader(QWidget):
    """The health line and chart for ``shell.add_history_header``."""

    chartShown = Signal()  # a chart was drawn (tests wait for it)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        scroll_to: Callable[[int], bool],
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("health-header")
        self._db = db
        self._runner = runner
        self._scroll_to = scroll_to
        self._clock = clock or (lambda: datetime.now(UTC))
        self._person: Person | None = None
        self._pending: PersonChart | None = None
        self._fresh = True
        self.view: PersonChartView | None = None

        self.band = QLabel()
        self.band.setObjectName("health-band")
        self.band.setFixedHeight(20)  # room for the rounded corners (radius 9)
        self.summary = QLabel()
        self.summary.setObjectName("health-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.year_button = self._tool(_("Last year"), _("Show the last twelve months"))
        self.all_button = self._tool(_("All history"), _("Zoom out to your whole history together"))
        for button in (self.year_button, self.all_button):
            button.setCheckable(True)
        self.year_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.year_button)
        group.addButton(self.all_button)
        self.year_button.clicked.connect(self._show_year)
        self.all_button.clicked.connect(self._show_all)
        self.export_button = self._tool(_("Export PNG…"), _("Save this chart as a PNG image"))
        self.export_button.clicked.connect(self._export)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.band, 0, Qt.AlignmentFlag.AlignVCenter)  # a pill, never stretched
        top.addWidget(self.summary, 1)
        for button in (self.year_button, self.all_button, self.export_button):
            top.addWidget(button)
        self.chart_box = QWidget()  # the chart's room, kept while the chart is hidden
        self.chart_box.setFixedHeight(CHART_HEIGHT)
        # Its pages share the box's size, so the hidden chart is laid out at its width.
        self.chart_area = QStackedLayout(self.chart_box)
        self.chart_area.setContentsMargins(0, 0, 0, 0)
        self.blank = QWidget()
        self.chart_area.addWidget(self.blank)
        self._drawn_for: int | None = None  # whose chart the view holds
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(top)
        layout.addWidget(self.chart_box)
        self._set_buttons_enabled(False)

    @staticmethod
    def _tool(text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # --- following the page ---------------------------------------------------------------
    def show_person(self, person: Person) -> None:
        changed = self._person is None or self._person.id != person.id
        self._person = person
        if changed:
            self._fresh = True  # a new person starts on the last year
            self.summary.setText(_("Health: working it out…"))
            self.summary.setToolTip("")
            self.band.hide()
            self._set_buttons_enabled(False)
        if self.view is None:
            QTimer.singleShot(0, self._build_view)
        elif changed or not self.isVisible():  # the page paints first, the chart after
            self.chart_area.setCurrentWidget(self.blank)
            QTimer.singleShot(0, self._reveal)
        db, person_id, now = self._db, person.id, self._clock()
        self._runner.submit(
            lambda: health.person_chart(db, person_id, now),
            lambda chart: self._chart_ready(person_id, chart),
            self._failed,
            key="health-person-chart",
        )

    def _build_view(self) -> None:
        if self.view is not None:
            return
        from relapp.ui.health.person_chart import PersonChartView  # pyqtgraph: only now

        self.view = PersonChartView()
        self.view.setFixedHeight(CHART_HEIGHT)
        self.view.interactionClicked.connect(self._scroll_to)
        self.chart_area.addWidget(self.view)  # shown once a chart is drawn in it
        if self._pending is not None:
            chart, self._pending = self._pending, None
            self._draw(chart, keep_range=False)

    def _reveal(self) -> None:
        """After the page's first paint: the chart again, when it is this person's."""
        person = self._person
        if self.view is not None and person is not None and self._drawn_for == person.id:
            self.chart_area.setCurrentWidget(self.view)
            self._set_buttons_enabled(True)

    def _chart_ready(self, person_id: int, chart: PersonChart) -> None:
        if self._person is None or self._person.id != person_id:
            return
        keep_range, self._fresh = not self._fresh, False
        if chart.score is not None:
            self._show_score(chart.score)
        if self.view is None:
            self._pending = chart
            return
        self._draw(chart, keep_range=keep_range)

    def _draw(self, chart: PersonChart, *, keep_range: bool) -> None:
        """Draw; the same person again (after an edit) keeps the range the user chose."""
        assert self.view is not None
        self.view.set_chart(chart, keep_range=keep_range)
        self._drawn_for = self._person.id if self._person is not None else None
        self.chart_area.setCurrentWidget(self.view)
        if chart.score is not None:  # the text alternative of the picture
            self.view.plot.setAccessibleDescription(chart_words(chart.score))
        if not keep_range:
            self.year_button.setChecked(True)
        self._set_buttons_enabled(True)
        self.chartShown.emit()

    def _show_score(self, score: HealthScore) -> None:
        band = score.band if score.band in theme.colours.BAND_LABELS else "new"
        self.band.setText(badge_text(score))
        self.band.setToolTip(
            _("Health {score} of 100: {state}").format(
                score=f"{score.value:.0f}", state=score.state.label
            )
            if score.state.judged
            else _("Not enough history yet: a contact or two in the last few months")
        )
        theme.set_style(  # colours per band: theme.colours.BAND_LABELS
            self.band,
            f"QLabel {{ color: $band_{band}_text; background: $band_{band}_background;"
            " border-radius: 9px; padding: 1px 8px; font-weight: bold; }",
        )
        self.band.show()
        self.summary.setText(summary_text(score))
        self.summary.setToolTip(summary_tooltip(score))

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(_("Health could not be worked out: {error}").format(error=error))

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in (self.year_button, self.all_button, self.export_button):
            button.setEnabled(enabled)

    # --- buttons --------------------------------------------------------------------------
    def _show_year(self) -> None:
        if self.view is not None:
            self.view.show_last_year()

    def _show_all(self) -> None:
        if self.view is not None:
            self.view.show_all()

    def default_export_name(self) -> str:
        name = self._person.display_name if self._person is not None else "chart"
        safe = re.sub(r"[^\w\- ]+", "", name).strip() or "chart"
        return f"{safe} — health.png"

    def _export(self) -> None:
        if self.view is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export Chart as PNG"),
            str(Path.home() / self.default_export_name()),
            _("PNG images (*.png)"),
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".png") else path + ".png")
        if not self.view.export_png(target):
            self.summary.setText(_("Could not save the chart to {target}").format(target=target))
