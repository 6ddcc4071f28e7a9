"""Settings ▸ Backups, the start-up check of the database and the damaged-database
dialog, on real database files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from relapp.domain.errors import DatabaseCorrupt
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import Database, open_database
from relapp.ui.backups import recovery
from relapp.ui.backups.dialog import BackupsDialog
from relapp.ui.backups.feature import BackupsFeature
from relapp.ui.main_window import MainWindow
from tests.unit.storage.test_backup import corrupt_middle


def backups_of(window: MainWindow) -> BackupsFeature:
    return window.features.get(BackupsFeature)


@pytest.fixture
def no_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answer at once; their texts are collected."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_settings_menu_opens_the_backups_dialog(window: MainWindow) -> None:
    titles = [a.text() for a in window.menus["settings"].actions()]
    assert "&Backups…" in titles


def test_dialog_lists_backups_and_backs_up_now(qtbot, window: MainWindow) -> None:
    dialog = BackupsDialog(backups_of(window).shell)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 0
    assert not dialog.empty.isHidden()
    dialog.back_up_now()
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1)
    item = dialog.list.topLevelItem(0)
    assert item.text(1) == "made by you"
    assert item.text(2).endswith("KB")
    assert "Backed up" in dialog.status.text()


def test_restoring_from_the_dialog_backs_up_first_and_closes(
    qtbot, window: MainWindow, paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    add_person(window.db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(window.db)
    add_person(window.db, PersonDraft(display_name="Bo"))
    quit_called: list[bool] = []
    monkeypatch.setattr(window, "quit", lambda: quit_called.append(True))
    dialog = BackupsDialog(backups_of(window).shell)
    qtbot.addWidget(dialog)
    assert dialog.restore(saved, confirm=False)
    assert quit_called
    assert any("Restored from" in text for text in no_boxes)
    kinds = {b.kind for b in backups.list_backups(paths.backups)}
    assert backups.PRE_RESTORE in kinds
    restored = open_database(paths.database)
    assert count_people(restored) == 1
    restored.close()


def damage(db: Database, paths: AppPaths, people: int = 400) -> None:
    for i in range(people):
        add_person(db, PersonDraft(display_name=f"P{i}", notes="n" * 100))
    # All of it in the file: a log left behind would be written into the file by the
    # last connection to close, after the test has damaged and fingerprinted it.
    busy, _log, _done = db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0, "a reader held the log"


def test_startup_check_finds_damage_and_offers_the_newest_good_backup(
    qtbot, window: MainWindow, paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    guard = backups_of(window).guard
    qtbot.waitUntil(lambda: guard.last_problems is not None)  # the check at start-up, done
    window.runner.wait()  # and nothing reading the file while it is damaged below
    damage(window.db, paths)
    good = backups.backup_now(window.db)
    window.db.close()
    corrupt_middle(paths.database)
    damaged = hashlib.sha256(paths.database.read_bytes()).hexdigest()
    offered: list[Path] = []

    def accept(parent, database, problem, newest) -> bool:
        offered.append(newest.path)
        return True

    monkeypatch.setattr(recovery, "ask_to_restore", accept)
    monkeypatch.setattr(window, "quit", lambda: None)
    guard.last_problems = None
    guard.start_check().join(10)
    qtbot.waitUntil(lambda: guard.last_problems is not None)
    assert guard.last_problems
    assert offered == [good]
    aside = list(paths.data_dir.glob("relapp.sqlite3.damaged-*Z"))
    assert len(aside) == 1
    assert hashlib.sha256(aside[0].read_bytes()).hexdigest() == damaged
    assert backups.check_database(paths.database) == []


def test_a_sound_database_passes_the_startup_check(qtbot, window: MainWindow) -> None:
    guard = backups_of(window).guard
    qtbot.waitUntil(lambda: guard.last_problems is not None)
    assert guard.last_problems == []


def test_opening_a_damaged_database_at_start_offers_the_backup(
    paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    db = open_database(paths.database, backups_dir=paths.backups)
    damage(db, paths, 50)
    backups.backup_now(db)
    db.close()
    data = bytearray(paths.database.read_bytes())
    data[:16] = b"garbage-garbage!"
    paths.database.write_bytes(bytes(data))
    monkeypatch.setattr(recovery, "ask_to_restore", lambda *a: True)
    reopened = recovery.open_user_database_or_restore(paths)
    assert count_people(reopened) == 50
    reopened.close()
    assert list(paths.data_dir.glob("relapp.sqlite3.damaged-*"))


def test_declining_leaves_the_damaged_file_and_reports(
    paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    paths.database.write_bytes(b"not a database at all" * 100)
    monkeypatch.setattr(recovery, "ask_to_restore", lambda *a: False)
    with pytest.raises(DatabaseCorrupt):
        recovery.open_user_database_or_restore(paths)
    assert paths.database.read_bytes().startswith(b"not a database")


def test_the_check_thread_holds_no_qt_object(qtbot, window: MainWindow, monkeypatch) -> None:
    # A thread that held the guard (a QObject) dropped the last reference to it when the
    # window was gone first; Shiboken then deleted the dead C++ object on the GUI thread
    # later, and the test process crashed (SIGSEGV) in a later test.
    import threading

    from PySide6.QtCore import QObject

    release = threading.Event()
    monkeypatch.setattr(backups, "check_database", lambda path: release.wait(10) and [])
    thread = backups_of(window).guard.start_check()
    work = thread._target  # type: ignore[attr-defined]
    cells = [cell.cell_contents for cell in (work.__closure__ or ())]
    release.set()
    thread.join(10)
    assert not [c for c in cells if isinstance(c, QObject)], cells
    qtbot.waitUntil(lambda: backups_of(window).guard.last_problems == [])


def test_restoring_while_the_worker_is_busy_keeps_the_window_alive(
    qtbot, window: MainWindow, paths: AppPaths, no_boxes: list[str], monkeypatch
) -> None:
    """Restore waits for what runs on the worker (an import, say) before it closes the
    database; the window keeps painting meanwhile instead of freezing until it ends."""
    import threading
    import time

    from PySide6.QtCore import QTimer

    add_person(window.db, PersonDraft(display_name="Ada"))
    saved = backups.backup_now(window.db)
    add_person(window.db, PersonDraft(display_name="Bo"))
    monkeypatch.setattr(window, "quit", lambda: None)
    gate = threading.Event()
    opened_at: list[float] = []

    def long_import() -> None:
        assert gate.wait(10)

    def open_gate() -> None:
        opened_at.append(time.monotonic())
        gate.set()

    window.runner.submit(long_import, name="the import")
    threading.Timer(1.0, open_gate).start()
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start()
    dialog = BackupsDialog(backups_of(window).shell)
    qtbot.addWidget(dialog)
    assert dialog.restore(saved, confirm=False)
    ticker.stop()
    assert opened_at, "restore returned before the running task ended"
    during = [t for t in ticks if t < opened_at[0]]
    assert len(during) >= 10, f"the GUI thread ticked {len(during)} times while it waited"
    restored = open_database(paths.database)
    assert count_people(restored) == 1
    restored.close()
