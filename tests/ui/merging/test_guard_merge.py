"""The duplicate guard offers a merge when an edit makes a person match someone you
already have: "Merge with this person…" leads to the same question and the same undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from relapp.ui.merging.confirm_dialog import MergeDialog
from relapp.ui.merging.feature import MergingFeature
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.tasks import TaskRunner
from tests.ui.introductions.conftest import when_modal


def test_merge_with_this_person_from_the_edit_dialog(
    qtbot, window: MainWindow, feature: MergingFeature, db: Database, runner: TaskRunner
) -> None:
    email = ContactPoint(ContactKind.EMAIL, "dana@whitfield.example")
    dana = people.add_person(db, PersonDraft("Dana Whitfield", contact_points=(email,))).id
    other = people.add_person(db, PersonDraft("D. Whitfield")).id
    seen: dict[str, object] = {}

    def edit(dialog: PersonDialog) -> None:
        qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "dana@whitfield.example")
        qtbot.waitUntil(lambda: dana in dialog.duplicates.shown_ids(), timeout=3000)
        (row,) = dialog.duplicates.rows
        seen["button"] = row.merge_button.text()
        seen["visible"] = row.merge_button.isVisibleTo(dialog)
        when_modal(MergeDialog, confirm)
        qtbot.mouseClick(row.merge_button, Qt.MouseButton.LeftButton)

    def confirm(dialog: MergeDialog) -> None:
        seen["pair"] = (dialog.keep_card.name_label.text(), dialog.absorb_card.name_label.text())
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    when_modal(PersonDialog, edit)
    window.commands.edit_person(other)
    qtbot.waitUntil(lambda: "pair" in seen, timeout=5000)
    qtbot.waitUntil(lambda: not feature.busy and runner.idle, timeout=5000)
    QApplication.processEvents()
    assert seen["button"] == "Merge with this person…" and seen["visible"]
    # Neither has history: the one added first (Dana) is kept.
    assert seen["pair"] == ("Dana Whitfield", "D. Whitfield")
    assert people.count_people(db) == 1
    # "D. Whitfield" says nothing "Dana Whitfield" does not: no second name is noted.
    assert people.get_person(db, dana).notes == ""
    assert window.undo_stack.undoText() == "Merge D. Whitfield into Dana Whitfield"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: runner.idle and people.count_people(db) == 2, timeout=5000)
