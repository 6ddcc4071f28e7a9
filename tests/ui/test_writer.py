"""The one writer, GUI side: writes queue on the runner in order and are never skipped,
the window says when one waits behind a long task, dialogs stay open saying "Saving…"
until their write is done, a failed undo leaves the stack matching the data, and the
log dialog's promise is undone with its interaction in one step."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStatusBar

from relapp.domain.errors import NotFound
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.paths import AppPaths
from relapp.services import interactions, people
from relapp.services import promises as promise_service
from relapp.storage import Database
from relapp.ui import undo_commands, writer
from relapp.ui.app import open_window
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.main_window import MainWindow
from relapp.ui.outreach.settings_dialog import OutreachSettingsDialog
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.promises import feature as promises_feature
from relapp.ui.promises.feature import PromisesFeature
from relapp.ui.tasks import TaskRunner, waiting_text


class Gate:
    """A task that holds the worker until the test opens the gate."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.entered = threading.Event()

    def __call__(self) -> None:
        self.entered.set()
        assert self.open.wait(10)


def test_a_write_behind_a_long_task_says_so_and_clears_when_it_runs(
    qtbot, runner: TaskRunner
) -> None:
    bar = QStatusBar()
    writer.show_waiting_in(runner, bar)
    said: list[str] = []
    runner.writeWaiting.connect(said.append)
    gate = Gate()
    runner.submit(gate, name="the import")
    assert gate.entered.wait(5)
    wrote: list[str] = []
    runner.write(lambda: "saved", wrote.append)
    qtbot.waitUntil(lambda: said == ["Saving after the import…"])
    assert bar.currentMessage() == "Saving after the import…"
    assert wrote == []
    gate.open.set()
    qtbot.waitUntil(lambda: runner.idle)
    assert wrote == ["saved"]
    assert said == ["Saving after the import…", ""]
    assert bar.currentMessage() == ""


def test_a_write_behind_a_quick_task_says_nothing(qtbot, runner: TaskRunner) -> None:
    said: list[str] = []
    runner.writeWaiting.connect(said.append)
    runner.submit(lambda: None, key="people-list")
    runner.write(lambda: None)
    qtbot.waitUntil(lambda: runner.idle)
    qtbot.wait(200)
    assert said == []
    assert waiting_text(None) == "Saving after the work under way…"


def test_writes_run_in_order_and_are_never_skipped(qtbot, runner: TaskRunner) -> None:
    gate = Gate()
    runner.submit(gate)
    assert gate.entered.wait(5)
    ran: list[str] = []
    searched: list[str] = []
    for n in range(5):
        runner.write(lambda n=n: ran.append(f"write {n}"))
        runner.submit(lambda n=n: f"search {n}", searched.append, key="search")
    gate.open.set()
    qtbot.waitUntil(lambda: runner.idle)
    assert ran == [f"write {n}" for n in range(5)]
    assert searched == ["search 4"]  # searches are superseded; writes never


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner, monkeypatch) -> Iterator:
    monkeypatch.setattr(promises_feature, "tray_available", lambda: False)
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    qtbot.waitUntil(lambda: runner.idle)
    yield win
    win.features.get(PromisesFeature).scheduler.stop()
    runner.wait()


