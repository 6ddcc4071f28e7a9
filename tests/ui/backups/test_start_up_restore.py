"""A database found damaged at start is restored off the GUI thread (issue 18: no GUI
stall over 50 ms, a restore included): looking for a good backup (each one checked)
and putting it in place run on a thread of their own behind a modal progress dialog
while the event loop keeps turning; a restore that fails says why in a box and leaves
the damaged file as it was. Real database files, real Qt widgets."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from relapp.domain.errors import DatabaseCorrupt
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import open_database
from relapp.ui.backups import recovery


@pytest.fixture
def no_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answer at once; their texts are collected."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def damaged_with_a_backup(paths: AppPaths) -> bytes:
    """A database with two people and a good backup of it, then its header garbled (it
    cannot be opened); the damaged file's bytes."""
    paths.ensure()
    db = open_database(paths.database, backups_dir=paths.backups)
    add_person(db, PersonDraft("Ada Lovelace"))
    add_person(db, PersonDraft("Grace Hopper"))
    backups.backup_now(db)
    db.close()
    data = bytearray(paths.database.read_bytes())
    data[:16] = b"garbage-garbage!"
    paths.database.write_bytes(bytes(data))
    return bytes(data)


def progress_shown() -> str:
    return " | ".join(
        w.labelText()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    )


def test_the_start_up_restore_runs_off_the_gui_thread_with_the_loop_turning(
    qapp, paths: AppPaths, no_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged_with_a_backup(paths)
    seen: dict[str, object] = {}
    ticks: list[int] = []
    newest, restore = backups.newest_good_backup, backups.restore

    def slow(name: str, work):
        seen[f"{name} thread"] = threading.current_thread().name
        start = len(ticks)
        threading.Event().wait(0.3)  # a big backup: its check and copy take seconds
        seen[f"ticks during {name}"] = len(ticks) - start
        seen[f"progress during {name}"] = progress_shown()
        return work()

    monkeypatch.setattr(
        backups, "newest_good_backup", lambda folder: slow("search", lambda: newest(folder))
    )
    monkeypatch.setattr(
        backups, "restore", lambda db, backup, **kw: slow("restore", lambda: restore(db, backup))
    )
    monkeypatch.setattr(recovery, "ask_to_restore", lambda *args: True)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        reopened = recovery.open_user_database_or_restore(paths)
    finally:
        timer.stop()

    main = threading.main_thread().name
    assert seen["search thread"] != main
    assert seen["restore thread"] != main
    assert seen["ticks during search"] >= 10  # ~30 in 0.3 s; none when the GUI is held
    assert seen["ticks during restore"] >= 10
    assert "good backup" in str(seen["progress during search"])
    assert "Restoring" in str(seen["progress during restore"])
    assert progress_shown() == ""  # gone once done
    assert count_people(reopened) == 2
    reopened.close()
    assert any("Restored from" in text for text in no_boxes)
    assert list(paths.data_dir.glob("relapp.sqlite3.damaged-*"))


def test_a_start_up_restore_that_fails_says_why_and_keeps_the_damaged_file(
    qapp, paths: AppPaths, no_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = damaged_with_a_backup(paths)

    def failing(database: Path, backup: Path, **kw) -> backups.RestoreResult:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "restore", failing)
    monkeypatch.setattr(recovery, "ask_to_restore", lambda *args: True)
    with pytest.raises(DatabaseCorrupt):
        recovery.open_user_database_or_restore(paths)

    assert len(no_boxes) == 1
    assert no_boxes[0].startswith("The backup could not be restored:")
    assert "No space left on device" in no_boxes[0]
    assert paths.database.read_bytes() == damaged
    assert progress_shown() == ""


def test_damage_found_by_the_check_is_restored_off_the_gui_with_reads_refused(
    qtbot, window, paths: AppPaths, no_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check after the window shows finds damage: the restore runs on another thread
    with the window turning, and a read the window makes meanwhile (a view's timer) is
    refused instead of opening the file being replaced."""
    from relapp.ui.backups.feature import BackupsFeature
    from tests.ui.backups.test_backups_ui import damage
    from tests.unit.storage.test_backup import corrupt_middle

    damage(window.db, paths)
    backups.backup_now(window.db)
    window.db.close()
    corrupt_middle(paths.database)
    seen: dict[str, object] = {}
    restore = backups.restore

    def watched_restore(database: Path, backup: Path, **kw) -> backups.RestoreResult:
        seen["thread"] = threading.current_thread().name
        read = threading.Event()

        def timer_read() -> None:  # on the GUI thread, while the file is replaced
            try:
                seen["read"] = count_people(window.db)
            except Exception as error:
                seen["read"] = error
            read.set()

        QTimer.singleShot(0, QApplication.instance(), timer_read)
        seen["loop turned"] = read.wait(5)
        return restore(database, backup, **kw)

    monkeypatch.setattr(backups, "restore", watched_restore)
    monkeypatch.setattr(recovery, "ask_to_restore", lambda *args: True)
    monkeypatch.setattr(window, "quit", lambda: None)
    guard = window.features.get(BackupsFeature).guard
    qtbot.waitUntil(lambda: guard.last_problems is not None)  # the check at start-up
    guard.last_problems = None
    guard.start_check().join(10)
    qtbot.waitUntil(lambda: guard.last_problems is not None)

    assert guard.last_problems
    assert seen["thread"] != threading.main_thread().name
    assert seen["loop turned"] is True
    assert not isinstance(seen["read"], int), "a read during the restore opened the database"
    assert "restore" in str(seen["read"])
    assert any("Restored from" in text for text in no_boxes)
    assert backups.check_database(paths.database) == []
