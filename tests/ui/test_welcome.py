"""The first start on an empty database: import a vCard, add a person, or open the demo."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QAction

from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui import welcome
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


def _button(win: MainWindow, text: str):
    return next(b for b in win.welcome.buttons if b.text() == text)


def test_the_welcome_offers_three_ways_to_start(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert [b.text() for b in window.welcome.buttons] == [
        "Import a vCard…",
        "Add a person…",
        "Open the demo",
    ]


def test_import_triggers_the_file_menus_import_action(window: MainWindow) -> None:
    existing = welcome.find_import_action(window)
    fired: list[bool] = []
    if existing is None:
        existing = QAction("&Import vCards…", window)
        window.menus["file"].insertAction(window.menus["file"].actions()[0], existing)
    existing.triggered.disconnect()
    existing.triggered.connect(lambda: fired.append(True))
    _button(window, "Import a vCard…").click()
    assert fired == [True]


def test_without_an_import_feature_the_status_bar_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(welcome, "find_import_action", lambda win: None)
    _button(window, "Import a vCard…").click()
    assert "not available" in window.statusBar().currentMessage()


def test_the_demo_starts_a_separate_relapp_on_the_same_data_folder(
    window: MainWindow, paths: AppPaths
) -> None:
    started: list[tuple[str, list[str]]] = []
    assert welcome.open_demo(window, lambda program, args: started.append((program, args)) or 1)
    assert started == [
        (sys.executable, ["-m", "relapp", "--demo", "--data-dir", str(paths.data_dir)])
    ]
    assert "demo" in window.statusBar().currentMessage()


def test_the_vcard_import_is_preferred_over_other_import_entries(window: MainWindow) -> None:
    menu = window.menus["file"]
    first = menu.actions()[0]
    imports = QAction("Im&ports…", window)
    vcards = QAction("&Import vCards (test)…", window)
    menu.insertAction(first, imports)
    menu.insertAction(first, vcards)
    found = welcome.find_import_action(window)
    assert found is not None
    assert "vcard" in found.text().lower()
    assert found is not imports
