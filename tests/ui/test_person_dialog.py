"""The person dialog: everything about a person stored exactly, and the duplicate guard
saying "you already know this person" before a duplicate exists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.contact_points_editor import ContactRow


@pytest.fixture
def open_dialog(qtbot, db: Database, runner: TaskRunner):
    def make(person=None, **kwargs) -> PersonDialog:
        dialog = PersonDialog(db, runner, person, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def fill_row(qtbot, row: ContactRow, value: str, label: str) -> None:
    qtbot.keyClicks(row.value_edit, value)
    row.label_combo.setEditText(label)


def carol(db: Database) -> int:
    draft = PersonDraft(
        "Carol Roth",
        given_name="Carol",
        family_name="Roth",
        organisation="Acme",
        met_how="introduced by Dana at PyCon",
        contact_points=(ContactPoint(ContactKind.EMAIL, "carol@x.com", "work"),),
    )
    return people.add_person(db, draft).id


def panel_texts(dialog: PersonDialog) -> list[str]:
    return [label.text() for label in dialog.duplicates.findChildren(QLabel)]


def wait_for_match(qtbot, dialog: PersonDialog, person_id: int) -> None:
    qtbot.waitUntil(lambda: person_id in dialog.duplicates.shown_ids(), timeout=3000)
    assert dialog.duplicates.isVisible()


def test_a_new_person_with_everything_is_stored_exactly(qtbot, db: Database, open_dialog) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.form.given_edit, "Dana")
    qtbot.keyClicks(dialog.form.family_edit, "Whitfield")
    qtbot.keyClicks(dialog.form.nickname_edit, "Dee")
    qtbot.keyClicks(dialog.form.organisation_edit, "Northwind")
    qtbot.keyClicks(dialog.form.title_edit, "CTO")
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, dialog.form.contacts.rows[-1], "dana@northwind.example", "work")
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, dialog.form.contacts.rows[-1], "dee@home.example", "home")
    qtbot.mouseClick(dialog.form.contacts.add_phone_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, dialog.form.contacts.rows[-1], "+1 415 555 0199", "mobile")
    dialog.form.birthday.day_combo.setCurrentIndex(29)
    dialog.form.birthday.month_combo.setCurrentIndex(2)
    dialog.form.anniversary.day_combo.setCurrentIndex(19)
    dialog.form.anniversary.month_combo.setCurrentIndex(6)
    dialog.form.anniversary.year_spin.setValue(2010)
    dialog.form.met_check.setChecked(True)
    dialog.form.met_date.setDate(QDate(2021, 5, 14))
    qtbot.keyClicks(dialog.form.met_how_edit, "sat together at the Lisbon meetup")
    dialog.form.preferred_combo.setCurrentIndex(dialog.form.preferred_combo.findData(Channel.EMAIL))
    dialog.form.avoid_checks[Channel.CALL].setChecked(True)
    dialog.form.avoid_checks[Channel.SOCIAL].setChecked(True)
    dialog.form.cadence_spin.setValue(30)
    qtbot.keyClicks(dialog.form.tags_edit, "wine, jazz ,  sailing, Wine")
    qtbot.keyClicks(dialog.form.notes_edit, "Cannot take calls before noon.")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)

    assert dialog.outcome == "created"
    assert dialog.result() == PersonDialog.DialogCode.Accepted
    stored = people.get_person(db, dialog.person.id)
    assert stored.display_name == "Dana Whitfield"  # suggested from given + family
    assert (stored.given_name, stored.family_name, stored.nickname) == ("Dana", "Whitfield", "Dee")
    assert (stored.organisation, stored.title) == ("Northwind", "CTO")
    assert stored.contact_points == (
        ContactPoint(ContactKind.EMAIL, "dana@northwind.example", "work"),
        ContactPoint(ContactKind.EMAIL, "dee@home.example", "home"),
        ContactPoint(ContactKind.PHONE, "+1 415 555 0199", "mobile"),
    )
    assert stored.birthday == Birthday(month=2, day=29, year=None)
    assert stored.anniversary == Birthday(month=6, day=19, year=2010)
    assert stored.met_on == date(2021, 5, 14)
    assert stored.met_how == "sat together at the Lisbon meetup"
    assert stored.preferred_channel is Channel.EMAIL
    assert stored.avoid_channels == frozenset({Channel.CALL, Channel.SOCIAL})
    assert stored.cadence_days == 30
    assert sorted(stored.tags) == ["jazz", "sailing", "wine"]
    assert stored.notes == "Cannot take calls before noon."


def test_editing_shows_every_field_and_keeps_what_was_not_changed(
    qtbot, db: Database, open_dialog
) -> None:
    person = people.add_person(
        db,
        PersonDraft(
            "Dana W.",
            given_name="Dana",
            family_name="Whitfield",
            birthday=Birthday(7, 4, 1980),
            anniversary=Birthday(9, 1),
            met_on=date(2019, 3, 2),
            met_how="Lisbon",
            preferred_channel=Channel.MESSAGE,
            avoid_channels=frozenset({Channel.CALL}),
            cadence_days=14,
            tags=("jazz",),
            notes="likes jazz",
            contact_points=(
                ContactPoint(ContactKind.EMAIL, "dana@x.example", "work"),
                ContactPoint(ContactKind.URL, "https://dana.example", "blog"),
            ),
            photo=b"\x89PNG fake",
        ),
    )
    dialog = open_dialog(person)
    assert dialog.form.name_edit.text() == "Dana W."
    assert dialog.form.birthday.year_spin.value() == 1980
    assert dialog.form.anniversary.birthday() == Birthday(9, 1)
    assert dialog.form.met_check.isChecked()
    assert dialog.form.avoid_checks[Channel.CALL].isChecked()
    assert [row.point() for row in dialog.form.contacts.rows] == list(person.contact_points)

    qtbot.keyClicks(dialog.form.organisation_edit, "Northwind")
    dialog.form.contacts.remove_row(dialog.form.contacts.rows[1])
    qtbot.keyClicks(dialog.form.given_edit, "h")  # a typed display name is never overwritten
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)

    assert dialog.outcome == "updated"
    after = people.get_person(db, person.id)
    assert after.organisation == "Northwind"
    assert after.given_name == "Danah"
    assert after.display_name == "Dana W."
    assert after.contact_points == person.contact_points[:1]
    unchanged = ("birthday", "anniversary", "met_on", "met_how", "preferred_channel")
    for name in (*unchanged, "avoid_channels", "cadence_days", "tags", "notes", "photo"):
        assert getattr(after, name) == getattr(person, name), name


def test_display_name_follows_the_names_until_the_user_types_one(qtbot, open_dialog) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.form.given_edit, "Ann")
    qtbot.keyClicks(dialog.form.family_edit, "Lee")
    assert dialog.form.name_edit.text() == "Ann Lee"
    dialog.form.name_edit.selectAll()
    qtbot.keyClicks(dialog.form.name_edit, "Annie")
    qtbot.keyClicks(dialog.form.family_edit, "-Park")
    assert dialog.form.name_edit.text() == "Annie"


def test_an_empty_name_is_explained_inline_and_nothing_is_stored(
    qtbot, db: Database, open_dialog
) -> None:
    dialog = open_dialog()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "name" in dialog.error_label.text().lower()
    assert people.count_people(db) == 0


def test_an_impossible_birthday_is_explained_inline(qtbot, db: Database, open_dialog) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.form.name_edit, "Ann")
    dialog.form.birthday.day_combo.setCurrentIndex(30)
    dialog.form.birthday.month_combo.setCurrentIndex(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.isVisible()
    assert "30 February is not a date" in dialog.error_label.text()
    assert people.count_people(db) == 0


def test_an_impossible_anniversary_is_explained_inline(qtbot, db: Database, open_dialog) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.form.name_edit, "Ann")
    dialog.form.anniversary.day_combo.setCurrentIndex(31)
    dialog.form.anniversary.month_combo.setCurrentIndex(4)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert "Anniversary: 31 April is not a date." in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.form.anniversary.day_combo
    assert people.count_people(db) == 0


def test_ctrl_return_saves(qtbot, db: Database, open_dialog) -> None:
    dialog = open_dialog()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.form.name_edit, "Bea")
    dialog.form.notes_edit.setFocus()
    qtbot.keyClick(dialog.form.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.outcome == "created"
    assert people.get_person(db, dialog.person.id).display_name == "Bea"


def test_the_guard_knows_an_email_typed_in_another_case_and_open_returns_its_id(
    qtbot, db: Database, open_dialog
) -> None:
    known = carol(db)
    interactions.log_interaction(
        db,
        InteractionDraft(
            datetime.now(UTC) - timedelta(days=22), Channel.EMAIL, Direction.OUTBOUND, (known,)
        ),
    )
    dialog = open_dialog()
    qtbot.keyClicks(dialog.form.name_edit, "C. R.")
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "CAROL@X.com")

    wait_for_match(qtbot, dialog, known)
    texts = panel_texts(dialog)
    assert "You already know this person" in texts
    assert "Carol Roth · Acme" in texts
    assert "last contact 3 weeks ago · met: introduced by Dana at PyCon" in texts
    assert any("same email" in text and "carol@x.com" in text for text in texts)
    assert dialog.save_button.text().replace("&", "") == "Create anyway"

    qtbot.mouseClick(dialog.duplicates.rows[0].open_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome == "open"
    assert dialog.chosen_existing_id == known
    assert people.count_people(db) == 1


def test_add_to_this_person_adds_the_new_phone_to_the_known_person(
    qtbot, db: Database, open_dialog
) -> None:
    known = carol(db)
    dialog = open_dialog()
    qtbot.keyClicks(dialog.form.name_edit, "Carol")
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "Carol@X.com")
    qtbot.mouseClick(dialog.form.contacts.add_phone_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, dialog.form.contacts.rows[1], "+44 20 7946 0958", "mobile")
    wait_for_match(qtbot, dialog, known)

    qtbot.mouseClick(dialog.duplicates.rows[0].merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)

    assert dialog.outcome == "merged"
    assert dialog.chosen_existing_id == known
    assert people.count_people(db) == 1
    points = people.get_person(db, known).contact_points
    assert points == (
        ContactPoint(ContactKind.EMAIL, "carol@x.com", "work"),
        ContactPoint(ContactKind.PHONE, "+44 20 7946 0958", "mobile"),
    )


def test_a_name_with_html_shows_literally_in_the_panel(qtbot, db: Database, open_dialog) -> None:
    evil = "<b>Eve</b> <img src=x>"
    known = people.add_person(
        db,
        PersonDraft(evil, contact_points=(ContactPoint(ContactKind.EMAIL, "eve@x.com"),)),
    ).id
    dialog = open_dialog()
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "eve@x.com")
    wait_for_match(qtbot, dialog, known)
    name_label = dialog.duplicates.rows[0].name_label
    assert name_label.text() == evil
    for label in dialog.duplicates.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_saving_before_the_guard_answered_still_warns_first(
    qtbot, db: Database, open_dialog
) -> None:
    known = carol(db)
    dialog = open_dialog()
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "carol@x.com")
    qtbot.keyClicks(dialog.form.name_edit, "Caroline")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # at once, no waiting
    qtbot.waitUntil(lambda: dialog.runner.idle)

    assert dialog.isVisible()
    assert dialog.duplicates.shown_ids() == [known]
    assert people.count_people(db) == 1

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # "Create anyway"
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.outcome == "created"
    assert people.count_people(db) == 2


def test_editing_a_person_does_not_warn_about_themselves(
    qtbot, db: Database, open_dialog, runner: TaskRunner
) -> None:
    known = carol(db)
    dialog = open_dialog(people.get_person(db, known))
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, " ")
    qtbot.keyClicks(dialog.form.family_edit, "-Smith")
    qtbot.waitUntil(lambda: not dialog.guard.waiting and runner.idle)
    assert dialog.duplicates.isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.outcome == "updated"
    assert people.get_person(db, known).family_name == "Roth-Smith"


def test_the_panel_hides_again_when_the_input_no_longer_matches(
    qtbot, db: Database, open_dialog
) -> None:
    known = carol(db)
    dialog = open_dialog()
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "carol@x.com")
    wait_for_match(qtbot, dialog, known)
    qtbot.mouseClick(dialog.form.contacts.rows[0].remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.duplicates.isHidden(), timeout=3000)
    assert dialog.save_button.text().replace("&", "") == "Save"


def test_closing_while_the_guard_is_asking_is_harmless(
    qtbot, db: Database, open_dialog, runner: TaskRunner
) -> None:
    carol(db)
    dialog = open_dialog()
    qtbot.mouseClick(dialog.form.contacts.add_email_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.contacts.rows[0].value_edit, "carol@x.com")
    dialog.guard.run()  # a check under way...
    dialog.reject()  # ...when the user cancels
    qtbot.waitUntil(lambda: runner.idle)
    assert dialog.outcome is None
    assert dialog.duplicates.shown_ids() == []
    assert people.count_people(db) == 1
