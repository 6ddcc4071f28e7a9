"""Driving the main window as a person would, on a real database file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QLabel

from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.paths import AppPaths
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


def names_in_list(win: MainWindow) -> list[str]:
    model = win.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def reload(qtbot, win: MainWindow) -> None:
    win.people_list.list_loaded = False
    win.refresh_list()
    qtbot.waitUntil(lambda: win.list_loaded)


def type_search(qtbot, win: MainWindow, text: str) -> None:
    win.search.clear()
    qtbot.waitUntil(lambda: win.runner.idle)
    qtbot.keyClicks(win.search, text)
    qtbot.waitUntil(lambda: win.runner.idle)


def test_someone_with_people_is_not_welcomed_as_new_while_the_list_loads(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> None:
    """Until the list says whether there is anyone, the right side shows neither the
    welcome (for a first start) nor "nobody selected": a returning user with 100,000
    people saw "Welcome to Relapp" flash at every start."""
    people.add_person(db, PersonDraft(display_name="Carol Roth"))
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    assert not win.list_loaded
    assert win.stack.currentWidget() is not win.welcome
    assert win.stack.currentWidget() is not win.nothing_selected
    qtbot.waitUntil(lambda: win.list_loaded)
    assert win.stack.currentWidget() is win.nothing_selected


def test_empty_database_shows_the_welcome(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert window.people_list.list_empty.isVisible()
    assert "No people yet" in window.people_list.list_empty.text()
    assert window.status_count.text() == "0 people"


def test_search_by_phone_typed_with_other_formatting(
    qtbot, db: Database, window: MainWindow
) -> None:
    people.add_person(
        db,
        PersonDraft(
            "Jeff Park",
            contact_points=(ContactPoint(ContactKind.PHONE, "9725291234", "mobile"),),
        ),
    )
    people.add_person(db, PersonDraft("Sandra Blake"))
    reload(qtbot, window)
    for typed in ("+1 (972) 529", "972.529.1234", "(972) 529-12"):
        type_search(qtbot, window, typed)
        assert names_in_list(window) == ["Jeff Park"], typed
    type_search(qtbot, window, "+1 (415)")
    assert names_in_list(window) == []
    assert window.people_list.list_empty.text() == "No one matches “+1 (415)”."
    assert window.people_list.add_from_search.isVisible()


def test_ctrl_f_focuses_search(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.keySequence(window, QKeySequence.StandardKey.Find)
    qtbot.waitUntil(lambda: window.search.hasFocus())


def test_selecting_a_person_shows_their_page_and_history(
    qtbot, db: Database, window: MainWindow
) -> None:
    carol = people.add_person(
        db,
        PersonDraft(
            "Carol Roth",
            organisation="Northwind",
            title="COO",
            preferred_channel=Channel.EMAIL,
            avoid_channels=frozenset({Channel.CALL}),
            tags=("jazz",),
            met_how="SmallBiz conference",
        ),
    ).id
    now = datetime.now(UTC)
    for days in (30, 2):
        interactions.log_interaction(
            db,
            InteractionDraft(
                now - timedelta(days=days),
                Channel.EMAIL,
                Direction.OUTBOUND,
                (carol,),
                f"{days} days",
            ),
        )
    reload(qtbot, window)
    window.view.setCurrentIndex(window.model.index(0, 0))
    assert window.stack.currentWidget() is window.page
    assert window.page.name_label.text() == "Carol Roth"
    assert window.page.subtitle_label.text() == "COO · Northwind"
    chips = [
        w.text() for w in window.page.findChildren(QLabel) if w.objectName().startswith("chip-")
    ]
    assert chips == ["Prefers email", "Avoid call", "jazz"]
    assert window.page.history_model.rowCount() == 2
    assert window.page.history_model.entry(0).interaction.summary == "2 days"
    assert window.page.history_title.text() == "History · 2 interactions"
    assert window.model.data(window.model.index(0, 2)) == "2 days ago"


def test_long_history_pages_in_as_you_scroll(qtbot, db: Database, window: MainWindow) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(130):
        interactions.log_interaction(
            db,
            InteractionDraft(
                start + timedelta(hours=i), Channel.CALL, Direction.BOTH, (carol,), f"#{i}"
            ),
        )
    reload(qtbot, window)
    window.view.setCurrentIndex(window.model.index(0, 0))
    model = window.page.history_model
    first = model.rowCount()
    assert 0 < first < 130  # the first screen's (test_person_open_first_screen.py)
    window.page.history_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > first)
    qtbot.waitUntil(lambda: model.total == 130)  # counted on the worker


def test_archive_and_undo(qtbot, db: Database, window: MainWindow) -> None:
    people.add_person(db, PersonDraft("Marcus Hill"))
    people.add_person(db, PersonDraft("Jeff Park"))
    reload(qtbot, window)
    window.view.setCurrentIndex(window.model.index(0, 0))
    assert window.page.name_label.text() == "Jeff Park"
    window.archive_action.trigger()
    qtbot.waitUntil(lambda: names_in_list(window) == ["Marcus Hill"])
    assert people.count_people(db, archived=True) == 1
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    qtbot.keySequence(window, QKeySequence.StandardKey.Undo)
    qtbot.waitUntil(lambda: names_in_list(window) == ["Jeff Park", "Marcus Hill"])
    assert people.count_people(db, archived=True) == 0
    qtbot.waitUntil(lambda: window.page.name_label.text() == "Jeff Park")
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: names_in_list(window) == ["Marcus Hill"])


def test_delete_history_entry_and_undo(qtbot, db: Database, window: MainWindow) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    logged = interactions.log_interaction(
        db,
        InteractionDraft(
            datetime(2026, 3, 1, tzinfo=UTC), Channel.CALL, Direction.BOTH, (carol,), "Call"
        ),
    )
    reload(qtbot, window)
    window.view.setCurrentIndex(window.model.index(0, 0))
    window.commands.delete_interaction(logged.id)
    qtbot.waitUntil(lambda: window.runner.idle)  # the delete is a write on the worker
    assert interactions.history_count(db, carol) == 0
    assert window.page.history_model.rowCount() == 0
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert interactions.get_interaction(db, logged.id) == logged
    assert window.page.history_model.rowCount() == 1


def test_sort_by_last_contact(qtbot, db: Database, window: MainWindow) -> None:
    now = datetime.now(UTC)
    for name, days in (("Ann", 300), ("Bob", None), ("Cy", 3)):
        pid = people.add_person(db, PersonDraft(name)).id
        if days is not None:
            interactions.log_interaction(
                db,
                InteractionDraft(now - timedelta(days=days), Channel.CALL, Direction.BOTH, (pid,)),
            )
    reload(qtbot, window)
    window.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: names_in_list(window) == ["Cy", "Ann", "Bob"])
    window.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: names_in_list(window) == ["Cy", "Bob", "Ann"])


def test_html_in_user_text_is_shown_literally(qtbot, db: Database, window: MainWindow) -> None:
    payload = "<b>Eve</b> <img src=x>"
    people.add_person(
        db,
        PersonDraft(
            payload,
            organisation="<a href='http://x'>Evil</a>",
            notes="<i>n</i>",
            tags=("<u>t</u>",),
        ),
    )
    reload(qtbot, window)
    window.view.setCurrentIndex(window.model.index(0, 0))
    assert window.model.data(window.model.index(0, 0)) == payload
    page = window.page
    assert page.name_label.text() == payload
    for label in page.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    # The tooltip (the whole name where the column cuts it) is rich text: escaped.
    tip = window.model.data(window.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tip)
    assert shown.toPlainText() == payload


def test_window_geometry_is_remembered(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> None:
    first = open_window(db, paths, runner=runner)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 520)
    first.close()
    second = open_window(db, paths, runner=runner)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)


def test_deferred_features_arrive_after_the_first_paint_and_fill_in_the_person(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> None:
    from relapp.ui.health.feature import HealthFeature

    carol = people.add_person(db, PersonDraft("Carol Roth"))
    win = open_window(db, paths, runner=runner, defer_features=True)
    qtbot.addWidget(win)
    installed: list[bool] = []
    win.featuresInstalled.connect(lambda: installed.append(True))
    assert not win.features_installed and win.features.find(HealthFeature) is None
    assert [win.left_tabs.tabText(i) for i in range(win.left_tabs.count())] == ["People"]
    win.open_person(carol.id)  # someone on screen before the features come
    win.show()
    qtbot.waitUntil(lambda: win.features_installed, timeout=MainWindow.DEFERRED_FALLBACK_MS // 2)
    assert installed == [True]
    feature = win.features.get(HealthFeature)
    assert "Today" in [win.left_tabs.tabText(i) for i in range(win.left_tabs.count())]
    qtbot.waitUntil(lambda: win.page.person is not None and win.page.person.id == carol.id)
    # The person shown before the features came is shown again, so their sections fill.
    qtbot.waitUntil(lambda: feature.header.isVisibleTo(win.page))
    win.install_features()  # once only
    assert installed == [True]


def test_typing_right_after_a_change_still_counts_everyone_again(
    qtbot, db: Database, window: MainWindow
) -> None:
    people.add_person(db, PersonDraft("Ann Lee"))
    reload(qtbot, window)
    assert window.status_count.text() == "1 person"  # issue 13: was "1 people"
    added = [people.add_person(db, PersonDraft(f"Bo {i}")).id for i in range(3)]
    window.data_changed(tuple(added))  # asks for a recount ...
    qtbot.keyClicks(window.search, "b")  # ... which a keystroke at once supersedes
    qtbot.waitUntil(lambda: window.runner.idle)
    qtbot.waitUntil(lambda: window.status_count.text() == "3 of 4 people")
    qtbot.keyClicks(window.search, "o")  # later keystrokes keep the fresh count
    qtbot.waitUntil(lambda: window.runner.idle)
    qtbot.waitUntil(lambda: window.status_count.text() == "3 of 4 people")
