"""The demo's people in a window, for the theme and accessibility tests (a plain module:
conftest files are not imported by name, or pytest registers them twice)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication

from relapp.demo.build import build_demo
from relapp.services.people import list_people
from relapp.storage import Database
from relapp.ui.main_window import MainWindow

NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)


@pytest.fixture
def demo_db(db: Database) -> Database:
    build_demo(db, NOW)
    return db


def open_named(qtbot, window: MainWindow, db: Database, name: str) -> int:
    person_id = list_people(db, name)[0]
    window.open_person(person_id)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == person_id)
    qtbot.wait(300)  # the brief and the chart are read on the runner
    window.runner.wait()
    QApplication.processEvents()
    return person_id
