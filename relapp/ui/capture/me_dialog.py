"""Settings ▸ My Addresses…: the emails, phone numbers and chat names that are you when
history is captured, one a line. Saved on the worker; a line that is none of them stays
for correction."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from relapp.domain.i18n import _
from relapp.ui.widgets.plain_label import plain_label


class MyAddressesDialog(QDialog):
    def __init__(
        self,
        addresses: tuple[str, ...],
        save: Callable[[list[str]], None],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("My Addresses"))
        self._save = save
        layout = QVBoxLayout(self)
        explained = _(
            "Your email addresses, phone numbers and chat names (your name as WhatsApp "
            "or Telegram show it), one a line. Mail and messages from them count as "
            "sent by you."
        )
        layout.addWidget(plain_label(explained))
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(_("My Addresses"))  # a screen reader's name for it
        self.editor.setAccessibleDescription(explained)
        self.editor.setPlainText("\n".join(addresses))
        layout.addWidget(self.editor)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def addresses(self) -> list[str]:
        return [line.strip() for line in self.editor.toPlainText().splitlines() if line.strip()]

    def _accepted(self) -> None:
        self.setEnabled(False)
        self._save(self.addresses())

    def saved(self) -> None:
        self.accept()

    def refused(self) -> None:
        self.setEnabled(True)
