"""The import in the window: File ▸ Import…, applying off the GUI thread with progress and
Cancel, undoing an import, and files handed over on the command line."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import importing, people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.importing.feature import ImportFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner

CARDS = b"".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@x.example\r\nEND:VCARD\r\n".encode()
    for n in range(30)
)


def make_window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    return make_window(qtbot, db, paths, runner)


@pytest.fixture
def feature(window: MainWindow) -> ImportFeature:
    found = window.features.get(ImportFeature)
    assert found is not None
    return found


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    path = tmp_path / "people.vcf"
    path.write_bytes(CARDS)
    return path


def dump(db: Database) -> list[str]:
    return list(db.connection().iterdump())


def open_preview(qtbot, feature: ImportFeature, path: Path) -> None:
    feature.import_files([str(path)])
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible())


def test_file_menu_import_opens_the_chosen_files(
    qtbot,
    window: MainWindow,
    feature: ImportFeature,
    cards: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def choose(parent, caption, folder, filters):
        asked.append(filters)
        return [str(cards)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    menu = window.menus["file"].actions()
    assert feature.import_action in menu and feature.batches_action in menu
    feature.import_action.trigger()
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible())
    assert "*.vcf" in asked[0]
    assert feature.preview is not None and len(feature.preview.plan.cards) == 30


def test_cancel_while_applying_leaves_the_database_as_it_was(
    qtbot,
    db: Database,
    window: MainWindow,
    feature: ImportFeature,
    cards: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people.add_person(db, PersonDraft("Carol Roth"))
    before = dump(db)
    real = importing.apply_import
    started = threading.Event()

    def slow_apply(*args, cancel, **kwargs):
        started.set()
        deadline = time.monotonic() + 5
        while not cancel() and time.monotonic() < deadline:  # the user is looking at the bar
            time.sleep(0.01)
        return real(*args, cancel=cancel, **kwargs)

    monkeypatch.setattr(importing, "apply_import", slow_apply)
    open_preview(qtbot, feature, cards)
    assert feature.preview is not None
    qtbot.mouseClick(feature.preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set)
    progress = feature.progress
    assert progress is not None
    qtbot.waitUntil(progress.isVisible)
    ticks: list[int] = []
    window.startTimer(10)
    window.timerEvent = lambda _event: ticks.append(1)  # type: ignore[method-assign]
    qtbot.wait(100)
    assert len(ticks) >= 3  # the GUI thread keeps running while the import works
    cancel_button = progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not feature.busy)
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was changed."
    assert dump(db) == before
    assert feature.progress is None


def test_undo_an_import_from_the_imports_dialog(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, cards: Path
) -> None:
    open_preview(qtbot, feature, cards)
    assert feature.preview is not None
    feature.preview.accept()
    qtbot.waitUntil(lambda: feature.last_result is not None)
    assert people.count_people(db) == 30
    feature.batches_action.trigger()
    dialog = feature.batches_dialog
    assert dialog is not None and dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "people.vcf"
    assert dialog.table.item(0, 2).text() == "30"
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    box = feature.question
    assert box is not None and box.isVisible() and "Undo the import of people.vcf" in box.text()
    undo = next(b for b in box.buttons() if b.text() == "Undo Import")
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.last_undo is not None)
    assert people.count_people(db) == 0
    assert window.statusBar().currentMessage() == "Undid the import: removed 30 people."
    assert dialog.table.item(0, 7).text().startswith("undone")  # after History
    assert not dialog.undo_button.isEnabled()
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)


def test_undo_last_import_asks_first_and_can_be_declined(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, cards: Path
) -> None:
    feature.undo_last()
    assert window.statusBar().currentMessage() == "There is no import to undo."
    importing.apply_import(db, importing.plan_import(db, [cards]))
    feature.undo_action.trigger()
    box = feature.question
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert feature.last_undo is None and people.count_people(db) == 30


def test_a_second_import_waits_for_the_first(
    qtbot, window: MainWindow, feature: ImportFeature, cards: Path
) -> None:
    feature.busy = True
    feature.import_files([str(cards)])
    assert "already under way" in window.statusBar().currentMessage()
    feature.busy = False


class FakeInstance(QObject):
    filesReceived = Signal(list)


def test_files_from_the_command_line_open_the_preview(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, cards: Path
) -> None:
    instance = FakeInstance()
    window = open_window(db, paths, runner=runner, files=instance.filesReceived)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    feature = window.features.get(ImportFeature)
    instance.filesReceived.emit([str(cards), "/tmp/notes.txt"])
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible())
    assert "notes.txt" in window.statusBar().currentMessage()


def test_the_plan_goes_with_its_preview(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, cards: Path
) -> None:
    """Once the import is applied nothing holds the plan: its cards are objects every
    full garbage collection would walk, holding the GUI thread (issue 18)."""
    import gc
    import weakref

    from relapp.domain.importing.plan import ImportPlan
    from relapp.ui import gc_collector

    open_preview(qtbot, feature, cards)
    assert feature.preview is not None
    plan = weakref.ref(feature.preview.plan)
    preview = feature.preview
    assert preview in gc_collector._busy  # no full collection walks the plan meanwhile
    preview.accept()
    qtbot.waitUntil(lambda: feature.last_result is not None)
    assert people.count_people(db) == 30
    assert feature.preview is None and preview not in gc_collector._busy
    del preview
    qtbot.waitUntil(lambda: window.runner.idle)
    qtbot.wait(50)  # the dialog's deleteLater
    assert isinstance(plan(), ImportPlan | None)
    gc.collect(0)  # a young collection, as the GUI thread's collector runs between beats
    assert plan() is None


def test_the_plan_is_let_go_on_the_worker_once_applied(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, cards: Path
) -> None:
    """10,000 cards are some 150,000 objects: freed on the GUI thread as the import's
    last callback returned, they held it 20-25 ms (issue 18, the full-size import's
    gap after applying). The worker lets them go as it finishes applying."""
    import weakref

    freed_on: list[str] = []
    open_preview(qtbot, feature, cards)
    assert feature.preview is not None
    weakref.finalize(feature.preview.plan, lambda: freed_on.append(threading.current_thread().name))
    feature.preview.accept()
    qtbot.waitUntil(lambda: feature.last_result is not None)
    assert people.count_people(db) == 30
    qtbot.waitUntil(lambda: window.runner.idle)
    qtbot.wait(50)  # the preview's deleteLater
    assert freed_on == ["relapp-tasks"]


def test_the_plan_is_let_go_on_the_worker_however_late_the_preview_goes(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, cards: Path
) -> None:
    """The preview hands its plan over as it is accepted: a dialog still alive when the
    worker has applied (its deleteLater not yet run, on a busy GUI thread; CI saw it) held
    the plan's last reference and freed it on the GUI thread."""
    import weakref

    freed_on: list[str] = []
    open_preview(qtbot, feature, cards)
    preview = feature.preview
    assert preview is not None
    weakref.finalize(preview.plan, lambda: freed_on.append(threading.current_thread().name))
    preview.accept()
    qtbot.waitUntil(lambda: feature.last_result is not None)
    qtbot.waitUntil(lambda: window.runner.idle)
    assert people.count_people(db) == 30
    assert freed_on == ["relapp-tasks"]  # while the dialog is still referenced here
    assert preview.model.rowCount() == 0


