"""Backups ▸ Restore keeps the window responsive (issue 18: no stall over 50 ms): the
check and the restore run off the GUI thread behind a modal progress dialog, and while
the file is being replaced nothing in the process may open the database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import open_database
from relapp.ui.backups.dialog import BackupsDialog
from relapp.ui.backups.feature import BackupsFeature
from relapp.ui.main_window import MainWindow


@pytest.fixture
def no_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def _dialog(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> BackupsDialog:
    monkeypatch.setattr(window, "quit", lambda: None)
    dialog = BackupsDialog(window.features.get(BackupsFeature).shell)
    qtbot.addWidget(dialog)
    return dialog


def test_the_window_keeps_turning_while_a_backup_is_checked_and_restored(
    qtbot, window: MainWindow, paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    add_person(window.db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(window.db)
    add_person(window.db, PersonDraft(display_name="Bo"))
    threads: dict[str, str] = {}
    ticks: list[int] = []
    check, restore = backups.check_backup, backups.restore

    def slow_check(path: Path) -> int:
        threads["check"] = threading.current_thread().name
        start = len(ticks)
        threading.Event().wait(0.3)
        threads["ticks during check"] = str(len(ticks) - start)
        return check(path)

    def slow_restore(database: Path, backup: Path, **kw) -> backups.RestoreResult:
        threads["restore"] = threading.current_thread().name
        start = len(ticks)
        threading.Event().wait(0.3)
        threads["ticks during restore"] = str(len(ticks) - start)
        labels = [
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        threads["progress"] = " | ".join(labels)
        return restore(database, backup, **kw)

    monkeypatch.setattr(backups, "check_backup", slow_check)
    monkeypatch.setattr(backups, "restore", slow_restore)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    dialog = _dialog(qtbot, window, monkeypatch)
    assert dialog.restore(saved, confirm=False)
    timer.stop()
    main = threading.main_thread().name
    assert threads["check"] != main
    assert threads["restore"] != main
    assert int(threads["ticks during check"]) >= 10  # ~30 in 0.3 s; none when it blocked
    assert int(threads["ticks during restore"]) >= 10
    assert "Restoring" in threads["progress"]
    assert any("Restored from" in text for text in no_boxes)
    restored = open_database(paths.database)
    assert count_people(restored) == 1
    restored.close()


def test_a_timer_read_during_the_restore_does_not_touch_the_file(
    qtbot, window: MainWindow, paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    add_person(window.db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(window.db)
    add_person(window.db, PersonDraft(display_name="Bo"))
    restore = backups.restore
    read: list[object] = []
    fired = threading.Event()

    def timer_read() -> None:  # what a refresh timer on the GUI thread would do
        try:
            read.append(count_people(window.db))
        except Exception as exc:
            read.append(exc)
        fired.set()

    def waiting_restore(database: Path, backup: Path, **kw) -> backups.RestoreResult:
        before = database.stat().st_mtime_ns, database.stat().st_size
        QTimer.singleShot(0, QApplication.instance(), timer_read)
        fired.wait(5)
        read.append((database.stat().st_mtime_ns, database.stat().st_size) == before)
        return restore(database, backup, **kw)

    monkeypatch.setattr(backups, "restore", waiting_restore)
    dialog = _dialog(qtbot, window, monkeypatch)
    assert dialog.restore(saved, confirm=False)
    assert fired.is_set(), "no event was processed while the restore ran"
    assert not isinstance(read[0], int), "a read during the restore opened the database"
    assert "restore" in str(read[0])
    assert read[1] is True
    restored = open_database(paths.database)
    assert count_people(restored) == 1
    restored.close()


def test_a_failed_restore_is_reported_and_the_database_is_kept(
    qtbot, window: MainWindow, paths: AppPaths, monkeypatch
) -> None:
    add_person(window.db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(window.db)
    add_person(window.db, PersonDraft(display_name="Bo"))
    reported: list[BaseException] = []
    dialog = _dialog(qtbot, window, monkeypatch)
    monkeypatch.setattr(dialog.shell, "report_error", reported.append)

    def failing(database: Path, backup: Path, **kw) -> backups.RestoreResult:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "restore", failing)
    assert not dialog.restore(saved, confirm=False)
    assert reported and "No space" in str(reported[0])
    assert count_people(window.db) == 2  # the window's database works again


def test_reads_refused_during_the_restore_show_no_error_boxes(
    qtbot, window: MainWindow, paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    """A view's refresh, a reminder's heartbeat or a queued task that reads while the
    file is being replaced is refused (above); that refusal is not the user's business:
    no box for it, by the window's error path or by the uncaught-error path. The restore
    itself says how it ended."""
    from relapp.ui.crash_dialog import CrashReporter
    from relapp.ui.errors import explain_known

    add_person(window.db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(window.db)
    restore = backups.restore
    refused: list[BaseException] = []
    reporter = CrashReporter()
    shell = window.features.get(BackupsFeature).shell

    def on_gui() -> None:
        try:
            count_people(window.db)
        except Exception as exc:
            refused.append(exc)
            shell.report_error(exc)  # a view's task ending in an error
            known = explain_known(exc)  # a timer's slot raising it
            if known is not None:
                reporter.report_known(*known)
            else:
                reporter.report("unexpected", None)

    def reading_restore(database: Path, backup: Path, **kw) -> backups.RestoreResult:
        done = threading.Event()
        QTimer.singleShot(0, QApplication.instance(), lambda: (on_gui(), done.set()))
        done.wait(5)
        return restore(database, backup, **kw)

    monkeypatch.setattr(backups, "restore", reading_restore)
    dialog = _dialog(qtbot, window, monkeypatch)
    assert dialog.restore(saved, confirm=False)
    qtbot.wait(50)  # the reporter's queued boxes
    assert refused and "restore" in str(refused[0])
    assert reporter.shown == []
    assert [text for text in no_boxes if "Restored from" not in text] == []
