"""The sync status line: a permanent, flat button at the right of the status bar
("Synced 2 minutes ago", "Syncing…", "Offline — will retry in 5 minutes"); clicking it
opens Settings ▸ Sync…. Hidden while no account is set up (its text is empty)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from relapp.domain.i18n import _


class SyncStatusLine(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_("Sync settings (Settings ▸ Sync…)"))
        self.setAccessibleName(_("Sync status"))
        self.words = ""
        self.setVisible(False)

    def show_text(self, words: str) -> None:
        """Plain text: an ampersand from a server's message is shown, not a mnemonic."""
        self.words = words
        self.setText(words.replace("&", "&&"))
        self.setAccessibleDescription(words)
        self.setVisible(bool(words))