def test_showing_the_preview_does_nothing_card_by_card_on_the_gui_thread(
    qtbot, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    """The summary, the re-import note, the counts and the suggested choices are found on
    the worker with the plan: on the GUI thread, showing the preview of 10,000 cards ran
    six loops over them, 30-35 ms of its CPU under load (issue 18)."""
    import sys

    def work_showing_preview(cards: int) -> int:
        path = tmp_path / f"{cards}.vcf"
        path.write_text(
            "".join(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card {n}\r\nEMAIL:c{n}@x.example\r\n"
                "END:VCARD\r\n"
                for n in range(cards)
            )
        )
        events = 0
        inside: list[bool] = []

        def profile(frame, event: str, _arg: object) -> None:
            nonlocal events
            if event == "call" and frame.f_code.co_name == "show_preview":
                inside.append(True)
            elif event == "return" and frame.f_code.co_name == "show_preview":
                inside.pop()
            elif inside:
                events += 1  # Python calls, generator steps, calls into C

        sys.setprofile(profile)
        try:
            open_preview(qtbot, feature, path)
        finally:
            sys.setprofile(None)
        assert feature.preview is not None and feature.preview.model.rowCount() == cards
        feature.preview.reject()
        qtbot.waitUntil(lambda: feature.preview is None)
        return events

    few, many = work_showing_preview(1_200), work_showing_preview(2_400)
    assert many < few + 300, (few, many)  # the same, not 1,200 cards times a few calls


def longest_run_freed(events: list[object]) -> int:
    """The most objects freed with no Python call or return between them on the thread:
    one cascade of deallocations, run in C with the GIL held throughout."""
    longest = run = 0
    for event in events:
        run = 0 if event is None else run + 1
        longest = max(longest, run)
    return longest


def test_applying_lets_the_plan_go_a_piece_at_a_time(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    """The last reference to a plan of 10,000 cards (some 300,000 memory blocks) going in
    one statement frees all of it in one cascade in C, the GIL held: 45 ms of the
    worker's CPU in which the GUI thread could not run (the full-size import's longest
    stall, as applying ended; issue 18). The worker lets it go a few objects at a time."""
    import sys
    import weakref

    count = 600
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card {n}\r\nEMAIL:c{n}@x.example\r\nEND:VCARD\r\n"
            for n in range(count)
        )
    )
    open_preview(qtbot, feature, path)
    assert feature.preview is not None
    events: list[object] = []
    # A weakref's callback that is a builtin adds no profiling event of its own.
    refs = [weakref.ref(c, events.append) for c in feature.preview.plan.cards]
    refs += [weakref.ref(c.draft, events.append) for c in feature.preview.plan.cards if c.draft]

    def mark(_frame: object, _event: str, _arg: object) -> None:
        events.append(None)  # every Python call and return (and call into C) on the worker

    window.runner.submit(lambda: sys.setprofile(mark))
    feature.preview.accept()
    qtbot.waitUntil(lambda: feature.last_result is not None, timeout=20_000)
    window.runner.submit(lambda: sys.setprofile(None))
    qtbot.waitUntil(lambda: window.runner.idle)
    qtbot.wait(50)
    assert people.count_people(db) == count
    assert sum(1 for e in events if e is not None) == 2 * count  # every card and draft freed
    assert longest_run_freed(events) <= 64
