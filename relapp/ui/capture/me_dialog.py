"""Settings ▸ My Addresses…: the emails and phone numbers that are you when history is
captured, one a line. Saved on the worker; a line that is neither stays for correction."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from relapp.ui.widgets.plain_label import plain_label


class MyAddressesDialog(QDialog):
    def __init__(
        self,
        addresses: tuple[str, ...],
        save: Callable[[list[str]], None],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("My Addresses")
        self._save = save
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Your email addresses and phone numbers, one a line. Captured mail from "
                "them counts as sent by you."
            )
        )
        self.editor = QPlainTextEdit(self)
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
