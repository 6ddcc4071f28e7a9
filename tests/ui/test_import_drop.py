"""Dropping vCard files on the window imports them; on a person's page, adds them to
that person. A drop is always a copy, and only vCard files are taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.paths import AppPaths
from relapp.services import importing, people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.importing.feature import ImportFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner

DAN = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Smith\r\nEMAIL:dan@smith.example\r\nEND:VCARD\r\n"
ANN = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL:+44 20 7946 0958\r\nEND:VCARD\r\n"


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


@pytest.fixture
def feature(window: MainWindow) -> ImportFeature:
    found = window.features.get(ImportFeature)
    assert found is not None
    return found


def mime_with(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(target: QWidget, mime: QMimeData) -> QDragEnterEvent:
    """A drag entering ``target`` at its centre, proposing a copy; sent."""
    enter = QDragEnterEvent(
        target.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    return enter


def drag_and_drop(target: QWidget, mime: QMimeData, at: QPoint | None = None) -> QDropEvent:
    """A drag over ``target`` and a drop, as Qt delivers them (proposing a move)."""
    # Qt 6 takes an integer point for enter and move and a QPointF for the drop.
    point = at or target.rect().center()
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, buttons, modifiers)
    enter.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted() and enter.dropAction() is Qt.DropAction.CopyAction
    move = QDragMoveEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(point), actions, mime, buttons, modifiers)
    drop.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(target, drop)
    return drop


def imported_from_the_preview(
    qtbot, window: MainWindow, feature: ImportFeature, names: list[str]
) -> None:
    """The preview shows these cards; Import pressed; the window says they came in."""
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible())
    preview = feature.preview
    assert preview is not None
    assert [c.name for c in preview.plan.cards] == names
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.last_result is not None)
    assert window.statusBar().currentMessage() == f"Imported {len(names)} people, merged 0"


def test_dropping_files_on_the_window_opens_the_preview_and_imports_a_copy(
    qtbot, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.vcf", tmp_path / "b.VCF"
    first.write_bytes(DAN)
    second.write_bytes(ANN)
    mime = mime_with(first, second)
    drop = drag_and_drop(window, mime)
    assert drop.isAccepted() and drop.dropAction() is Qt.DropAction.CopyAction
    imported_from_the_preview(qtbot, window, feature, ["Dan Smith", "Ann Lee"])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert first.read_bytes() == DAN and second.read_bytes() == ANN  # copied, never moved


def test_the_window_shows_where_the_files_will_land(
    qtbot, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    path = tmp_path / "a.vcf"
    path.write_bytes(DAN)
    mime = mime_with(path)
    drag_enter(window, mime)
    overlay = feature.drop.overlay
    assert overlay.isVisible() and overlay.caption == "Drop to import a.vcf"
    central = window.centralWidget()
    assert overlay.geometry().topLeft() == central.mapTo(window, QPoint(0, 0))
    assert overlay.size() == central.size()
    assert overlay.grab().toImage().pixelColor(5, overlay.height() // 2).alpha() > 0
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not overlay.isVisible()


def test_dropping_on_a_person_adds_the_card_to_them_after_asking(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    carol = people.add_person(
        db,
        PersonDraft(
            "Carol Roth", contact_points=(ContactPoint(ContactKind.EMAIL, "carol@roth.example"),)
        ),
    )
    window.data_changed((carol.id,), carol.id)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.isVisible())
    path = tmp_path / "dan.vcf"
    path.write_bytes(DAN)
    page = window.page
    mime = mime_with(path)  # held: an event does not keep its mime data alive
    drag_enter(page, mime)
    assert feature.drop.overlay.caption == "Drop to add to Carol Roth"
    assert feature.drop.overlay.size() == page.size()
    drag_and_drop(page, mime)
    qtbot.waitUntil(lambda: feature.confirm is not None and feature.confirm.isVisible())
    box = feature.confirm
    assert box is not None and box.add_button is not None
    assert "+ email dan@smith.example" in box.text()
    assert "The card is for Dan Smith." in box.informativeText()
    assert box.import_instead is not None
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.last_result is not None)
    assert people.get_person(db, carol.id).emails() == ["carol@roth.example", "dan@smith.example"]
    assert people.count_people(db) == 1
    assert window.statusBar().currentMessage() == "Imported 0 people, merged 1"
    (batch,) = importing.list_batches(db)  # undoable like any import
    assert batch.merged == 1


def test_other_files_are_not_taken(
    qtbot, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    mime = mime_with(picture)
    enter = drag_enter(window, mime)
    assert not enter.isAccepted()
    assert not feature.drop.overlay.isVisible()
    assert "Only vCard files" in window.statusBar().currentMessage()
    drop = QDropEvent(
        QPointF(window.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert not drop.isAccepted()
    assert feature.preview is None and not feature.busy


def test_a_dropped_vcf_that_is_no_vcard_says_so_and_changes_nothing(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    fake = tmp_path / "contacts.vcf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    mime = mime_with(fake)
    drag_and_drop(window, mime)
    qtbot.waitUntil(lambda: feature.notice is not None and feature.notice.isVisible())
    assert feature.notice is not None
    assert "contacts.vcf: this is a PNG image, not a vCard file" in feature.notice.text()
    assert feature.notice.textFormat() is Qt.TextFormat.PlainText
    assert feature.preview is None
    assert importing.list_batches(db) == [] and people.count_people(db) == 0


def test_vcard_data_dragged_from_another_program_is_imported(
    qtbot, window: MainWindow, feature: ImportFeature
) -> None:
    mime = QMimeData()
    mime.setData("text/vcard", ANN)
    drag_and_drop(window, mime)
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible())
    assert feature.preview is not None
    assert [c.name for c in feature.preview.plan.cards] == ["Ann Lee"]


def test_a_dropped_folder_of_vcards_imports_the_cards_in_it(
    qtbot, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    """A phone's export: one card a file, in a folder (and one inside it); macOS's
    hidden "._" twins are left alone. The folder is read on the worker."""
    folder = tmp_path / "Contacts"
    (folder / "more").mkdir(parents=True)
    (folder / "dan.vcf").write_bytes(DAN)
    (folder / "more" / "ann.vcf").write_bytes(ANN)
    (folder / "._dan.vcf").write_bytes(b"\x00\x05\x16\x07" + bytes(80))
    mime = mime_with(folder)
    enter = drag_enter(window, mime)
    assert enter.isAccepted()
    assert feature.drop.overlay.caption == "Drop to import Contacts"
    drop = drag_and_drop(window, mime)
    assert drop.isAccepted()
    imported_from_the_preview(qtbot, window, feature, ["Dan Smith", "Ann Lee"])


def test_a_folder_without_vcards_says_so_and_changes_nothing(
    qtbot, db: Database, window: MainWindow, feature: ImportFeature, tmp_path: Path
) -> None:
    folder = tmp_path / "Pictures"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    feature.shell.filesReceived.emit([str(folder)])  # as `relapp ~/Pictures` hands it over
    qtbot.waitUntil(lambda: feature.notice is not None and feature.notice.isVisible())
    assert feature.notice is not None
    assert "Pictures: no vCard files in this folder" in feature.notice.text()
    assert feature.preview is None
    assert importing.list_batches(db) == [] and people.count_people(db) == 0
