"""The interaction dialog: logging and editing what passed between you and people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from relapp.domain.model import (
    Channel,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def open_dialog(qtbot, db: Database, runner: TaskRunner):
    def make(person_ids: tuple[int, ...], interaction=None) -> InteractionDialog:
        dialog = InteractionDialog(db, runner, person_ids, interaction)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def add(db: Database, name: str, **fields) -> int:
    return people.add_person(db, PersonDraft(name, **fields)).id


def test_logging_with_someone_else_present_stores_both_people(
    qtbot, db: Database, open_dialog
) -> None:
    carol = add(db, "Carol Roth", preferred_channel=Channel.VIDEO)
    dan = add(db, "Dan Ortiz", organisation="Northwind")
    add(db, "Danielle Ng")
    dialog = open_dialog((carol,))
    assert dialog.channel() is Channel.VIDEO  # her preferred channel

    qtbot.keyClicks(dialog.picker.search_edit, "orti")
    qtbot.waitUntil(lambda: dialog.picker.result_names() == ["Dan Ortiz · Northwind"])
    qtbot.keyClick(dialog.picker.search_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter picked the person; it did not save the dialog
    assert dialog.picker.selected_ids() == (dan,)
    assert dialog.picker.search_edit.text() == ""
    assert dialog.picker.chips[dan].label.text() == "Dan Ortiz"

    dialog.direction_buttons[Direction.BOTH].setChecked(True)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(InteractionKind.FAVOUR_RECEIVED))
    qtbot.keyClicks(dialog.summary_edit, "Dan joined; Carol offered an intro")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)

    stored = interactions.get_interaction(db, dialog.interaction.id)
    assert set(stored.person_ids) == {carol, dan}
    assert stored.channel is Channel.VIDEO
    assert stored.direction is Direction.BOTH
    assert stored.kind is InteractionKind.FAVOUR_RECEIVED
    assert stored.summary == "Dan joined; Carol offered an intro"
    assert people.person_rows(db, [dan])[dan].last_contact_at == stored.occurred_at


def test_the_picker_offers_neither_the_main_person_nor_people_already_chosen(
    qtbot, db: Database, open_dialog
) -> None:
    ann = add(db, "Ann Smith")
    bob = add(db, "Bob Smith")
    cy = add(db, "Cy Smith")
    dialog = open_dialog((ann, bob))
    assert dialog.picker.selected_ids() == (bob,)
    qtbot.keyClicks(dialog.picker.search_edit, "smith")
    qtbot.waitUntil(lambda: dialog.picker.result_names() == ["Cy Smith"])
    qtbot.mouseClick(dialog.picker.chips[bob].remove_button, Qt.MouseButton.LeftButton)
    assert dialog.picker.selected_ids() == ()
    assert cy not in dialog.picker.selected_ids()


def test_the_time_is_picked_in_local_time_and_stored_in_utc(
    qtbot, db: Database, open_dialog
) -> None:
    carol = add(db, "Carol")
    dialog = open_dialog((carol,))
    local = QDateTime(QDate(2025, 11, 3), QTime(9, 30))
    dialog.when_edit.setDateTime(local)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    stored = interactions.get_interaction(db, dialog.interaction.id).occurred_at
    assert stored.tzinfo is not None
    assert stored == datetime(2025, 11, 3, 9, 30).astimezone().astimezone(UTC)


def test_without_a_preference_the_channel_last_used_is_suggested_unless_avoided(
    db: Database, open_dialog
) -> None:
    at = datetime(2025, 1, 1, 12, tzinfo=UTC)
    carol = add(db, "Carol")
    interactions.log_interaction(
        db, InteractionDraft(at, Channel.LETTER, Direction.OUTBOUND, (carol,))
    )
    assert open_dialog((carol,)).channel() is Channel.LETTER

    dan = add(db, "Dan", avoid_channels=frozenset({Channel.EMAIL, Channel.CALL}))
    interactions.log_interaction(db, InteractionDraft(at, Channel.CALL, Direction.INBOUND, (dan,)))
    assert open_dialog((dan,)).channel() not in {Channel.EMAIL, Channel.CALL}


def test_editing_an_interaction_changes_it(qtbot, db: Database, open_dialog) -> None:
    carol = add(db, "Carol")
    dan = add(db, "Dan")
    erin = add(db, "Erin")
    before = interactions.log_interaction(
        db,
        InteractionDraft(
            datetime(2025, 6, 1, 15, 0, tzinfo=UTC),
            Channel.MEETING,
            Direction.BOTH,
            (carol, dan),
            summary="lunch",
            notes="she is moving to Porto",
            kind=InteractionKind.INTRODUCTION,
        ),
    )
    dialog = open_dialog(before.person_ids, before)
    assert dialog.summary_edit.text() == "lunch"
    assert dialog.notes_edit.toPlainText() == "she is moving to Porto"
    assert dialog.channel() is Channel.MEETING
    assert dialog.direction() is Direction.BOTH
    assert dialog.kind_combo.currentData() == InteractionKind.INTRODUCTION
    assert dialog.draft().occurred_at == before.occurred_at

    dialog.summary_edit.selectAll()
    qtbot.keyClicks(dialog.summary_edit, "long lunch")
    dialog.set_channel(Channel.CALL)
    dialog.direction_buttons[Direction.INBOUND].setChecked(True)
    qtbot.mouseClick(dialog.picker.chips[dan].remove_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.picker.search_edit, "Erin")
    qtbot.waitUntil(lambda: dialog.picker.result_names() == ["Erin"])
    qtbot.mouseClick(
        dialog.picker.results.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.picker.results.visualItemRect(dialog.picker.results.item(0)).center(),
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)

    after = interactions.get_interaction(db, before.id)
    assert after.summary == "long lunch"
    assert after.channel is Channel.CALL
    assert after.direction is Direction.INBOUND
    assert set(after.person_ids) == {carol, erin}
    assert after.kind is InteractionKind.INTRODUCTION  # kept, though not offered for new ones
    assert after.occurred_at == before.occurred_at
    assert after.notes == before.notes


def test_ctrl_return_logs(qtbot, db: Database, open_dialog) -> None:
    carol = add(db, "Carol")
    dialog = open_dialog((carol,))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.summary_edit, "quick call")
    qtbot.keyClick(dialog.summary_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.interaction is not None
    assert interactions.history_count(db, carol) == 1
