"""Sync from the window: Settings ▸ Sync… asks for the server and the password, then
syncs people now, as one write on ``shell.runner`` (the one writer: other saves wait
behind it, the GUI thread never does). What was received is announced to the window;
what happened is said in the status bar.

Not here yet (next): a sync every few minutes and shortly after a change, the status
line with back-off ("Offline — will retry"), and promises and history over CalDAV.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from relapp.domain.changes import Changes
from relapp.services.sync import engine
from relapp.services.sync.engine import Account, SyncIncomplete, SyncResult
from relapp.services.sync.tally import Tally
from relapp.ui.shell import Shell
from relapp.ui.sync.dialog import SyncDialog


def install(shell: Shell) -> SyncFeature:
    return SyncFeature(shell)


class SyncFeature(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.running = False
        self.last: SyncResult | None = None
        self.last_problem = ""
        self.action = QAction("S&ync…", shell.widget)
        self.action.setStatusTip("Sync your people with your CardDAV server")
        self.action.triggered.connect(self.open_dialog)
        shell.add_actions("settings", self.action)

    def open_dialog(self) -> None:
        dialog = SyncDialog(self.shell.widget, engine.stored_account(self.shell.db))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.sync_now(dialog.account(), dialog.typed_password())

    def sync_now(self, account: Account, typed_password: str = "") -> None:
        if self.running:
            self.shell.tell("A sync is under way.")
            return
        password = typed_password
        if password:
            try:
                engine.store_password(account, password)
            except Exception:
                self.shell.tell(
                    "The system has no keyring to keep the password in: you will be "
                    "asked for it again next time.",
                    10000,
                )
        else:
            try:
                password = engine.password_for(account)
            except engine.NoPassword as error:
                self.last_problem = str(error)
                self.shell.tell(f"Not synced: {error}", 10000)
                return
        self.running = True
        self.shell.tell(f"Syncing with {account.url}…", 0)
        db = self.shell.db
        self.shell.runner.write(
            lambda: engine.sync(db, account, password),
            self._done,
            self._failed,
            name="the sync",
        )

    def _announce(self, tally: Tally) -> None:
        if tally.received_new or tally.received_changed or tally.received_deleted or tally.merged:
            self.shell.announce(Changes.all())

    def _done(self, result: SyncResult) -> None:
        self.running = False
        self.last = result
        self.last_problem = ""
        self._announce(result.people)
        self.shell.tell(engine.summary(result.people), 10000)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if not isinstance(error, SyncIncomplete):
            self.shell.report_error(error)
            return
        self._announce(error.tally)
        self.last_problem = str(error)
        self.shell.tell(
            f"The sync did not complete: {error}. What was done is kept; the next sync "
            "goes on from there.",
            15000,
        )
