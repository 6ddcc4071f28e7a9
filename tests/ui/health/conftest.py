"""A main window (with every feature) over a fresh database, and its health feature."""

from __future__ import annotations

import pytest

from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.health.feature import HealthFeature, feature_of
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    win = MainWindow(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


@pytest.fixture
def feature(window: MainWindow) -> HealthFeature:
    found = feature_of(window)
    assert found is not None, "the health feature is not installed"
    return found
