"""LANGUAGE=de: the dialogs beyond the main window speak German too — the person dialog,
importing, merging, backups, exporting, the health overview, the introduction network
and dialog, the settings dialogs, capture, sync — and so do the errors shown, the sync
status and a repeat rule in words. Each opens as a real widget (offscreen) in German
(the `german` fixture compiles resources/locale/de) and a few of its texts are read."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QRadioButton

from relapp.domain import recurrence
from relapp.domain.errors import InvalidInput
from relapp.domain.model import PersonDraft
from relapp.domain.sync.status import Failure, SyncState, status_text
from relapp.paths import AppPaths
from relapp.services import importing, merging, people
from relapp.storage import Database
from relapp.ui.backups.dialog import BackupsDialog
from relapp.ui.capture.me_dialog import MyAddressesDialog
from relapp.ui.errors import describe
from relapp.ui.exporting.dialog import ExportDialog
from relapp.ui.health.overview_page import OverviewPage
from relapp.ui.importing.batches_dialog import BatchesDialog
from relapp.ui.importing.preview_dialog import PreviewDialog
from relapp.ui.introductions.dialog import IntroductionDialog
from relapp.ui.introductions.network_page import NetworkPage
from relapp.ui.merging.confirm_dialog import MergeDialog
from relapp.ui.merging.duplicates_dialog import DuplicatesDialog
from relapp.ui.outreach.settings_dialog import OutreachSettingsDialog
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.sync.dialog import SyncDialog
from relapp.ui.tasks import TaskRunner
from tests.ui.fake_shell import FakeShell


def _texts(widget: object) -> set[str]:
    """Every label, button and check box text under ``widget``."""
    found: set[str] = set()
    for kind in (QLabel, QPushButton, QCheckBox, QRadioButton):
        found |= {child.text() for child in widget.findChildren(kind)}  # type: ignore[attr-defined]
    return found


def test_the_person_dialog_is_german(german: str, qtbot, db: Database, runner: TaskRunner) -> None:
    dialog = PersonDialog(db, runner)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Neue Person"
    texts = _texts(dialog)
    assert {"&Anzeigename:", "&Vorname:", "&Geburtstag:", "Kontaktdaten:"} <= texts
    assert {"E-Mai&l hinzufügen", "Tele&fon hinzufügen"} <= texts
    assert dialog.form.birthday.year_spin.specialValueText() == "ohne Jahr"
    assert dialog.form.preferred_combo.itemText(0) == "Keine Vorliebe"


def test_a_field_error_is_german(german: str, qtbot, db: Database, runner: TaskRunner) -> None:
    dialog = PersonDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.form.birthday.day_combo.setCurrentIndex(3)  # a day without a month
    try:
        dialog.draft()
    except InvalidInput as error:
        assert str(error) == "Geburtstag: wähle Tag und Monat oder keines von beiden."
    else:
        raise AssertionError("a day without a month was accepted")


def test_a_refusal_of_the_services_is_german(german: str, db: Database) -> None:
    try:
        people.add_person(db, PersonDraft(display_name="  "))
    except InvalidInput as error:
        assert str(error) == "Name: eine Person braucht einen Namen."
    else:
        raise AssertionError("a person without a name was stored")


def test_importing_is_german(
    german: str, qtbot, db: Database, runner: TaskRunner, tmp_path: Path
) -> None:
    card = tmp_path / "ada.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    preview = PreviewDialog(importing.plan_import(db, [card]))
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "ada.vcf importieren"
    assert preview.summary.text() == "1 Karte: 1 neu."
    assert preview.import_button.text() == "Importieren"
    assert {"Alle zusammenführen", "Alle überspringen", "Passende Karten:"} <= _texts(preview)
    headers = [preview.model.headerData(c, _horizontal()) for c in range(5)]
    assert headers == ["Karte", "Name", "Status", "Warum", "Aktion"]
    batches = BatchesDialog([], lambda _batch: None)
    qtbot.addWidget(batches)
    assert batches.windowTitle() == "Importe"
    assert batches.undo_button.text() == "Import rückgängig machen …"


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_merging_is_german(german: str, qtbot, db: Database, runner: TaskRunner) -> None:
    ada = people.add_person(db, PersonDraft(display_name="Ada Lovelace"))
    augusta = people.add_person(db, PersonDraft(display_name="Augusta Ada King"))
    first, second = merging.summaries(db, ada.id, augusta.id)
    dialog = MergeDialog(first, second)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Personen zusammenführen"
    assert dialog.merge_button.text() == "&Zusammenführen"
    assert "Behalten" in _texts(dialog)
    assert "0 Kontakte · 0 Versprechen · 0 Vorstellungen" in _texts(dialog)
    duplicates = DuplicatesDialog(db, runner)
    qtbot.addWidget(duplicates)
    assert duplicates.windowTitle() == "Mögliche Doppelte"
    assert duplicates.apart_button.text() == "&Nicht dieselbe Person"


def test_backups_and_exporting_are_german(
    german: str, qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> None:
    shell = FakeShell(db, paths, runner)
    backups = BackupsDialog(shell)
    qtbot.addWidget(backups)
    assert backups.windowTitle() == "Sicherungen"
    assert backups.backup_button.text() == "Jetzt sichern"
    assert backups.list.headerItem().text(0) == "Datum"
    export = ExportDialog(2400, 3, (1, "Ada Lovelace"))
    qtbot.addWidget(export)
    assert export.windowTitle() == "Exportieren"
    assert export.everyone.text() == "Alle (2.400 Personen)"
    assert export.only_person.text() == "Nur Ada Lovelace"
    assert export.export_button.text() == "Exportieren …"


def test_the_health_overview_and_network_are_german(
    german: str, qtbot, db: Database, runner: TaskRunner
) -> None:
    overview = OverviewPage(db, runner)
    qtbot.addWidget(overview)
    assert "Gesundheit deiner Beziehungen" in _texts(overview)
    assert overview.years.itemText(0) == "Letztes Jahr"
    assert overview.years.itemText(1) == "Letzte 2 Jahre"
    network = NetworkPage(db, runner)
    qtbot.addWidget(network)
    assert {"Netz der Vorstellungen", "Alle", "Einpassen"} <= _texts(network)


def test_the_introduction_and_settings_dialogs_are_german(
    german: str, qtbot, db: Database, runner: TaskRunner
) -> None:
    intro = IntroductionDialog(db, runner)
    qtbot.addWidget(intro)
    assert intro.windowTitle() == "Vorstellung festhalten"
    assert "&Ich habe zwei Personen einander vorgestellt" in _texts(intro)
    settings = OutreachSettingsDialog(db, runner=runner)
    qtbot.addWidget(settings)
    assert settings.windowTitle() == "Erinnerungen und Warnungen"
    assert settings.days_before.specialValueText() == "nur am Tag selbst"
    sync = SyncDialog(None, None)
    qtbot.addWidget(sync)
    assert sync.windowTitle() == "Synchronisieren"
    assert {"Benutzername:", "Noch nicht synchronisiert"} <= _texts(sync)
    me = MyAddressesDialog((), lambda _addresses: None, None)
    qtbot.addWidget(me)
    assert me.windowTitle() == "Meine Adressen"


def test_errors_sync_status_and_repeat_rules_are_german(german: str) -> None:
    title, text = describe(sqlite3.OperationalError("database is locked"))
    assert title == "Die Datenbank ist gesperrt"
    assert text.startswith("Ein anderes Programm verwendet diese Datenbank gerade")
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    failed = SyncState(failure=Failure.OFFLINE, failures=1, failed_at=now)
    assert status_text(failed, now).startswith("Offline — neuer Versuch in ")
    synced = SyncState(last_success_at=now - timedelta(minutes=3))
    assert status_text(synced, now) == "Synchronisiert vor 3 Minuten"
    sunday = datetime(2026, 6, 7, 18, 0)
    rule = "FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    assert recurrence.describe(rule, sunday) == "jeden Sonntag um 18:00"
    assert (
        recurrence.describe("FREQ=WEEKLY;INTERVAL=2", sunday) == "alle 2 Wochen am Sonntag um 18:00"
    )
    monday = datetime(2026, 6, 1, 9, 0)
    assert (
        recurrence.describe("FREQ=MONTHLY;BYDAY=1MO", monday)
        == "am ersten Montag jedes Monats um 09:00"
    )
    assert recurrence.describe("FREQ=YEARLY", datetime(2026, 3, 3, 9)) == (
        "jedes Jahr am 3. März um 09:00"
    )
