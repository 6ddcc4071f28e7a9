"""The promises feature follows the window's typed ``Changes``: it sweeps when promises
changed, and only shows afresh after a rename (issue 14: no sweep after a rename)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from relapp.domain.changes import Changes
from relapp.domain.model import Channel
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.person_dialog import PersonDialog
from tests.ui.promises.conftest import START

HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def rename_in_the_dialog(qtbot, new_name: str) -> None:
    """Type a new name into the next modal person dialog and save it."""

    def attempt(tries: int = 300) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PersonDialog):
            dialog.form.name_edit.setText(new_name)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        elif tries:
            QTimer.singleShot(10, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)


def test_a_rename_does_not_make_the_scheduler_sweep_but_due_shows_the_new_name(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    draft = PromiseDraft(priya, Promiser.ME, "send the pricing", Channel.EMAIL, START + HOUR)
    service.create_promise(db, draft, now=START - HOUR)
    app = make_relapp()
    app.window.data_changed((priya,))  # the promise is known to the views
    qtbot.waitUntil(lambda: app.window.runner.idle)
    sweeps: list[bool] = []
    app.feature.scheduler.swept.connect(lambda: sweeps.append(True))

    rename_in_the_dialog(qtbot, "Priya Raman")
    app.window.commands.edit_person(priya)

    assert people.get_person(db, priya).display_name == "Priya Raman"
    qtbot.waitUntil(
        lambda: (
            "Email Priya Raman: send the pricing"
            in [row for rows in app.feature.due_view.rows().values() for row in rows]
        )
    )
    assert sweeps == []


def test_a_change_to_promises_sweeps(qtbot, db: Database, priya: int, make_relapp) -> None:
    app = make_relapp()
    sweeps: list[bool] = []
    app.feature.scheduler.swept.connect(lambda: sweeps.append(True))
    draft = PromiseDraft(priya, Promiser.ME, "send the pricing", Channel.EMAIL, START + HOUR)
    service.create_promise(db, draft, now=START - HOUR)
    app.window.announce(Changes.of_people((priya,), promises=True))
    assert sweeps == [True]
    assert app.feature.scheduler.next_at == START + HOUR
    app.window.announce(Changes.of_people((priya,), interactions=True))
    app.window.announce(Changes.of_people((priya,), introductions=True, tags=True))
    assert sweeps == [True]
    app.window.announce(Changes.all())
    assert sweeps == [True, True]
