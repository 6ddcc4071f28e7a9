"""A main window (with every feature) over a fresh database, and the merging feature."""

from __future__ import annotations

import pytest

from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from relapp.ui.merging.feature import MergingFeature, feature_of
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    win = MainWindow(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


@pytest.fixture
def feature(window: MainWindow) -> MergingFeature:
    found = feature_of(window)
    assert found is not None, "the merging feature is not installed"
    return found
