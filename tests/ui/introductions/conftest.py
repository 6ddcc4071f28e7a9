"""The introductions feature of the shared main window (``tests/ui/conftest.py``);
helpers to drive a modal dialog as a person would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.main_window import MainWindow


@pytest.fixture
def feature(window: MainWindow) -> IntroductionsFeature:
    return window.features.get(IntroductionsFeature)


@pytest.fixture
def folks(db: Database) -> dict[str, int]:
    names = ("Carol Roth", "Dan Whitaker", "Ed Navarro")
    return {n.split()[0].lower(): people.add_person(db, PersonDraft(n)).id for n in names}


def when_modal(kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once it is open."""

    def attempt(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        elif tries:
            QTimer.singleShot(10, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)
