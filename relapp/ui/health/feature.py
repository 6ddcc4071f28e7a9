"""Relationship health, installed through the shell.

``install(shell)`` adds the health line and chart above a person's history, the
"Today" view beside People, and the overview page (View → Health Overview). Nothing
here imports pyqtgraph: the charts import it when they are first shown, or ahead on a
thread of their own once the window has settled (``charts_ahead.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from relapp.domain.changes import Changes
from relapp.domain.i18n import N_, _
from relapp.ui.health.charts_ahead import ChartsAhead
from relapp.ui.health.overview_page import OverviewPage
from relapp.ui.health.person_header import PersonHealthHeader
from relapp.ui.health.today_view import TodayView
from relapp.ui.shell import Shell

TODAY_TAB = N_("Today")


def install(shell: Shell) -> HealthFeature:
    return HealthFeature(shell)


class HealthFeature(QObject):
    def __init__(self, shell: Shell, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(shell)
        self.shell = shell
        db, runner = shell.db, shell.runner
        clock = clock or shell.clock

        self.header = PersonHealthHeader(db, runner, shell.scroll_history_to, clock)
        shell.add_history_header(self.header)
        shell.personShown.connect(self.header.show_person)

        self.today = TodayView(db, runner, clock)
        shell.add_left_view(self.today, _(TODAY_TAB))
        self.today.openPersonRequested.connect(shell.open_person)

        self.overview = OverviewPage(db, runner, clock)
        shell.add_right_page(self.overview)
        self.overview_action = QAction(_("Health &Overview"), shell.widget)
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.overview_action.setStatusTip(_("How many relationships are healthy, cooling, fading"))
        self.overview_action.triggered.connect(self.show_overview)
        shell.add_actions("view", self.overview_action)

        shell.changed.connect(self._changed)
        self.charts_ahead = ChartsAhead(runner, self)  # pyqtgraph, off the GUI thread

    def show_overview(self) -> None:
        self.shell.show_right_page(self.overview)

    def show_today(self) -> None:
        self.shell.show_left_view(self.today)

    def _changed(self, changes: Changes) -> None:
        """Health is read from interactions, promises kept or broken, and people
        (cadence, birthdays, archive state); not from introductions, tags or settings."""
        if not (changes.interactions or changes.promises or changes.persons or changes.everyone):
            return
        self.today.data_edited()
        self.overview.data_edited()
