"""File ▸ Imports… and entries a capture grew: a capture that found new messages on a
thread-day captured before grows that day's entry instead of adding one (m0013); the
Imports list and the undo question say how many it added and how many it grew, and
undoing it from the list puts the grown entry back as it was. Real SQLite, real window."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from relapp.domain.model import ContactKind, ContactPoint, Direction, PersonDraft
from relapp.services import capture, importing, interactions, people
from relapp.storage import Database
from relapp.ui.importing.batches_dialog import BatchesDialog
from relapp.ui.importing.feature import ImportFeature
from relapp.ui.main_window import MainWindow
from tests.capture.generators.mail import BASE, Mail, conversation, write_mbox

ME = "me@example.com"
NOW = BASE + timedelta(days=30)
TZ = ZoneInfo("Europe/Berlin")


def person(db: Database, name: str, email: str) -> int:
    points = (ContactPoint(ContactKind.EMAIL, email),)
    return people.add_person(db, PersonDraft(name, contact_points=points)).id


def mails(grown: bool) -> list[Mail]:
    """Carol's thread (one message; with ``grown`` my reply that day too) and, with
    ``grown``, a new thread with Dan."""
    out = conversation("Carol Roth <carol@example.org>", 2 if grown else 1)
    if grown:
        out.append(Mail(sender=ME, to=("Dan Berg <dan@example.org>",), message_id="d1"))
    return out


def capture_file(db: Database, path: Path) -> capture.CaptureResult:
    plan = capture.plan_capture(db, [path], me=(ME,), now=NOW, tz=TZ)
    return capture.apply_capture(db, plan, backup_first=False)


@pytest.fixture
def feature(window: MainWindow) -> ImportFeature:
    found = window.features.get(ImportFeature)
    assert found is not None
    return found


def column(dialog: BatchesDialog, title: str) -> int:
    titles = [
        dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
    ]
    return titles.index(title)


def test_the_imports_list_and_its_undo_say_what_was_grown_and_undo_puts_it_back(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    carol = person(db, "Carol Roth", "carol@example.org")
    dan = person(db, "Dan Berg", "dan@example.org")
    path = tmp_path / "All mail.mbox"
    capture_file(db, write_mbox(path, mails(grown=False)))
    [entry] = interactions.history_page(db, carol, 0, 10)
    assert (entry.message_count, entry.interaction.direction) == (1, Direction.INBOUND)
    second = capture_file(db, write_mbox(path, mails(grown=True)))
    assert (second.interactions, second.grown) == (1, 1)
    batches = importing.list_batches(db)
    assert [(b.interactions, b.grown) for b in batches] == [(1, 1), (1, 0)]

    feature.batches_action.trigger()
    dialog = feature.batches_dialog
    assert dialog is not None and dialog.table.rowCount() == 2
    history = column(dialog, "History")
    assert dialog.table.item(0, history).text() == "1 entry added, 1 grown"
    assert dialog.table.item(1, history).text() == "1 entry added"
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)  # the newest
    box = feature.question
    assert box is not None and box.isVisible()
    assert "The 1 history entry it captured is removed" in box.text()
    assert (
        "The 1 entry it grew (a day captured before that had new messages) is put back "
        "as it was." in box.text()
    )
    assert "people" not in box.text()  # it added nobody and merged into nobody
    undo = next(b for b in box.buttons() if b.text() == "Undo Import")
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.last_undo is not None, timeout=10000)
    assert feature.last_undo is not None and feature.last_undo.grown == 1
    [back] = interactions.history_page(db, carol, 0, 10)
    assert back.interaction.id == entry.interaction.id
    assert (back.message_count, back.interaction.direction) == (1, Direction.INBOUND)
    assert back.interaction.summary == entry.interaction.summary
    assert interactions.history_count(db, dan) == 0
    # the list keeps what the undone capture did
    assert dialog.table.item(0, history).text() == "1 entry added, 1 grown"
    assert dialog.table.item(0, column(dialog, "State")).text().startswith("undone")


def test_a_capture_that_only_grew_says_so(qtbot, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from relapp.domain.importing.records import ImportBatch

    at = datetime(2025, 3, 12, 9, tzinfo=UTC)
    only_grown = ImportBatch(1, "All mail", "", at, 0, 0, 0, 0, interactions=0, grown=3)
    cards = ImportBatch(2, "people.vcf", "", at, 30, 0, 0, 0)
    dialog = BatchesDialog([only_grown, cards], lambda _batch: None)
    qtbot.addWidget(dialog)
    history = column(dialog, "History")
    assert dialog.table.item(0, history).text() == "3 entries grown"
    assert dialog.table.item(1, history).text() == ""
    assert only_grown.is_capture


def test_what_a_capture_did_in_german(german: str, qtbot) -> None:
    from datetime import UTC, datetime

    from relapp.domain.importing.records import ImportBatch
    from relapp.ui.importing.batches_dialog import history_text, undo_details

    at = datetime(2025, 3, 12, 9, tzinfo=UTC)
    batch = ImportBatch(1, "All mail", "", at, 2, 0, 0, 0, interactions=12, grown=3)
    assert history_text(batch) == "12 Einträge hinzugefügt, 3 ergänzt"
    assert history_text(ImportBatch(2, "x", "", at, 0, 0, 0, 0, grown=1)) == "1 Eintrag ergänzt"
    assert undo_details(batch) == (
        "Die 12 Verlaufseinträge, die er erfasst hat, werden entfernt. "
        "Die 3 Einträge, die er ergänzt hat (schon erfasste Tage mit neuen Nachrichten), "
        "werden wiederhergestellt, wie sie waren. "
        "Die 2 Personen, die er hinzugefügt hat, werden entfernt (außer Sie haben seitdem "
        "etwas mit ihnen eingetragen oder sie bearbeitet: dann werden sie archiviert)."
    )
    dialog = BatchesDialog([batch], lambda _batch: None)
    qtbot.addWidget(dialog)
    assert column(dialog, "Verlauf") == 4
