"""Qt fixtures: a background runner that is drained after each test, and the main
window as the app composes it (every feature installed; ``window.features``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner


@pytest.fixture(autouse=True)
def no_session_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test talks to the desktop's own notification server: set but empty, the
    session bus address means there is none (tests that want one start their own)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "")
    monkeypatch.setenv("XDG_ACTIVATION_TOKEN", "")  # set by a notification's action:
    monkeypatch.delenv("XDG_ACTIVATION_TOKEN")  # gone again after each test


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait()
    qapp.processEvents()


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    """The main window with every feature over a fresh database, shown, its list read."""
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win
