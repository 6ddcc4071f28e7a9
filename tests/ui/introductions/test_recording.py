"""Recording an introduction through the dialog, as a person would: pickers that search
as you type, a person added on the spot, undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from relapp.domain.introductions import Shape
from relapp.domain.model import InteractionKind
from relapp.services import interactions, introductions, people
from relapp.storage import Database, introductions_repo
from relapp.ui.introductions.dialog import IntroductionDialog
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.introductions.single_picker import SinglePersonPicker
from relapp.ui.main_window import MainWindow
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.tasks import TaskRunner
from tests.ui.introductions.conftest import when_modal


def pick(qtbot, picker: SinglePersonPicker, typed: str, runner: TaskRunner) -> None:
    qtbot.keyClicks(picker.search_edit, typed)
    qtbot.waitUntil(lambda: runner.idle and picker.results.isVisible())
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)


def test_carol_introduced_me_to_dan_through_the_dialog(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    # Opened from Carol's page: she starts as the introducer (issue 13; she used to
    # start in the "To" slot).
    dialog = IntroductionDialog(db, runner, person_id=folks["carol"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.shape() is Shape.TO_ME
    assert dialog.introducer.person_name() == "Carol Roth"
    qtbot.keyClicks(dialog.second.search_edit, "da")
    qtbot.waitUntil(lambda: runner.idle and dialog.second.results.isVisible())
    assert dialog.second.result_names()[0] == "Dan Whitaker"
    qtbot.keyClick(dialog.second.search_edit, Qt.Key.Key_Return)
    assert dialog.second.person_id() == folks["dan"]
    dialog.date_edit.setDate(QDate(2024, 3, 1))
    qtbot.keyClicks(dialog.context_edit, "at the SmallBiz conference")
    assert dialog.preview.text() == (
        "Carol Roth introduced you to Dan Whitaker — at the SmallBiz conference."
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)

    intro = dialog.introduction
    assert intro is not None and dialog.result() == IntroductionDialog.DialogCode.Accepted
    assert (intro.introducer_id, intro.person_a_id, intro.person_b_id) == (
        folks["carol"],
        None,
        folks["dan"],
    )
    assert intro.occurred_on == date(2024, 3, 1)
    (entry,) = interactions.history_page(db, folks["carol"], 0, 10)
    assert entry.interaction.kind is InteractionKind.INTRODUCTION
    dan = people.get_person(db, folks["dan"])
    assert dan.met_how == "Introduced by Carol Roth at the SmallBiz conference"


def test_i_introduced_carol_to_ed(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    dialog = IntroductionDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_shape(Shape.BY_ME)
    assert dialog.introducer.isHidden() and not dialog.first.isHidden()
    pick(qtbot, dialog.first, "carol", runner)
    pick(qtbot, dialog.second, "ed", runner)
    dialog.date_check.setChecked(False)
    assert dialog.preview.text() == "You introduced Carol Roth to Ed Navarro."
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.introduction is not None
    assert dialog.introduction.shape is Shape.BY_ME


def test_nothing_is_saved_until_every_place_is_filled(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    dialog = IntroductionDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.error_label.text() == "Choose who made the introduction."
    assert dialog.introduction is None and introductions_repo.count(db) == 0


def test_someone_new_is_added_on_the_spot_with_the_duplicate_guard(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    dialog = IntroductionDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.introducer.search_edit, "Fay Lin")
    qtbot.waitUntil(lambda: runner.idle and dialog.introducer.results.isVisible())
    assert dialog.introducer.result_names() == ["＋ Add “Fay Lin” as a new person…"]

    def fill(person_dialog) -> None:
        assert person_dialog.form.name_edit.text() == "Fay Lin"
        person_dialog.save()
        qtbot.waitUntil(lambda: person_dialog.runner.idle)

    when_modal(PersonDialog, fill)
    qtbot.keyClick(dialog.introducer.search_edit, Qt.Key.Key_Return)
    fay = dialog.introducer.person_id()
    assert fay is not None and people.get_person(db, fay).display_name == "Fay Lin"


def test_the_duplicate_guard_can_send_you_to_someone_you_know(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    dialog = IntroductionDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.second
    qtbot.keyClicks(picker.search_edit, "Carol Rothe")  # a typo: no match by search
    qtbot.waitUntil(lambda: runner.idle and picker.results.isVisible())

    def choose_known(person_dialog) -> None:
        qtbot.waitUntil(lambda: person_dialog.duplicates.isVisible(), timeout=3000)
        person_dialog.open_existing(folks["carol"])

    when_modal(PersonDialog, choose_known)
    picker.results.setCurrentRow(picker.results.count() - 1)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert picker.person_id() == folks["carol"]
    assert people.count_people(db) == 3


def test_recording_from_the_person_menu_can_be_undone(
    qtbot,
    window: MainWindow,
    feature: IntroductionsFeature,
    db: Database,
    folks: dict[str, int],
) -> None:
    window.open_person(folks["carol"])
    qtbot.waitUntil(lambda: window.current_person_id() == folks["carol"])

    def fill(dialog) -> None:
        assert dialog.introducer.person_id() == folks["carol"]
        dialog.second.set_person(folks["dan"], "Dan Whitaker")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.runner.idle)

    when_modal(IntroductionDialog, fill)
    feature.record_action.trigger()
    assert introductions_repo.count(db) == 1
    assert window.undo_stack.undoText() == "Record introduction"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert introductions_repo.count(db) == 0
    assert interactions.history_count(db, folks["dan"]) == 0
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert introductions_repo.count(db) == 1
    assert interactions.history_count(db, folks["dan"]) == 1


def test_editing_and_deleting_from_the_section(
    qtbot,
    window: MainWindow,
    feature: IntroductionsFeature,
    db: Database,
    folks: dict[str, int],
) -> None:
    intro = introductions.record_introduction(
        db, introductions.IntroductionDraft(folks["carol"], None, folks["dan"])
    )
    window.open_person(folks["dan"])
    qtbot.waitUntil(lambda: feature.section.link_names() == ["Carol Roth"])

    def change(dialog) -> None:
        dialog.context_edit.setText("by phone")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.runner.idle)

    when_modal(IntroductionDialog, change)
    feature.section.editRequested.emit(intro)
    assert introductions.get_introduction(db, intro.id).context == "by phone"
    feature.section.deleteRequested.emit(intro)
    qtbot.waitUntil(lambda: window.runner.idle)
    assert introductions_repo.count(db) == 0
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert introductions.get_introduction(db, intro.id).context == "by phone"
