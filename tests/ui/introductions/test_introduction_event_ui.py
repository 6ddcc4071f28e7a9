"""An introduction is its own event in the dialogs and the history: started from a
person's page with them as the introducer, any slot changeable, pickers never stale, and
an "Introduction" row in the history (issue 13, item 6)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from relapp.domain.introductions import IntroductionDraft, Shape
from relapp.domain.model import Channel, Direction, InteractionKind, PersonDraft
from relapp.services import interactions, introductions, people
from relapp.storage import Database
from relapp.ui.history_delegate import describe_entry
from relapp.ui.introductions.dialog import IntroductionDialog
from relapp.ui.person_picker import PersonPicker
from relapp.ui.tasks import TaskRunner


def test_the_history_shows_an_introduction_row_not_a_meeting(
    db: Database, folks: dict[str, int]
) -> None:
    introductions.record_introduction(
        db,
        IntroductionDraft(folks["carol"], None, folks["dan"], date(2019, 3, 1), "at SmallBiz"),
        channel=Channel.MEETING,
    )
    (entry,) = interactions.history_page(db, folks["dan"], 0, 10)
    first, second = describe_entry(entry)
    assert first == "Fri 1 Mar 2019  ·  Introduction  ·  with Carol Roth"
    assert "Meeting" not in first and Direction.BOTH.label not in first
    assert second == "Carol Roth introduced you to Dan Whitaker at SmallBiz"


def test_from_a_persons_page_they_start_as_the_introducer(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    dialog = IntroductionDialog(db, runner, person_id=folks["carol"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.shape() is Shape.TO_ME
    assert dialog.introducer.person_id() == folks["carol"]  # "Carol introduced me to …"
    assert dialog.second.person_id() is None
    assert dialog.date_check.isChecked() and dialog.date_edit.date() == QDate.currentDate()
    qtbot.waitUntil(lambda: dialog.second.search_edit.hasFocus())
    qtbot.keyClicks(dialog.second.search_edit, "dan")
    qtbot.waitUntil(lambda: runner.idle and dialog.second.results.isVisible())
    qtbot.keyClick(dialog.second.search_edit, Qt.Key.Key_Return)
    dialog.date_edit.setDate(QDate(2019, 3, 1))
    assert dialog.preview.text() == "Carol Roth introduced you to Dan Whitaker."
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    intro = dialog.introduction
    assert intro is not None and intro.occurred_on == date(2019, 3, 1)
    (entry,) = interactions.history_page(db, folks["dan"], 0, 10)
    assert entry.interaction.kind is InteractionKind.INTRODUCTION


def test_typing_a_chosen_persons_name_in_another_slot_offers_them_and_moves_them(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    """Dan sits in the "To" slot but the user meant "Dan introduced me to …": typing Dan
    as the introducer offers him (it used to offer only "Add as a new person")."""
    dialog = IntroductionDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.second.set_person(folks["dan"], "Dan Whitaker")
    qtbot.keyClicks(dialog.introducer.search_edit, "dan")
    qtbot.waitUntil(lambda: runner.idle and dialog.introducer.results.isVisible())
    assert dialog.introducer.result_names()[0] == "Dan Whitaker"
    qtbot.keyClick(dialog.introducer.search_edit, Qt.Key.Key_Return)
    assert dialog.introducer.person_id() == folks["dan"]
    assert dialog.second.person_id() is None  # moved, never in two places
    qtbot.keyClicks(dialog.second.search_edit, "ed")
    qtbot.waitUntil(lambda: runner.idle and dialog.second.results.isVisible())
    qtbot.keyClick(dialog.second.search_edit, Qt.Key.Key_Return)
    assert dialog.preview.text() == "Dan Whitaker introduced you to Ed Navarro."


def test_the_people_picker_offers_someone_again_once_their_chip_is_removed(
    qtbot, db: Database, runner: TaskRunner, folks: dict[str, int]
) -> None:
    picker = PersonPicker(db, runner)
    qtbot.addWidget(picker)
    picker.show()
    people.add_person(db, PersonDraft("Rhea Roth"))
    picker.add_person(folks["carol"], "Carol Roth")
    qtbot.keyClicks(picker.search_edit, "roth")  # Rhea; Carol is chosen already
    qtbot.waitUntil(lambda: runner.idle and picker.results.isVisible())
    assert "Carol Roth" not in picker.result_names()
    picker.chips[folks["carol"]].remove_button.click()
    qtbot.waitUntil(lambda: runner.idle and "Carol Roth" in picker.result_names())
