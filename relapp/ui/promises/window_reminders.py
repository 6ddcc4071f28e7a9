"""Reminders without a system tray: a message box that does not block the window, and
the taskbar entry asks for attention. Relapp never depends on a tray to be reachable."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from relapp.domain.i18n import _
from relapp.services.promises import Announcement


class WindowReminders(QObject):
    openPersonRequested = Signal(int)
    showDueRequested = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.box: QMessageBox | None = None
        self.open_button: QPushButton | None = None
        self.last: Announcement | None = None

    def notify(self, announcement: Announcement) -> None:
        self.last = announcement
        if self.box is None:
            self.box = QMessageBox(self.window)
            self.box.setWindowTitle(_("Relapp reminder"))
            self.box.setIcon(QMessageBox.Icon.Information)
            self.box.setTextFormat(Qt.TextFormat.PlainText)
            self.box.setWindowModality(Qt.WindowModality.NonModal)
            self.open_button = self.box.addButton(_("Open"), QMessageBox.ButtonRole.AcceptRole)
            self.box.addButton(QMessageBox.StandardButton.Close)
            self.box.buttonClicked.connect(self._clicked)
        assert self.open_button is not None
        if announcement.person_id is not None:
            self.open_button.setText(_("Open person"))
        else:
            self.open_button.setText(_("Show what is due"))
        self.box.setText(f"{announcement.title}\n\n{announcement.body}")
        self.box.show()
        self.box.raise_()
        QApplication.alert(self.window)

    def _clicked(self, button: object) -> None:
        if button is not self.open_button or self.last is None:
            return
        if self.last.person_id is not None:
            self.openPersonRequested.emit(self.last.person_id)
        else:
            self.showDueRequested.emit()
