"""File ▸ Export… and Person ▸ Export Person as vCard…: the choices, the file written off
the GUI thread, and what the status bar says."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from relapp.domain.vcard import read_vcard_file
from relapp.paths import AppPaths
from relapp.services.exporting import ExportError
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.exporting import feature as feature_module
from relapp.ui.exporting.dialog import ExportDialog, ExportFormat
from relapp.ui.exporting.feature import ExportFeature, file_name_for
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner
from tests import export_fixture


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return export_fixture.build(db)


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner, ids) -> MainWindow:
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


@pytest.fixture
def chosen(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    """The save dialog, answered with a file in tmp_path; records what it was offered."""
    offered: list[tuple[ExportFormat, Path]] = []
    feature = window.features.get(ExportFeature)
    assert feature is not None

    def choose(fmt: ExportFormat, suggested: Path) -> Path:
        offered.append((fmt, suggested))
        return tmp_path / "out" / suggested.name

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(feature, "choose_path", choose)
    return offered


def open_dialog(qtbot, window: MainWindow) -> tuple[ExportFeature, ExportDialog]:
    feature = window.features.get(ExportFeature)
    assert feature is not None
    feature.export_action.trigger()
    qtbot.waitUntil(lambda: feature.dialog is not None and feature.dialog.isVisible())
    assert feature.dialog is not None
    return feature, feature.dialog


def finish(qtbot, feature: ExportFeature) -> None:
    qtbot.waitUntil(lambda: feature.last_result is not None and not feature.busy, timeout=5000)


def test_export_everyone_as_vcard_3_0(qtbot, window: MainWindow, chosen: list) -> None:
    feature, dialog = open_dialog(qtbot, window)
    assert dialog.everyone.text() == "Everyone (4 people)"
    assert dialog.include_archived.text() == "Include archived people (1)"
    dialog.select(ExportFormat.VCARD_3)
    dialog.accept()
    finish(qtbot, feature)

    ((fmt, suggested),) = chosen
    assert fmt is ExportFormat.VCARD_3 and suggested.suffix == ".vcf"
    written = feature.last_result.path
    cards = read_vcard_file(written).cards
    assert len(cards) == 4 and {c.version for c in cards} == {"3.0"}
    assert "Exported 4 people as vCard 3.0" in window.statusBar().currentMessage()


def test_export_everything_as_relapp_json(qtbot, window: MainWindow, chosen: list) -> None:
    feature, dialog = open_dialog(qtbot, window)
    dialog.select(ExportFormat.JSON)
    assert not dialog.everyone.isEnabled() and not dialog.include_archived.isEnabled()
    assert dialog.json_note.isVisibleTo(dialog)
    dialog.accept()
    finish(qtbot, feature)

    data = json.loads(feature.last_result.path.read_text(encoding="utf-8"))
    assert data["format"] == "relapp" and len(data["people"]) == 5
    assert chosen[0][1].name.startswith("Relapp ") and chosen[0][1].suffix == ".json"
    assert "5 people, 5 interactions, 3 introductions, 4 promises" in (
        window.statusBar().currentMessage()
    )


def test_only_the_person_on_screen(qtbot, window: MainWindow, chosen: list, ids) -> None:
    window.open_person(ids["html"])
    qtbot.waitUntil(lambda: window.page.person is not None)
    feature, dialog = open_dialog(qtbot, window)
    # A name is shown as it is (cut if long), "&" doubled so it is not read as a shortcut.
    assert dialog.only_person.text().startswith('Only <b>Bold</b> && <img src="x"')
    assert dialog.only_person.text().endswith("…")
    dialog.only_person.setChecked(True)
    assert not dialog.include_archived.isEnabled()
    dialog.accept()
    finish(qtbot, feature)

    names = [c.draft.display_name for c in read_vcard_file(feature.last_result.path).cards]
    assert names == [export_fixture.HTML_NAME]
    assert "<" not in chosen[0][1].name and chosen[0][1].suffix == ".vcf"


def test_person_menu_exports_the_person_on_screen(
    qtbot, window: MainWindow, chosen: list, ids
) -> None:
    feature = window.features.get(ExportFeature)
    assert feature is not None
    window.menus["person"].aboutToShow.emit()
    assert not feature.person_action.isEnabled()
    window.open_person(ids["ada"])
    qtbot.waitUntil(lambda: window.page.person is not None)
    window.menus["person"].aboutToShow.emit()
    assert feature.person_action.isEnabled()

    feature.person_action.trigger()
    finish(qtbot, feature)

    assert chosen[0][1].name == "Ada Lovelace.vcf"
    (card,) = read_vcard_file(feature.last_result.path).cards
    assert card.draft.emails() == ["ada@example.com", "addie@example.org"]
    assert card.version == "4.0"


def test_the_export_runs_off_the_gui_thread(
    qtbot, window: MainWindow, chosen: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = feature_module.export_vcards

    def spy(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(feature_module, "export_vcards", spy)
    feature, dialog = open_dialog(qtbot, window)
    dialog.accept()
    finish(qtbot, feature)
    assert threads and threads[0] is not threading.main_thread()


def test_a_failed_export_is_explained(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = window.features.get(ExportFeature)
    assert feature is not None
    shown: list[BaseException] = []
    monkeypatch.setattr(feature, "choose_path", lambda fmt, s: tmp_path / "gone" / s.name)
    monkeypatch.setattr(feature_module, "show_error", lambda parent, error: shown.append(error))
    _, dialog = open_dialog(qtbot, window)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)

    assert isinstance(shown[0], ExportError)
    assert not feature.busy and feature.export_action.isEnabled()
    assert "nothing was written" in window.statusBar().currentMessage()


def test_cancelling_the_file_choice_writes_nothing(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = window.features.get(ExportFeature)
    assert feature is not None
    monkeypatch.setattr(feature, "choose_path", lambda fmt, s: None)
    _, dialog = open_dialog(qtbot, window)
    dialog.accept()
    qtbot.wait(50)
    assert feature.last_result is None and not feature.busy


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "Ada Lovelace.vcf"),
        ("AC/DC: live?", "AC DC live.vcf"),
        ("  ...  ", "person.vcf"),
        ("Zoë Łukasz", "Zoë Łukasz.vcf"),
    ],
)
def test_file_names_from_people_names(name: str, expected: str) -> None:
    assert file_name_for(name, ".vcf") == expected
