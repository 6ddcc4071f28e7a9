"""Help ▸ About: version, the data folder with a button that opens it, and licences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialogButtonBox

from relapp import __version__
from relapp.ui import about_dialog
from relapp.ui.about_dialog import AboutDialog, bundled_libraries


def test_every_library_has_a_version_and_a_licence(qapp) -> None:
    libraries = {info.name: info for info in bundled_libraries()}
    for name in ("Qt", "PySide6", "peewee", "pyqtgraph", "vobject", "NumPy"):
        assert libraries[name].version, name
        assert libraries[name].licence, name
    assert libraries["PySide6"].licence.startswith("LGPL")
    assert "MIT" in libraries["peewee"].licence


def test_the_dialog_shows_version_folder_and_licences(qtbot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert str(tmp_path) in dialog.folder_label.text()
    assert dialog.table.rowCount() == len(dialog.libraries)
    texts = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert any("Apache" in t for t in texts)
    assert dialog.title_label.text() == f"Relapp {__version__}"


def test_open_data_folder_opens_it_in_the_file_manager(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(
        about_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    dialog = AboutDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.open_button.click()
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "data")]
    assert (tmp_path / "data").is_dir()


def test_nothing_in_the_dialog_lies_over_anything_else(qtbot, tmp_path: Path) -> None:
    """Seen in the e2e pictures: the table of libraries was given its whole height as a
    minimum, more than the dialog had once the wrapped texts took theirs, and the Close
    button was drawn over its last rows."""
    dialog = AboutDialog(tmp_path / "a folder with a rather long name" / "and another")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    parts = [dialog.table, dialog.folder_label, dialog.log_label, dialog.open_button]
    parts.append(dialog.findChild(QDialogButtonBox))
    for n, one in enumerate(parts):
        for other in parts[n + 1 :]:
            assert not one.geometry().intersects(other.geometry()), (one, other)
        assert dialog.rect().contains(one.geometry()), one
