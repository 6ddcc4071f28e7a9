"""Merging two people from Possible duplicates, as a person would: the pair with its
evidence, the side-by-side question with a swap, one person with both histories, and
Ctrl+Z bringing both back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from relapp.domain.changes import Changes
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.services import people
from relapp.services.merging import DuplicatePair
from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from relapp.ui.merging.confirm_dialog import MergeDialog
from relapp.ui.merging.duplicates_dialog import DuplicatesDialog
from relapp.ui.merging.feature import MergingFeature
from relapp.ui.merging.pick_dialog import MergeIntoDialog
from relapp.ui.tasks import TaskRunner
from tests.merge_fixture import build
from tests.ui.introductions.conftest import when_modal


def list_names(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def summaries(window: MainWindow) -> set[str]:
    model = window.page.history_model
    entries = (model.entry(row) for row in range(model.rowCount()))
    return {e.interaction.summary for e in entries if e is not None}


def open_view(qtbot, feature: MergingFeature) -> DuplicatesDialog:
    feature.duplicates_action.trigger()
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.is_loaded)
    return dialog


def choose(dialog: DuplicatesDialog, *names: str) -> DuplicatePair:
    """Select the pair of these two people in the table, as a click would."""
    for row, pair in enumerate(dialog.model.pairs):
        if {pair.first.display_name, pair.second.display_name} == set(names):
            dialog.table.selectRow(row)
            assert dialog.current_pair() == pair
            return pair
    raise AssertionError(f"no pair {names} in {dialog.pair_names()}")


def cell(dialog: DuplicatesDialog, pair: DuplicatePair, column: int) -> str:
    row = dialog.model.pairs.index(pair)
    return dialog.model.index(row, column).data()


def settle(qtbot, feature: MergingFeature, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not feature.busy and runner.idle, timeout=5000)
    QApplication.processEvents()


def test_merge_from_possible_duplicates_then_undo(
    qtbot, window: MainWindow, feature: MergingFeature, db: Database, runner: TaskRunner
) -> None:
    ids = build(db)
    window.refresh_list()
    qtbot.waitUntil(lambda: len(list_names(window)) == 4)
    dialog = open_view(qtbot, feature)
    pair = choose(dialog, "Carol Roth", "Carrie Roth")
    assert "shares an email" in cell(dialog, pair, 2)
    assert {cell(dialog, pair, 0), cell(dialog, pair, 1)} == {"Carol Roth · Acme", "Carrie Roth"}

    seen: dict[str, object] = {}

    def answer(confirm: MergeDialog) -> None:
        # Carrie has more history, so she is offered as the one kept; swap to Carol.
        seen["first keep"] = confirm.keep_card.name_label.text()
        seen["history"] = confirm.absorb_card.history_label.text()
        qtbot.mouseClick(confirm.swap_button, Qt.MouseButton.LeftButton)
        seen["keep"] = confirm.keep_card.name_label.text()
        seen["absorb"] = confirm.absorb_card.name_label.text()
        qtbot.mouseClick(confirm.merge_button, Qt.MouseButton.LeftButton)

    when_modal(MergeDialog, answer)
    said: list[str] = []  # the status bar's message as the merge lands (it fades after 10 s)
    feature.merged.connect(lambda _result: said.append(window.statusBar().currentMessage()))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "keep" in seen and not feature.busy, timeout=5000)
    settle(qtbot, feature, runner)
    assert seen["first keep"] == "Carrie Roth"
    assert seen["history"] == "4 interactions · 1 promise · 2 introductions"
    assert (seen["keep"], seen["absorb"]) == ("Carol Roth", "Carrie Roth")

    # One person in the list, shown with both histories; the pair is gone from the view.
    qtbot.waitUntil(lambda: list_names(window) == ["Carol Roth", "Dan Whitaker", "Ed Navarro"])
    assert window.current_person_id() == ids["carol"]
    page = window.page
    assert page.person is not None and page.person.id == ids["carol"]
    assert page.history_model.total == 8
    assert {"Carrie called about golf", "Call with Carol about the pricing"} <= summaries(window)
    assert "Also known as Carrie Roth" in page.person.notes.splitlines()
    qtbot.waitUntil(lambda: dialog.is_loaded and dialog.pair_names() == [])
    assert len(said) == 1 and "Carrie Roth into Carol Roth" in said[0], said

    # Ctrl+Z on the window brings both back, each with their own history.
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, feature, runner)
    qtbot.waitUntil(lambda: len(list_names(window)) == 4)
    assert sorted(list_names(window)) == ["Carol Roth", "Carrie Roth", "Dan Whitaker", "Ed Navarro"]
    assert page.person is not None and page.person.id == ids["carol"]
    assert page.history_model.total == 4
    assert "Carrie called about golf" not in summaries(window)
    carrie = people.get_person(db, ids["carrie"])
    assert [p.value for p in carrie.contact_points] == ["Carol@ACME.example", "carrie@home.example"]

    # Ctrl+Shift+Z merges them again; until that is done, Undo and Redo wait for it.
    window.redo_action.trigger()
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    settle(qtbot, feature, runner)
    qtbot.waitUntil(lambda: len(list_names(window)) == 3)
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()


def test_not_the_same_person_is_remembered_across_a_restart_of_the_view(
    qtbot, window: MainWindow, feature: MergingFeature, db: Database, runner: TaskRunner
) -> None:
    build(db)
    dialog = open_view(qtbot, feature)
    choose(dialog, "Carol Roth", "Carrie Roth")
    qtbot.mouseClick(dialog.apart_button, Qt.MouseButton.LeftButton)
    assert ("Carol Roth", "Carrie Roth") not in dialog.pair_names()
    settle(qtbot, feature, runner)
    assert window.undo_stack.undoText() == "Not the same: Carol Roth and Carrie Roth"
    dialog.close()
    qtbot.waitUntil(lambda: feature.dialog is None)

    again = open_view(qtbot, feature)
    assert again is not dialog
    assert again.pair_names() == []
    assert not again.merge_button.isEnabled()
    assert "No possible duplicates" in again.status_label.text()

    window.undo_stack.undo()  # "they may be the same after all": offered again
    qtbot.waitUntil(lambda: window.runner.idle)
    settle(qtbot, feature, runner)
    qtbot.waitUntil(lambda: again.is_loaded and len(again.pair_names()) == 1)


def test_merge_into_from_the_people_list_with_the_picker(
    qtbot, window: MainWindow, feature: MergingFeature, db: Database, runner: TaskRunner
) -> None:
    ids = build(db)
    window.refresh_list()
    qtbot.waitUntil(lambda: len(list_names(window)) == 4)
    window.select_person(ids["ed"])
    qtbot.waitUntil(lambda: window.current_person_id() == ids["ed"])
    assert feature.merge_into_action in window.view.actions()  # the list's context menu
    seen: dict[str, object] = {}

    def confirm(dialog: MergeDialog) -> None:
        seen["keep"] = dialog.keep_card.name_label.text()
        dialog.reject()

    def pick(picker) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(picker.search_edit, "dan")
        qtbot.waitUntil(lambda: runner.idle and picker.results.isVisible())
        seen["results"] = picker.result_names()
        when_modal(MergeDialog, confirm)
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)

    when_modal(MergeIntoDialog, pick)
    feature.merge_into_action.trigger()
    qtbot.waitUntil(lambda: "keep" in seen, timeout=5000)
    settle(qtbot, feature, runner)
    assert seen["results"] == ["Dan Whitaker"]
    assert seen["keep"] == "Dan Whitaker"  # the one picked is kept unless swapped
    assert len(list_names(window)) == 4  # cancelled: nothing merged
    assert window.undo_stack.count() == 0


def test_names_with_markup_show_literally(
    qtbot, window: MainWindow, feature: MergingFeature, db: Database, runner: TaskRunner
) -> None:
    email = (ContactPoint(ContactKind.EMAIL, "ann@lee.example"),)
    people.add_person(db, PersonDraft("<b>Ann</b> Lee", contact_points=email))
    people.add_person(db, PersonDraft("Ann Lee", contact_points=email))
    dialog = open_view(qtbot, feature)
    (pair,) = dialog.model.pairs
    assert {cell(dialog, pair, 0), cell(dialog, pair, 1)} == {"<b>Ann</b> Lee", "Ann Lee"}
    seen: dict[str, object] = {}

    def look(confirm: MergeDialog) -> None:
        labels = (confirm.keep_card.name_label, confirm.absorb_card.name_label)
        seen["names"] = {label.text() for label in labels}
        seen["formats"] = {label.textFormat() for label in (*labels, confirm.explanation)}
        confirm.reject()

    when_modal(MergeDialog, look)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter on the chosen pair: Merge…
    qtbot.waitUntil(lambda: "names" in seen and not feature.busy, timeout=5000)
    assert seen["names"] == {"<b>Ann</b> Lee", "Ann Lee"}
    assert seen["formats"] == {Qt.TextFormat.PlainText}


def test_the_merging_shortcuts_are_taken_by_nothing_else(
    window: MainWindow, feature: MergingFeature
) -> None:
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            owners.setdefault(keys.toString(), []).append(action.text())
    assert owners["Ctrl+Shift+D"] == [feature.duplicates_action.text()]
    assert owners["Ctrl+Shift+M"] == [feature.merge_into_action.text()]
    assert feature.duplicates_action in window.menus["person"].actions()


def test_possible_duplicates_look_again_only_when_people_changed(
    qtbot, db: Database, window: MainWindow, feature: MergingFeature
) -> None:
    build(db)
    dialog = open_view(qtbot, feature)
    someone = dialog.model.pairs[0].first.id
    window.announce(Changes.of_people((someone,), interactions=True, promises=True))
    assert dialog.is_loaded  # a logged call or a promise makes nobody a duplicate
    window.announce(Changes.of_people((someone,), persons=True))
    assert not dialog.is_loaded
    qtbot.waitUntil(lambda: dialog.is_loaded)


def test_a_merge_asked_for_during_an_import_waits_for_it_and_says_so(
    qtbot, window: MainWindow, feature: MergingFeature, db: Database, runner: TaskRunner
) -> None:
    """The merge is a write like any other: it queues on the one worker behind a long
    task (here one named like the import's) and the window says "Saving after the
    import…" until it runs."""
    import threading

    ids = build(db)
    gate, entered = threading.Event(), threading.Event()

    def long_import() -> None:
        entered.set()
        assert gate.wait(10)

    said: list[str] = []
    runner.writeWaiting.connect(said.append)

    def answer(confirm: MergeDialog) -> None:
        runner.submit(long_import, name="the import")  # starts while the question is open
        assert entered.wait(5)
        qtbot.mouseClick(confirm.merge_button, Qt.MouseButton.LeftButton)

    when_modal(MergeDialog, answer)
    feature.start_merge(ids["carol"], ids["carrie"], ids["carol"])
    qtbot.waitUntil(lambda: said == ["Saving after the import…"], timeout=5000)
    assert window.statusBar().currentMessage() == "Saving after the import…"
    assert ids["carrie"] in people.list_people(db)  # not merged while the import runs
    gate.set()
    settle(qtbot, feature, runner)
    assert ids["carrie"] not in people.list_people(db)
    assert ids["carol"] in people.list_people(db)
    assert said[-1] == ""
