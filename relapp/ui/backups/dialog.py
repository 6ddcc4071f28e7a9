"""Settings ▸ Backups…: every backup with its date, kind and size; back up now,
restore one, and show the folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.services import backups
from relapp.ui.backups.format import kind_name, size_text, when_text
from relapp.ui.backups.recovery import restored_message
from relapp.ui.backups.restoring import check_off_the_gui, restore_off_the_gui

if TYPE_CHECKING:
    from relapp.ui.shell import Shell

PATH_ROLE = Qt.ItemDataRole.UserRole


class BackupsDialog(QDialog):
    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent or shell.widget)
        self.shell = shell
        self.folder = backups.backups_folder(shell.db.path)
        self.setWindowTitle(_("Backups"))
        self.resize(620, 420)
        intro = QLabel(
            _(
                "Relapp copies its database every day while it runs, before every import and "
                "before an upgrade, keeping 7 daily, 4 weekly and 12 monthly copies."
            )
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setHeaderLabels([_("Date"), _("Made"), _("Size")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(_("No backups yet. Click “Back up now” to make the first one."))
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.reveal_button = QPushButton(_("Reveal folder"))
        self.reveal_button.clicked.connect(self.reveal)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.reveal_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        found = backups.list_backups(self.folder)
        for backup in found:
            item = QTreeWidgetItem(
                [when_text(backup), kind_name(backup.kind), size_text(backup.size)]
            )
            item.setData(0, PATH_ROLE, str(backup.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.list.setVisible(bool(found))
        self.empty.setVisible(not found)
        self._update_buttons()

    def selected_path(self) -> Path | None:
        items = self.list.selectedItems()
        return Path(items[0].data(0, PATH_ROLE)) if items else None

    def _update_buttons(self) -> None:
        self.restore_button.setText(
            _("Restore…") if self.selected_path() else _("Restore from file…")
        )

    def back_up_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText(_("Backing up…"))
        db = self.shell.db
        self.shell.runner.submit(
            lambda: backups.backup_now(db), self._backed_up, self._backup_failed
        )

    def _backed_up(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText(_("Backed up to {file}.").format(file=path.name))
        self.refresh()

    def _backup_failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText("")
        self.shell.report_error(error)

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self,
                _("Restore from a backup"),
                str(self.folder),
                _("Relapp databases (*.sqlite3)"),
            )
            if not name:
                return
            path = Path(name)
        self.restore(path)

    def restore(self, path: Path, *, confirm: bool = True) -> bool:
        """Check and restore the backup at ``path`` off the GUI thread (``restoring``);
        the window keeps turning behind a progress dialog. Relapp quits afterwards."""
        if not check_off_the_gui(self.shell, self, path):
            return False
        if confirm and not self._confirm(path):
            return False
        result = restore_off_the_gui(self.shell, self, path)
        if result is None:
            return False
        restored_message(self, result, restart=True)
        self.accept()
        self.shell.quit()
        return True

    def _confirm(self, path: Path) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Restore this backup?"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(_("Replace everything in Relapp with the backup\n{file}?").format(file=path))
        box.setInformativeText(
            _("What is there now is backed up first. Relapp closes afterwards; start it again.")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def reveal(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
