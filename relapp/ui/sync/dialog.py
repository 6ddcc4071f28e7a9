"""Settings ▸ Sync…: the server, the user name and the password (kept in the system
keyring, never in Relapp's files), which parts sync (people, promises, history), and how
the last sync went."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import N_, _
from relapp.services.sync.engine import Account
from relapp.ui.widgets.plain_label import plain_label

INTRO = N_(
    "Relapp syncs your people with the CardDAV server you already use (Radicale, "
    "Nextcloud, Baïkal, Fastmail, iCloud…), into an address book named “Relapp people”. "
    "The password is kept in the system keyring."
)
PARTS = ("people", "promises", "history")
PART_LABELS = {
    "people": N_("&People (address book, CardDAV)"),
    "promises": N_("P&romises (tasks, CalDAV)"),
    "history": N_("&History and introductions (journal, CalDAV)"),
}


@dataclass(frozen=True)
class Parts:
    """Which parts sync; each can be switched off."""

    people: bool = True
    promises: bool = True
    history: bool = True

    def on(self, part: str) -> bool:
        return bool(getattr(self, part))


class SyncDialog(QDialog):
    """``problem``: shown above the fields (a refused password: type it again).
    ``last``: the server's last result in words. ``supported``: the parts this Relapp
    can sync; the others are shown switched on but disabled, with a note."""

    def __init__(
        self,
        parent: QWidget | None,
        account: Account | None,
        *,
        parts: Parts | None = None,
        last: str = "",
        problem: str = "",
        supported: tuple[str, ...] = PARTS,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sync"))
        intro = QLabel(_(INTRO))
        intro.setWordWrap(True)
        self.problem = plain_label(problem)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.url = QLineEdit(account.url if account else "")
        self.url.setPlaceholderText("https://dav.example.com/")
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            _("kept in the system keyring")
            if account
            else _("an app password for iCloud, Fastmail")
        )
        chosen = parts or Parts()
        self.parts: dict[str, QCheckBox] = {}
        for part in PARTS:
            box = QCheckBox(_(PART_LABELS[part]))
            box.setChecked(chosen.on(part))
            if part not in supported:
                box.setEnabled(False)
                box.setToolTip(_("Not synced by this version of Relapp yet"))
            self.parts[part] = box
        self.last = plain_label(last or _("Not synced yet"))
        self.last.setWordWrap(True)
        self.last.setObjectName("syncLastResult")
        form = QFormLayout()
        form.addRow(_("Server:"), self.url)
        form.addRow(_("User name:"), self.user)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Sync:"), self.parts["people"])
        form.addRow("", self.parts["promises"])
        form.addRow("", self.parts["history"])
        form.addRow(_("Last sync:"), self.last)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Sync Now"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.url, self.user):
            field.textChanged.connect(self._update)
        self._update()
        if problem and account:
            self.password.setFocus()

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

    def chosen_parts(self) -> Parts:
        return Parts(**{part: box.isChecked() for part, box in self.parts.items()})
