"""LANGUAGE=de: the window's menus, Today, the brief, a reminder and Qt's own buttons in
German (the `german` fixture compiles resources/locale/de); English again afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.paths import AppPaths
from relapp.services import introductions, people
from relapp.services import promises as promise_service
from relapp.storage import Database, open_database
from relapp.ui import qt_translations
from relapp.ui.app import open_window
from relapp.ui.health.feature import HealthFeature
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.promises.desktop_reminders import note_for
from relapp.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def german_qt(german: str, qapp: QApplication) -> Iterator[str]:
    app = qapp  # pytest-qt's: run alone, this test would otherwise find no application
    assert qt_translations.install(app), "qtbase_de.qm not found in PySide6's translations"
    yield german
    from relapp import i18n

    i18n.install({"LANGUAGE": "en"})
    qt_translations.install(app)


@pytest.fixture
def german_window(
    german_qt: str, qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> MainWindow:
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


def test_the_menus_and_tabs_are_german(german_window: MainWindow) -> None:
    titles = [a.text() for a in german_window.menuBar().actions()]
    assert titles[:3] == ["&Datei", "&Bearbeiten", "&Person"]
    assert "&Ansicht" in titles and "&Hilfe" in titles
    file_menu = german_window.menuBar().actions()[0].menu()
    assert "&Beenden" in [a.text() for a in file_menu.actions()]
    tabs = german_window.left_tabs
    assert {"Personen", "Heute", "Fällig"} <= {tabs.tabText(i) for i in range(tabs.count())}
    person_menu = german_window.menuBar().actions()[2].menu()
    assert "Kontakt &eintragen…" in [a.text() for a in person_menu.actions()]
    assert "&Neue Person…" in [a.text() for a in file_menu.actions()]


def test_today_is_german(qtbot, german_window: MainWindow, db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    due = datetime.now(UTC) - timedelta(days=3)
    draft = PromiseDraft(carol, Promiser.ME, "send the quotes", Channel.EMAIL, due)
    promise_service.create_promise(db, draft, now=due - timedelta(days=1))
    feature = german_window.features.get(HealthFeature)
    with qtbot.waitSignal(feature.today.loaded, timeout=10_000):
        feature.show_today()
    today = feature.today
    heading = today.date_label.text()
    weekdays = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    assert heading.split(",")[0] in weekdays, heading
    rows = [row.why for row in today.model.rows]
    assert any(why.startswith("Du hast versprochen: send the quotes (") for why in rows), rows
    assert today.status.text() == "1 Person."


def test_the_brief_is_german(qtbot, german_window: MainWindow, db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    dan = people.add_person(db, PersonDraft("Dan Whitaker")).id
    introductions.record_introduction(
        db, IntroductionDraft(carol, None, dan, date(2024, 3, 1), "bei SmallBiz")
    )
    feature = german_window.features.get(IntroductionsFeature)
    german_window.open_person(dan)
    qtbot.waitUntil(
        lambda: feature.brief.brief is not None and feature.brief.brief.person_id == dan
    )
    qtbot.waitUntil(lambda: german_window.runner.idle)
    brief = feature.brief
    assert brief.title.text() == "Kurzüberblick"
    (intro,) = brief.texts("introduction")
    assert intro.startswith("Vorgestellt von Carol Roth · 1. März 2024, vor ")
    assert brief.texts("recent") == ["Noch nie — das wäre der erste"]
    assert brief.texts("you_owe") == ["nichts offen"]


def test_a_reminder_and_qt_buttons_are_german(german_qt: str) -> None:
    from relapp.services.promises import Announcement

    note = note_for(Announcement("Jeff anrufen: send the pricing", "", 7, (3,)))
    assert [text for _key, text in note.actions] == [
        "Öffnen",
        "Öffnen",
        "Erledigt",
        "1 Stunde zurückstellen",
    ]
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Abbrechen"


def test_english_is_unchanged_without_a_language(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:3] == ["&File", "&Edit", "&Person"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_cli_speaks_german_with_language_de(tmp_path: Path) -> None:
    open_database(tmp_path / "relapp.sqlite3").close()
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANGUAGE="de", TZ="UTC")
    env.pop("RELAPP_DATA_DIR", None)
    run = [sys.executable, "-m", "relapp", "--data-dir", str(tmp_path)]
    today = subprocess.run([*run, "today"], capture_output=True, text=True, env=env, timeout=120)
    assert today.returncode == 0, today.stderr
    assert today.stdout.splitlines()[0].startswith("Heute — ")
    assert "Heute braucht dich niemand." in today.stdout
    due = subprocess.run([*run, "due"], capture_output=True, text=True, env=env, timeout=120)
    assert due.stdout.strip() == "Nichts fällig: keine offenen Versprechen."
    show = subprocess.run(
        [*run, "show", "Zed"], capture_output=True, text=True, env=env, timeout=120
    )
    assert show.returncode == 1
    assert show.stderr.strip() == "relapp show: niemand passt zu 'Zed'."
    env["LANGUAGE"] = "en"
    english = subprocess.run([*run, "due"], capture_output=True, text=True, env=env, timeout=120)
    assert english.stdout.strip() == "Nothing due: no open promises."


def test_a_history_entry_reads_german_with_others_and_where_it_was_captured(
    german: str,
) -> None:
    """The history list is the most-read view: its "with", its capture mark and its
    "(no summary)" were English in a German window."""
    from datetime import UTC, datetime

    from relapp.domain.model import (
        Channel,
        Direction,
        HistoryEntry,
        Interaction,
        PersonRef,
    )
    from relapp.ui.history_delegate import describe_entry

    moment = datetime(2026, 10, 8, 14, 0, tzinfo=UTC)
    entry = HistoryEntry(
        Interaction(moment, Channel.EMAIL, Direction.BOTH, (1, 2), "", id=1),
        (PersonRef(2, "Ed Navarro"),),
        captured_from="mbox",
        message_count=3,
    )
    first, summary = describe_entry(entry)
    assert "mit Ed Navarro" in first, first
    assert "aus E-Mails erfasst, 3 Nachrichten" in first, first
    assert "with" not in first and "captured" not in first, first
    assert summary == "(keine Zusammenfassung)"


def test_a_contacts_well_known_labels_read_german_and_are_stored_as_they_were(
    qtbot, german_window: MainWindow, db: Database
) -> None:
    """Seen in the German demo: Carol's page said "Work" and "Mobile". The well-known
    labels are English words in the database (vCard's TYPE words, what exports and sync
    write), shown in German on the page and in the editor, and saved back as the same
    word; a label the user typed is shown and kept as typed."""
    from PySide6.QtWidgets import QFormLayout

    from relapp.domain.model import ContactKind, ContactPoint
    from relapp.ui.widgets.contact_points_editor import ContactPointsEditor

    points = (
        ContactPoint(ContactKind.EMAIL, "carol@roth.example", "work"),
        ContactPoint(ContactKind.PHONE, "+1 415 555 0100", "mobile"),
        ContactPoint(ContactKind.PHONE, "+1 415 555 0101", "Boot"),
    )
    carol = people.add_person(db, PersonDraft("Carol Roth", contact_points=points)).id
    german_window.open_person(carol)
    page = german_window.page
    qtbot.waitUntil(lambda: page.person is not None and page.person.id == carol)
    form = page.contact_form
    role = QFormLayout.ItemRole.LabelRole
    captions = [form.itemAt(row, role).widget().text() for row in range(form.rowCount())]
    assert captions == ["Geschäftlich", "Mobil", "Boot"]
    editor = ContactPointsEditor()
    qtbot.addWidget(editor)
    editor.set_points(points)
    shown = [row.label_combo.currentText() for row in editor.rows]
    assert shown == ["geschäftlich", "mobil", "Boot"]
    offered = [editor.rows[1].label_combo.itemText(i) for i in range(4)]
    assert offered == ["mobil", "privat", "geschäftlich", "sonstige"]
    editor.rows[2].label_combo.setEditText("privat")  # chosen from the German list
    assert [p.label for p in editor.points()] == ["work", "mobile", "home"]
