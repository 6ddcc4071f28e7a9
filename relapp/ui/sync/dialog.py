"""Settings ▸ Sync…: the server, the user name and the password (kept in the system
keyring, never in Relapp's files)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relapp.services.sync.engine import Account

INTRO = (
    "Relapp syncs your people with the CardDAV server you already use (Radicale, "
    "Nextcloud, Baïkal, Fastmail, iCloud…), into an address book named “Relapp people”. "
    "The password is kept in the system keyring."
)


class SyncDialog(QDialog):
    def __init__(self, parent: QWidget | None, account: Account | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.url = QLineEdit(account.url if account else "")
        self.url.setPlaceholderText("https://dav.example.com/")
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            "kept in the system keyring" if account else "an app password for iCloud, Fastmail"
        )
        form = QFormLayout()
        form.addRow("Server:", self.url)
        form.addRow("User name:", self.user)
        form.addRow("Password:", self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sync Now")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.url, self.user):
            field.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.url.text().strip() and self.user.text().strip()))

    def account(self) -> Account:
        url = self.url.text().strip()
        if "://" not in url:
            url = "https://" + url
        return Account(url, self.user.text().strip())

    def typed_password(self) -> str:
        return self.password.text()
