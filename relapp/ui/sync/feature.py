"""Sync in the window (issue 16): every few minutes and shortly after a local change,
with back-off after a failure, never two at once and never without an account. The
sync talks to the server on a thread of its own and hands each short database step to
``shell.runner`` (the one writer) as a write (``off_writer.OffWriter``): a save made
meanwhile waits for one step, not for the sync; the GUI thread waits for neither. When
and what the status line says come from ``domain.sync.status`` through
:class:`SyncScheduler`; the line sits in the status bar (:class:`SyncStatusLine`) and
opens Settings ▸ Sync…, which sets the server, the password (system keyring only) and
which parts sync.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from relapp.domain.changes import Changes
from relapp.domain.i18n import _
from relapp.services.sync import engine
from relapp.services.sync.engine import Account, SyncIncomplete, SyncResult
from relapp.services.sync.steps import Step
from relapp.services.sync.tally import Tally
from relapp.storage import Database
from relapp.ui.shell import Shell
from relapp.ui.sync.dialog import PARTS, Parts, SyncDialog
from relapp.ui.sync.off_writer import OffWriter, SyncStopped
from relapp.ui.sync.scheduler import SyncScheduler
from relapp.ui.sync.status_line import SyncStatusLine

STARTUP_DELAY_MS = 3000  # the first sync waits for the window to settle
# Which kinds of a change each part syncs (``domain.changes.Changes`` flags).
TRIGGERS = {
    "people": ("persons", "tags", "everyone"),
    "promises": ("promises", "everyone"),
    "history": ("interactions", "introductions", "everyone"),
}


def supported_parts() -> tuple[str, ...]:
    """The parts the engine syncs (each switchable off)."""
    return tuple(p for p in PARTS if p in engine.PARTS)


def install(shell: Shell) -> SyncFeature:
    return SyncFeature(shell)


class SyncFeature(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.running = False
        self.last: SyncResult | None = None
        self.last_problem = ""
        self.dialog: SyncDialog | None = None
        self.client_options: dict[str, Any] = {}  # DavClient keywords (tests: a timeout)
        self._announcing = False
        self._asked_for_password = False
        self.action = QAction(_("S&ync…"), shell.widget)
        self.action.setStatusTip(_("Sync your people with your CardDAV server"))
        self.action.triggered.connect(lambda: self.open_dialog())
        shell.add_actions("settings", self.action)
        self.off_writer = OffWriter(shell.runner, shell.db, self)
        self.scheduler = SyncScheduler(lambda: shell.clock(), self)
        self.status_line = SyncStatusLine()
        self.status_line.clicked.connect(lambda: self.open_dialog())
        shell.add_status_widget(self.status_line)
        self.scheduler.statusChanged.connect(self.status_line.show_text)
        self.scheduler.due.connect(self.sync_stored)
        shell.changed.connect(self._changed)
        QTimer.singleShot(STARTUP_DELAY_MS, self, self.start)

    def start(self) -> None:
        """Sync on its own from now on, when an account is set up (not when the window
        and its database closed before this timer fired)."""
        if not self.shell.db.is_open:
            return
        self.scheduler.set_enabled(engine.stored_account(self.shell.db) is not None)

    # --- the parts -------------------------------------------------------------------------
    def parts(self) -> Parts:
        """The parts that sync: the one setting ``relapp sync`` keeps too (one key read)."""
        on = engine.parts(self.shell.db)
        return Parts(**{p: p in on for p in PARTS})

    def set_parts(self, parts: Parts) -> None:
        """Keep the parts chosen in the window, as a write (before the sync it asks for)."""
        on = {p for p in PARTS if parts.on(p)}
        db = self.shell.db

        def keep() -> None:
            with db.atomic():
                engine.set_parts(db, on)

        self.shell.runner.write(
            keep, lambda _none: None, self.shell.report_error, name="the sync settings"
        )

    def _syncing(self) -> tuple[str, ...]:
        parts = self.parts()
        return tuple(p for p in supported_parts() if parts.on(p))

    def _changed(self, changes: Changes) -> None:
        if self._announcing or not self.scheduler.enabled:
            return
        if any(getattr(changes, kind) for p in self._syncing() for kind in TRIGGERS[p]):
            self.scheduler.changed()

    # --- Settings ▸ Sync… --------------------------------------------------------------------
    def open_dialog(self, problem: str = "") -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = SyncDialog(
            self.shell.widget,
            engine.stored_account(self.shell.db),
            parts=self.parts(),
            last=self.last_result_text(),
            problem=problem,
            supported=supported_parts(),
        )
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog))
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_accepted(self, dialog: SyncDialog) -> None:
        self.set_parts(dialog.chosen_parts())
        self.sync_now(dialog.account(), dialog.typed_password())

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def last_result_text(self) -> str:
        words = self.scheduler.text()
        if self.last_problem:
            return f"{words}\n{self.last_problem}"
        if self.last is not None:
            last = _together(self.last.people, self.last.promises, self.last.history)
            return f"{words}\n{engine.summary(last)}"
        return words

    def ask_for_password(self, why: str = "") -> None:
        """The server refused the password (or there is none): ask in the window, once
        per refusal; the line keeps saying it until a new one is given."""
        if self._asked_for_password:
            return
        self._asked_for_password = True
        self.open_dialog(why or _("The server refused the password: type it again to sync."))

    # --- syncing -----------------------------------------------------------------------------
    def sync_stored(self) -> None:
        """A sync on its own (the timer): with the stored account and password."""
        if self.running or not self.shell.db.is_open:
            return
        account = engine.stored_account(self.shell.db)
        if account is None:
            self.scheduler.set_enabled(False)
            return
        self._run(account, "")

    def sync_now(self, account: Account, typed_password: str = "") -> None:
        """Sync with ``account``; a typed password goes to the keyring first (on the
        worker: a keyring may answer slowly, or ask to be unlocked), else the keyring's
        (or ``RELAPP_SYNC_PASSWORD``'s) is used."""
        if self.running:
            self.shell.tell(_("A sync is under way."))
            return
        if typed_password:
            self._asked_for_password = False
            self.scheduler.new_password()
        self._run(account, typed_password)

    def _run(self, account: Account, typed_password: str) -> None:
        self.running = True
        self.scheduler.enabled = True
        started_at = self.scheduler.started()
        attempt = _Attempt()
        work = _work(
            self.shell.db,
            account,
            typed_password,
            dict(self.client_options),
            attempt,
        )
        self.off_writer.start(
            work,
            lambda result: self._done(result, started_at, attempt),
            lambda error: self._failed(error, attempt),
        )

    def _explain(self) -> None:
        """The status line's tooltip: the last result in full (the server's message)."""
        self.status_line.setToolTip(self.last_result_text() + "\n" + _("(Settings ▸ Sync…)"))

    def _announce(self, *tallies: Tally) -> None:
        tally = _together(*tallies)
        if tally.received_new or tally.received_changed or tally.received_deleted or tally.merged:
            self._announcing = True  # what the sync wrote is no change to sync back
            try:
                self.shell.announce(Changes.all())
            finally:
                self._announcing = False

    def _done(self, result: SyncResult, started_at: datetime, attempt: _Attempt) -> None:
        self.running = False
        self._keyring_said(attempt)
        self.last = result
        self.last_problem = ""
        self.scheduler.succeeded(started_at)
        self._explain()
        self._announce(result.people, result.promises, result.history)
        self.shell.tell(
            engine.summary(_together(result.people, result.promises, result.history)), 10000
        )

    def _keyring_said(self, attempt: _Attempt) -> None:
        if not attempt.kept:
            self.shell.tell(
                _(
                    "The system has no keyring to keep the password in: you will be asked "
                    "for it again next time."
                ),
                10000,
            )

    def _failed(self, error: BaseException, attempt: _Attempt) -> None:
        self.running = False
        self.scheduler.failed(error)
        self._keyring_said(attempt)
        if isinstance(error, engine.NoPassword):
            self.last_problem = str(error)
            self._explain()
            self.shell.tell(_("Not synced: {error}").format(error=error), 10000)
            self.ask_for_password(_("Not synced: {error}.").format(error=error))
            return
        from relapp.services.sync.dav import DavError

        if isinstance(error, SyncStopped):
            return  # the window is closing
        if isinstance(error, SyncIncomplete):
            self._announce(error.tally)
        elif not isinstance(error, DavError):  # a bug, not the server: say it loudly
            self.shell.report_error(error)
            return
        self.last_problem = str(error)
        self._explain()
        self.shell.tell(
            _(
                "The sync did not complete: {error}. What was done is kept; the next sync "
                "goes on from there."
            ).format(error=error),
            15000,
        )
        if self.scheduler.password_refused:
            self.ask_for_password()


@dataclass
class _Attempt:
    """What the worker found out besides the result: whether the keyring kept a typed
    password (read on the GUI thread once the write is done)."""

    kept: bool = True


def _work(
    db: Database,
    account: Account,
    typed_password: str,
    options: dict[str, Any],
    attempt: _Attempt,
) -> Callable[[Step], SyncResult]:
    """The sync as its own thread runs it: the password kept or read (a keyring may
    answer slowly, or ask to be unlocked), then ``engine.sync``, its database steps
    through ``step`` (the one writer)."""

    def run(step: Step) -> SyncResult:
        from relapp.services.sync.dav import DavClient  # requests: on the first sync

        password = typed_password
        if password:
            try:
                engine.store_password(account, password)
            except Exception:  # no keyring on this system: sync anyway, and say so
                attempt.kept = False
        else:
            password = engine.password_for(account)  # NoPassword: the window asks
        client = DavClient(account.url, account.user, password, **options)
        try:
            return engine.sync(db, account, password, client=client, step=step)
        finally:
            client.close()

    return run


def _together(*tallies: Tally) -> Tally:
    """What the parts of one sync did, counted together (the status bar's one line)."""
    total = Tally()
    for tally in tallies:
        for name in COUNTED:
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    return total


COUNTED = (
    "received_new",
    "received_changed",
    "received_deleted",
    "sent_new",
    "sent_changed",
    "sent_deleted",
    "merged",
    "postponed",
)
