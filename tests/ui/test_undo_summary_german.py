"""LANGUAGE=de: what the status bar says after an import is undone is German, as is every
part of it a history capture adds (captured entries removed, grown ones put back, people
kept because you worked with them since)."""

from __future__ import annotations

from pathlib import Path

from relapp.domain.importing.records import UndoResult
from relapp.paths import AppPaths
from relapp.services import importing
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.importing.feature import ImportFeature
from relapp.ui.tasks import TaskRunner

CARDS = b"".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@x.example\r\nEND:VCARD\r\n".encode()
    for n in range(3)
)


def test_the_status_bar_after_an_undo_is_german(
    german: str, qtbot, db: Database, paths: AppPaths, runner: TaskRunner, tmp_path: Path
) -> None:
    cards = tmp_path / "people.vcf"
    cards.write_bytes(CARDS)
    result = importing.apply_import(db, importing.plan_import(db, [cards]))
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    feature = window.features.get(ImportFeature)
    assert feature is not None and result.batch_id is not None
    feature.undo(result.batch_id)
    qtbot.waitUntil(lambda: feature.last_undo is not None)
    said = window.statusBar().currentMessage()
    assert said == "Import rückgängig gemacht: 3 Personen entfernt."


def test_every_part_of_an_undone_capture_is_german(german: str) -> None:
    one = UndoResult(1, deleted=1, restored=1, kept=("Ada",), interactions=1, grown=1)
    assert one.summary() == (
        "Import rückgängig gemacht: 1 gewachsener Verlaufseintrag wie zuvor "
        "wiederhergestellt, 1 erfasster Verlaufseintrag entfernt, 1 Person entfernt, "
        "1 Person wie zuvor wiederhergestellt. 1 Person behalten, die du seitdem geändert "
        "oder mit der du etwas festgehalten hast, archiviert: Ada."
    )
    many = UndoResult(
        2, deleted=0, restored=0, kept=("Ada", "Bo", "Cy", "Di"), interactions=1234, grown=2
    )
    assert many.summary() == (
        "Import rückgängig gemacht: 2 gewachsene Verlaufseinträge wie zuvor "
        "wiederhergestellt, 1.234 erfasste Verlaufseinträge entfernt, 0 Personen entfernt. "
        "4 Personen behalten, die du seitdem geändert oder mit denen du etwas festgehalten "
        "hast, archiviert: Ada, Bo, Cy …."
    )


def test_english_reads_as_before() -> None:
    one = UndoResult(1, deleted=30, restored=0)
    assert one.summary() == "Undid the import: removed 30 people."
    capture = UndoResult(2, deleted=0, restored=2, kept=("Ada",), interactions=1, grown=3)
    assert capture.summary() == (
        "Undid the import: put back 3 grown history entries as they were, removed 1 "
        "captured history entry, removed 0 people, restored 2 people as they were. "
        "Kept 1 person you changed or logged something with since, archived: Ada."
    )
