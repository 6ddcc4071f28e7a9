"""Relationship health, installed into the main window.

``install(window)`` adds the health line and chart above a person's history, the
"Today" view beside People, and the overview page (View → Health Overview). Nothing
here imports pyqtgraph: the charts import it when they are first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from relapp.domain.changes import Changes
from relapp.ui.health.overview_page import OverviewPage
from relapp.ui.health.person_header import PersonHealthHeader
from relapp.ui.health.today_view import TodayView

if TYPE_CHECKING:
    from relapp.ui.main_window import MainWindow

TODAY_TAB = "Today"


def install(window: MainWindow) -> None:
    HealthFeature(window)


def feature_of(window: QObject) -> HealthFeature | None:
    return window.findChild(HealthFeature, HealthFeature.NAME)


class HealthFeature(QObject):
    NAME = "health-feature"

    def __init__(self, window: MainWindow, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(window)
        self.setObjectName(self.NAME)
        self.window = window
        db, runner = window.db, window.runner

        self.header = PersonHealthHeader(db, runner, window.page.scroll_history_to, clock)
        window.page.add_history_header(self.header)
        window.page.personShown.connect(self.header.show_person)

        self.today = TodayView(db, runner, clock)
        window.add_left_view(self.today, TODAY_TAB)
        self.today.openPersonRequested.connect(window.open_person)

        self.overview = OverviewPage(db, runner, clock)
        window.add_right_page(self.overview)
        self.overview_action = QAction("Health &Overview", window)
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.overview_action.setStatusTip("How many relationships are healthy, cooling, fading")
        self.overview_action.triggered.connect(self.show_overview)
        window.menus["view"].addAction(self.overview_action)

        window.changed.connect(self._changed)

    def show_overview(self) -> None:
        self.window.show_right_page(self.overview)

    def show_today(self) -> None:
        tabs = self.window.left_tabs
        tabs.setCurrentIndex(tabs.indexOf(self.today))

    def _changed(self, changes: Changes) -> None:
        """Health is read from interactions, promises kept or broken, and people
        (cadence, birthdays, archive state); not from introductions, tags or settings."""
        if not (changes.interactions or changes.promises or changes.persons or changes.everyone):
            return
        self.today.data_edited()
        self.overview.data_edited()
