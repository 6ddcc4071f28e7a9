"""The backups feature installed alone, against a fake shell: no main window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import Database, open_database
from relapp.ui.backups.dialog import BackupsDialog
from relapp.ui.backups.feature import BackupsFeature, install
from relapp.ui.tasks import TaskRunner
from tests.ui.fake_shell import FakeShell


@pytest.fixture
def shell(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> FakeShell:
    fake = FakeShell(db, paths, runner)
    qtbot.addWidget(fake.widget)
    return fake


def test_installs_settings_backups_and_checks_the_database(qtbot, shell: FakeShell) -> None:
    feature = install(shell)
    assert isinstance(feature, BackupsFeature)
    assert [a.text() for a in shell.menu("settings").actions()] == ["&Backups…"]
    qtbot.waitUntil(lambda: feature.guard.last_problems is not None)
    assert feature.guard.last_problems == []
    assert shell.errors == []


def test_restoring_from_the_dialog_asks_the_shell_to_quit(
    qtbot, shell: FakeShell, db: Database, paths: AppPaths, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)
    install(shell)
    add_person(db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(db)
    add_person(db, PersonDraft(display_name="Bo"))
    dialog = BackupsDialog(shell)
    qtbot.addWidget(dialog)
    assert dialog.parent() is shell.widget
    assert dialog.restore(saved, confirm=False)
    assert shell.quit_asked == 1
    restored = open_database(paths.database)
    assert count_people(restored) == 1
    restored.close()


def test_a_backup_that_is_not_a_database_is_reported_through_the_shell(
    qtbot, shell: FakeShell, paths: AppPaths
) -> None:
    install(shell)
    junk = paths.data_dir / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    dialog = BackupsDialog(shell)
    qtbot.addWidget(dialog)
    assert not dialog.restore(junk, confirm=False)
    assert len(shell.errors) == 1
    assert shell.quit_asked == 0
