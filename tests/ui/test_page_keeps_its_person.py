"""The open person stays open while you type a search that still finds them, and a save
never blanks the page: the old brief and chart stay until the new ones arrive (issue 13
polish)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QWidget

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.paths import AppPaths
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    for name in ("Carol Roth", "Dan Whitaker", "Daphne Ng", "Ed Navarro"):
        people.add_person(db, PersonDraft(name))
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


def _watch_page(win: MainWindow) -> list[object]:
    """Every widget the right-hand stack shows, and every person the page is set to."""
    seen: list[object] = []
    win.stack.currentChanged.connect(lambda _i: seen.append(win.stack.currentWidget()))
    win.page.personShown.connect(lambda p: seen.append(p.display_name))
    return seen


def test_typing_a_search_that_still_finds_them_keeps_the_person_open(
    qtbot, window: MainWindow, runner: TaskRunner
) -> None:
    dan = next(pid for pid in window.model.ids() if window.model.row_of(pid) == 1)
    window.open_person(dan)
    qtbot.waitUntil(lambda: window.current_person_id() == dan and runner.idle)
    seen = _watch_page(window)
    for text in ("d", "da", "dan"):
        window.search.setText(text)
        qtbot.waitUntil(lambda: runner.idle)
        qtbot.wait(10)
    assert window.current_person_id() == dan
    assert window.stack.currentWidget() is window.page
    assert not [s for s in seen if isinstance(s, QWidget) and s is not window.page]
    assert seen == []  # not even shown again: the page was never left


def test_a_save_keeps_the_old_brief_until_the_new_one_arrives(
    qtbot, window: MainWindow, db: Database, runner: TaskRunner
) -> None:
    dan = window.model.ids()[1]
    window.open_person(dan)
    feature = window.features.get(IntroductionsFeature)
    assert feature is not None
    qtbot.waitUntil(lambda: feature.brief.brief is not None and runner.idle)
    empties: list[str] = []
    feature.brief.loaded.connect(lambda b: None)
    interactions.log_interaction(
        db,
        InteractionDraft(datetime.now(UTC), Channel.CALL, Direction.BOTH, (dan,), "hello"),
    )
    window.data_changed((dan,))
    # Right after the save, before any answer: the brief still has its rows.
    if not feature.brief.texts("recent"):
        empties.append("brief emptied")
    if window.stack.currentWidget() is not window.page:
        empties.append("page left")
    qtbot.waitUntil(lambda: runner.idle)
    qtbot.waitUntil(lambda: "hello" in " ".join(feature.brief.texts("recent")))
    assert empties == []


def test_an_empty_chart_has_no_nonsense_axis(qtbot) -> None:
    from relapp.ui.health.person_chart import PersonChartView

    view = PersonChartView()
    qtbot.addWidget(view)
    view.show()
    axis = view.plot.getPlotItem().getAxis("bottom")
    low, high = axis.range
    assert high - low < 86_400  # nothing drawn yet: pyqtgraph's 0..1
    assert axis.tickValues(low, high, 600) == []  # no "00.250 00.500"


def test_the_brief_is_never_an_empty_frame(qtbot, window: MainWindow, runner: TaskRunner) -> None:
    feature = window.features.get(IntroductionsFeature)
    assert feature is not None
    window.open_person(window.model.ids()[0])
    # Before the first brief arrives there is nothing to show: no empty frame.
    assert not feature.brief.isVisible() or feature.brief.texts("met")
    qtbot.waitUntil(lambda: feature.brief.brief is not None and runner.idle)
    assert feature.brief.isVisible() and feature.brief.texts("met")