def test_the_person_dialog_says_saving_until_its_write_is_done(
    qtbot, db: Database, runner: TaskRunner
) -> None:
    dialog = PersonDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.name_edit, "Grace Hopper")
    gate = Gate()
    runner.submit(gate, name="the import")
    assert gate.entered.wait(5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.save_button.text() == "Saving…"
    assert not dialog.save_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.reject()  # Esc while saving: the write finishes first
    assert dialog.isVisible()
    assert people.count_people(db) == 0
    gate.open.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.outcome == "created" and dialog.person is not None
    assert people.get_person(db, dialog.person.id).display_name == "Grace Hopper"


def test_a_failed_save_is_shown_in_the_dialog_and_it_stays_open(
    qtbot, db: Database, runner: TaskRunner, monkeypatch
) -> None:
    ada = people.add_person(db, PersonDraft("Ada Lovelace"))
    dialog = PersonDialog(db, runner, ada)
    qtbot.addWidget(dialog)
    dialog.show()
    shown: list[BaseException] = []
    monkeypatch.setattr(writer, "show_error", lambda _parent, error: shown.append(error))
    monkeypatch.setattr(
        people, "update_person", lambda *_a: (_ for _ in ()).throw(NotFound("gone"))
    )
    dialog.save()
    qtbot.waitUntil(lambda: runner.idle)
    assert [type(e) for e in shown] == [NotFound]
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.save_button.text().replace("&", "") == "Save"
    assert dialog.person is None


def test_a_failed_undo_leaves_the_stack_and_reports_the_error(
    qtbot, db: Database, window: MainWindow, monkeypatch
) -> None:
    ada = people.add_person(db, PersonDraft("Ada Lovelace"))
    after = people.update_person(db, ada.id, PersonDraft("Ada King")).draft()
    stack = window.undo_stack
    stack.push(undo_commands.person_edited(window, ada.id, ada.draft(), after))
    assert (stack.count(), stack.index()) == (1, 1)
    errors: list[BaseException] = []
    monkeypatch.setattr(window, "report_error", errors.append)
    monkeypatch.setattr(
        people, "update_person", lambda *_a: (_ for _ in ()).throw(NotFound("gone"))
    )
    stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert [type(e) for e in errors] == [NotFound]
    assert (stack.count(), stack.index()) == (0, 0)  # the failed step is gone
    assert not stack.canRedo()
    assert people.get_person(db, ada.id).display_name == "Ada King"


def test_the_log_dialogs_promise_is_undone_and_redone_with_its_interaction(
    qtbot, db: Database, window: MainWindow, monkeypatch
) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id

    def log_with_promise(dialog: InteractionDialog) -> int:
        dialog.summary_edit.setText("Talked about the pilot")
        row = dialog.promise_row  # type: ignore[attr-defined]
        row.check.setChecked(True)
        row.what.setText("the pricing")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.runner.idle)
        return dialog.result()

    monkeypatch.setattr(InteractionDialog, "exec", log_with_promise)
    window.commands.log_interaction(priya)
    assert interactions.history_count(db, priya) == 1
    assert len(promise_service.open_promises_for(db, priya)) == 1
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()  # one Ctrl+Z
    qtbot.waitUntil(lambda: window.runner.idle)
    assert interactions.history_count(db, priya) == 0
    assert promise_service.open_promises_for(db, priya) == []
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert interactions.history_count(db, priya) == 1
    [entry] = promise_service.open_promises_for(db, priya)
    assert entry.promise.what == "send the pricing"


def test_a_promise_made_while_editing_an_entry_is_undone_with_the_edit(
    qtbot, db: Database, window: MainWindow, monkeypatch
) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    entry = interactions.log_interaction(
        db,
        InteractionDraft(
            datetime(2026, 3, 1, tzinfo=UTC), Channel.CALL, Direction.BOTH, (priya,), "Pilot"
        ),
    )

    def edit_with_promise(dialog: InteractionDialog) -> int:
        dialog.summary_edit.setText("Talked about the pilot and its price")
        row = dialog.promise_row  # type: ignore[attr-defined]
        row.check.setChecked(True)
        row.what.setText("the pricing")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.runner.idle)
        return dialog.result()

    monkeypatch.setattr(InteractionDialog, "exec", edit_with_promise)
    window.commands.edit_interaction(entry.id)
    assert len(promise_service.open_promises_for(db, priya)) == 1
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()  # one Ctrl+Z: the edit and the promise made with it
    qtbot.waitUntil(lambda: window.runner.idle)
    assert interactions.get_interaction(db, entry.id).summary == "Pilot"
    assert promise_service.open_promises_for(db, priya) == []
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert interactions.get_interaction(db, entry.id).summary == (
        "Talked about the pilot and its price"
    )
    [again] = promise_service.open_promises_for(db, priya)
    assert again.promise.what == "send the pricing"


def test_a_plain_log_is_undone_alone(qtbot, db: Database, window: MainWindow) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    logged = interactions.log_interaction(
        db,
        InteractionDraft(datetime(2026, 3, 1, tzinfo=UTC), Channel.CALL, Direction.BOTH, (priya,)),
    )
    window.undo_stack.push(undo_commands.interaction_logged(window, logged))
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert interactions.history_count(db, priya) == 0


def test_the_outreach_settings_are_saved_on_the_worker(
    qtbot, db: Database, runner: TaskRunner
) -> None:
    dialog = OutreachSettingsDialog(db, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.unanswered.setValue(7)
    gate = Gate()
    runner.submit(gate, name="the import")
    assert gate.entered.wait(5)
    dialog.save()
    assert dialog.isVisible() and dialog.unanswered.isEnabled() is False
    assert promise_service.outreach_thresholds(db).unanswered != 7
    gate.open.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert promise_service.outreach_thresholds(db).unanswered == 7
