"""Help ▸ About Relapp: version, the data folder (a button opens it), the log, and the
licences of the libraries Relapp is built on (read from their package metadata where it is
there, else from what each project publishes)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp import __version__
from relapp.app_logging import current_log_file
from relapp.domain.i18n import _
from relapp.ui import icons
from relapp.ui.widgets.heading import heading
from relapp.ui.widgets.plain_label import plain_label
from relapp.ui.widgets.user_text import escape_tooltip


@dataclass(frozen=True)
class Library:
    name: str
    distributions: tuple[str, ...]  # package names to read the version from, first found wins
    licence: str  # as the project publishes it (SPDX)


LIBRARIES: tuple[Library, ...] = (
    Library("Qt", (), "LGPL-3.0-only"),
    Library("PySide6", ("PySide6_Essentials", "PySide6"), "LGPL-3.0-only"),
    Library("Shiboken6", ("shiboken6",), "LGPL-3.0-only"),
    Library("peewee", ("peewee",), "MIT"),
    Library("pyqtgraph", ("pyqtgraph",), "MIT"),
    Library("appdirs", ("appdirs",), "MIT"),
    Library("vobject", ("vobject",), "Apache-2.0"),
    Library("python-dateutil", ("python-dateutil",), "Apache-2.0 OR BSD-3-Clause"),
    Library("phonenumbers", ("phonenumbers",), "Apache-2.0"),
    Library("RapidFuzz", ("rapidfuzz",), "MIT"),
    Library("NumPy", ("numpy",), "BSD-3-Clause"),
    Library("Jeepney", ("jeepney",), "MIT"),
    Library("Babel", ("babel",), "BSD-3-Clause"),
    Library("Python", (), "PSF-2.0"),
)


@dataclass(frozen=True)
class LibraryInfo:
    name: str
    version: str
    licence: str


def _metadata_licence(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 40:
        return declared
    return ""


def library_info(library: Library) -> LibraryInfo:
    """Version and licence of one library; metadata wins where it states a short licence."""
    if library.name == "Qt":
        return LibraryInfo("Qt", qVersion(), library.licence)
    if library.name == "Python":
        return LibraryInfo("Python", sys.version.split()[0], library.licence)
    for distribution in library.distributions:
        try:
            meta = metadata.metadata(distribution)
        except metadata.PackageNotFoundError:
            continue
        licence = _metadata_licence(meta) or library.licence
        return LibraryInfo(library.name, meta.get("Version") or "", licence)
    version = pyside_version if library.distributions[:1] == ("PySide6_Essentials",) else ""
    return LibraryInfo(library.name, version, library.licence)


def bundled_libraries() -> list[LibraryInfo]:
    return [library_info(library) for library in LIBRARIES]


def open_folder(folder: Path) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Relapp"))
        self.data_dir = data_dir
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(64, 64))
        self.title_label = title = heading(f"Relapp {__version__}", 1.4)
        tagline = plain_label(
            _(
                "A personal relationship manager: remember people well and keep your word. "
                "Your data stays on this computer."
            )
        )
        title_box = QVBoxLayout()
        title_box.addWidget(title)
        title_box.addWidget(tagline)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(title_box, 1)

        self.folder_label = plain_label(_("Data folder: {folder}").format(folder=data_dir))
        self.open_button = QPushButton(_("Open Data Folder"))
        self.open_button.clicked.connect(lambda: open_folder(self.data_dir))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)
        log_file = current_log_file()
        self.log_label = plain_label(
            _("Log: {file}").format(file=log_file) if log_file else _("Log: not written")
        )

        self.libraries = bundled_libraries()
        table = QTableWidget(len(self.libraries), 3)
        table.setHorizontalHeaderLabels([_("Library"), _("Version"), _("Licence")])
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, info in enumerate(self.libraries):
            for column, text in enumerate((info.name, info.version, info.licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(escape_tooltip(text))
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        # Names and versions whole; a long licence expression is the one cut (its tooltip
        # says it all).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # A few rows at least; the rest scroll. (All of them as the minimum was more than
        # the dialog had once the wrapped texts took theirs: Close was drawn over the table.)
        shown = min(len(self.libraries), 6)
        table.setMinimumHeight(table.verticalHeader().sectionSize(0) * shown + header.height() + 4)
        self.table = table
        licences = plain_label(
            _(
                "Relapp is free software under the MIT licence. It is built on these libraries, "
                "each under its own licence. Qt and PySide6 are used under the LGPL-3.0: you may "
                "replace them with your own build in the bundle's folder."
            )
        )

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(folder_row)
        layout.addWidget(self.log_label)
        layout.addSpacing(8)
        layout.addWidget(licences)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(560, 620)
