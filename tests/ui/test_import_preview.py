"""The import preview: every card with its status and evidence, and the choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox

from relapp.domain.importing.plan import Choice, Decision, ImportPlan
from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import importing, interactions, people
from relapp.storage import Database
from relapp.ui.importing.preview_dialog import PreviewDialog
from relapp.ui.importing.preview_model import CARD_ROLE, PreviewModel, plain_tooltip

CARDS = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nEMAIL:carol@roth.example\r\n"
    b"TEL:+1 415 555 0100\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Smith\r\nEMAIL:dan@smith.example\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Dan\r\nEMAIL;HOME:dan@smith.example\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:<b>Bold</b> Person\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN;;;\x00\x00:x\r\nEND:VCARD\r\n"
)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def plan(db: Database, tmp_path: Path) -> ImportPlan:
    carol = people.add_person(
        db,
        PersonDraft(
            "Carol Roth",
            contact_points=(ContactPoint(ContactKind.EMAIL, "carol@roth.example"),),
        ),
    )
    interactions.log_interaction(
        db,
        InteractionDraft(
            NOW - timedelta(days=21), Channel.CALL, Direction.OUTBOUND, (carol.id,), "Call"
        ),
    )
    path = tmp_path / "contacts.vcf"
    path.write_bytes(CARDS)
    return importing.plan_import(db, [path])


def texts(model: PreviewModel, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_model_passes_qts_model_tester(qtbot, plan: ImportPlan) -> None:
    model = PreviewModel(plan, now=NOW)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.setData(model.index(1, PreviewModel.CHOICE), Choice.SKIP.value)
    model.set_choices({0: Choice.CREATE})
    model.reset()
    assert model.rowCount(model.index(0, 0)) == 0


def test_every_card_says_what_it_is_and_why(qtbot, plan: ImportPlan) -> None:
    model = PreviewModel(plan, now=NOW)
    assert texts(model, PreviewModel.STATUS) == [
        "matches Carol Roth",
        "new",
        "same as card 2 in this file",
        "new",
        "error",
    ]
    why = texts(model, PreviewModel.EVIDENCE)
    assert why[0].startswith("same email carol@roth.example")
    assert "last talked 3 weeks ago" in why[0]
    assert why[2].startswith("same email dan@smith.example")
    assert why[4] == "contains binary data; the file may be damaged"
    assert texts(model, PreviewModel.CARD)[4] == "5 (line 21)"
    assert texts(model, PreviewModel.CHOICE) == [
        "Merge into Carol Roth",
        "Create new",
        "Merge into card 2",
        "Create new",
        "—",
    ]
    # User text is plain: shown literally, and escaped in rich-text tooltips.
    assert texts(model, PreviewModel.NAME)[3] == "<b>Bold</b> Person"
    tip = model.data(model.index(3, PreviewModel.NAME), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Bold&lt;/b&gt;" in tip and "<b>" not in tip
    assert plain_tooltip("") == ""


def test_only_allowed_choices_can_be_set(qtbot, plan: ImportPlan) -> None:
    model = PreviewModel(plan, now=NOW)
    new_card = model.index(1, PreviewModel.CHOICE)
    broken = model.index(4, PreviewModel.CHOICE)
    assert model.flags(new_card) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(broken) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(new_card, Choice.MERGE.value)  # a new card has nobody to merge into
    assert not model.setData(broken, Choice.CREATE.value)
    assert not model.setData(new_card, "nonsense")
    assert not model.setData(model.index(1, PreviewModel.NAME), "x")
    assert model.setData(new_card, Choice.SKIP.value)
    assert model.choices()[1] is Choice.SKIP


def test_the_dialog_starts_with_the_suggested_choices_and_counts(qtbot, plan: ImportPlan) -> None:
    dialog = PreviewDialog(plan, now=NOW)
    qtbot.addWidget(dialog)
    assert dialog.choices() == {
        0: Choice.MERGE,
        1: Choice.CREATE,
        2: Choice.MERGE,
        3: Choice.CREATE,
    }
    assert dialog.summary.text() == (
        "5 cards: 2 new, 1 matches someone you know, 1 is the same as another card, "
        "1 could not be read."
    )
    assert dialog.counts.text() == (
        "Will create 2 people, merge 1 into people you know, combine 1 with another card. "
        "1 card cannot be read."
    )
    assert dialog.import_button.isEnabled()
    assert not dialog.reimport.isVisibleTo(dialog)


def test_apply_to_all_and_back_to_the_suggestions(qtbot, plan: ImportPlan) -> None:
    dialog = PreviewDialog(plan, now=NOW)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.create_all, Qt.MouseButton.LeftButton)
    assert dialog.choices() == {
        0: Choice.CREATE,
        1: Choice.CREATE,
        2: Choice.CREATE,
        3: Choice.CREATE,
    }
    assert dialog.counts.text().startswith("Will create 4 people.")
    qtbot.mouseClick(dialog.skip_all, Qt.MouseButton.LeftButton)
    assert dialog.choices() == {0: Choice.SKIP, 1: Choice.CREATE, 2: Choice.SKIP, 3: Choice.CREATE}
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.choices()[0] is Choice.MERGE and dialog.choices()[2] is Choice.MERGE


def test_one_row_changed_with_its_combo_box(qtbot, plan: ImportPlan) -> None:
    dialog = PreviewDialog(plan, now=NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    index = dialog.model.index(0, PreviewModel.CHOICE)
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    combo = dialog.table.findChild(QComboBox)
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["Merge", "Create new", "Skip"]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert dialog.choices()[0] is Choice.SKIP
    assert dialog.model.data(index) == "Skip"
    assert dialog.counts.text().startswith(
        "Will create 2 people, combine 1 with another card, skip 1"
    )


def test_selected_rows_changed_together(qtbot, plan: ImportPlan) -> None:
    dialog = PreviewDialog(plan, now=NOW)
    qtbot.addWidget(dialog)
    dialog.table.selectAll()
    dialog.set_selected(Choice.SKIP)
    assert set(dialog.choices().values()) == {Choice.SKIP}
    assert not dialog.import_button.isEnabled()  # nothing left to import


def test_a_reimport_says_so_and_offers_skip(qtbot, db: Database, tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(CARDS)
    importing.apply_import(db, importing.plan_import(db, [path]))
    again = importing.plan_import(db, [path])
    dialog = PreviewDialog(again, now=NOW)
    qtbot.addWidget(dialog)
    statuses = texts(dialog.model, PreviewModel.STATUS)
    assert statuses.count("already imported") == 4
    assert dialog.reimport.isVisibleTo(dialog)
    assert dialog.reimport.text().startswith("You imported this file before (contacts.vcf, ")
    assert dialog.skip_imported.isVisibleTo(dialog)
    assert set(dialog.choices().values()) == {Choice.SKIP}
    dialog.model.set_choices({0: Choice.MERGE})
    assert dialog.import_button.isEnabled()
    first = dialog.model.index(0, 0).data(CARD_ROLE)
    assert first.decision is Decision.ALREADY_IMPORTED


def test_the_details_show_the_selected_card(qtbot, plan: ImportPlan) -> None:
    dialog = PreviewDialog(plan, now=NOW)
    qtbot.addWidget(dialog)
    assert dialog.details.text().startswith("matches Carol Roth — same email")
    assert "Phone: +1 415 555 0100" in dialog.details.text()
    dialog.table.setCurrentIndex(dialog.model.index(4, 0))
    assert dialog.details.text() == (
        "contacts.vcf, card 5 (line 21): contains binary data; the file may be damaged"
    )
    assert dialog.details.textFormat() is Qt.TextFormat.PlainText
    assert isinstance(dialog.model.index(0, 0), QModelIndex)
