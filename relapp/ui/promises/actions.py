"""What can be done to a promise from anywhere (the Due view, the person page, the
tray): new, edit, done, done and log, snooze, cancel. One-click changes go on the undo
stack; each is a write on the runner's worker, and tells the window what it changed
(``undo_commands.announce``: promises of that person), which re-arms the reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from relapp.domain.clock import Clock
from relapp.domain.errors import NotFound, RelappError
from relapp.domain.i18n import N_, _
from relapp.domain.model import Direction
from relapp.domain.promises import Promise, Promiser, tomorrow_morning
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui import undo_commands
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.promises.clock import local_zone
from relapp.ui.promises.promise_dialog import PromiseDialog
from relapp.ui.shell import Shell
from relapp.ui.undo_commands import DataCommand, announce

HOUR = timedelta(hours=1)
THIS_ONE = N_("Cancel only &this one")
WHOLE_SERIES = N_("Cancel the &whole series")


def ask_series(parent: QWidget, what: str) -> bool | None:
    """For a recurring promise: True to cancel the whole series, False only this
    occurrence (the next one is scheduled), None to keep it."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Cancel a repeating promise"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        _("“{what}” repeats. Cancel only this time, or every time from now on?").format(what=what)
    )
    this_one = box.addButton(_(THIS_ONE), QMessageBox.ButtonRole.AcceptRole)
    whole = box.addButton(_(WHOLE_SERIES), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("&Keep it"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(this_one)
    box.exec()
    clicked = box.clickedButton()
    return True if clicked is whole else False if clicked is this_one else None


class PromiseActions(QObject):
    def __init__(self, window: Shell, clock: Clock) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock

    @property
    def db(self) -> Database:
        return self.window.db

    def _get(self, promise_id: int) -> Promise | None:
        try:
            return service.get_promise(self.db, promise_id)
        except NotFound as exc:
            self.window.report_error(exc)
            return None

    def _push(self, before: Promise, text: str, forward: Callable[[Database], object]) -> None:
        if not before.is_open:
            self.window.tell(_("That promise was already closed."), 5000)
            announce(self.window, service.changes((before.person_id,)))
            return
        self.window.undo_stack.push(
            DataCommand(
                self.window,
                text,
                forward,
                lambda db: service.restore_promise(db, before),
                (before.person_id,),
                already_done=False,
                changes=service.changes((before.person_id,)),
            )
        )

    # --- dialogs ------------------------------------------------------------------------
    def new(self, person_id: int, promiser: Promiser = Promiser.ME) -> Promise | None:
        try:
            dialog = PromiseDialog(
                self.db,
                person_id,
                self.clock,
                None,
                self.window.widget,
                promiser=promiser,
                runner=self.window.runner,
            )
        except RelappError as exc:
            self.window.report_error(exc)
            return None
        if dialog.exec() and dialog.promise is not None:
            announce(self.window, service.changes((person_id,)))
            self.window.tell(_("Promise recorded; Relapp will remind you."), 5000)
            return dialog.promise
        return None

    def edit(self, promise_id: int) -> Promise | None:
        before = self._get(promise_id)
        if before is None:
            return None
        dialog = PromiseDialog(
            self.db,
            before.person_id,
            self.clock,
            before,
            self.window.widget,
            runner=self.window.runner,
        )
        if dialog.exec() and dialog.promise is not None:
            announce(self.window, service.changes((before.person_id, dialog.promise.person_id)))
            return dialog.promise
        return None

    # --- one click ----------------------------------------------------------------------
    def done(self, promise_id: int) -> None:
        before = self._get(promise_id)
        if before is not None:
            self._push(
                before,
                _("Done: {what}").format(what=before.what),
                lambda db: service.complete_promise(
                    db, promise_id, now=self.clock(), zone=local_zone()
                ),
            )

    def done_and_log(self, promise_id: int) -> None:
        """Log the interaction that kept the promise, then mark it done (one undo step)."""
        before = self._get(promise_id)
        if before is None or not before.is_open:
            return
        dialog = InteractionDialog(
            self.db,
            self.window.runner,
            (before.person_id,),
            None,
            self.window.widget,
            extensions=self.window.dialog_extensions,
        )
        if before.channel is not None:
            dialog.set_channel(before.channel)
        mine = before.promiser is Promiser.ME
        dialog.direction_buttons[Direction.OUTBOUND if mine else Direction.INBOUND].setChecked(True)
        dialog.summary_edit.setText(before.what[:1].upper() + before.what[1:])
        if not dialog.exec() or dialog.logged is None:
            return
        logged = dialog.logged.interaction
        stack = self.window.undo_stack
        stack.beginMacro(_("Done: {what}").format(what=before.what))
        stack.push(undo_commands.interaction_logged(self.window, dialog.logged))
        self._push(
            before,
            _("Done: {what}").format(what=before.what),
            lambda db: service.complete_promise(
                db, promise_id, now=self.clock(), interaction_id=logged.id, zone=local_zone()
            ),
        )
        stack.endMacro()
        announce(self.window, dialog.logged.changes | service.changes((before.person_id,)))

    def cancel(self, promise_id: int) -> None:
        """Cancel a promise; for a recurring one, ask: this one, or the whole series?"""
        before = self._get(promise_id)
        if before is None:
            return
        whole = True
        if before.recurrence and before.is_open:
            answer = ask_series(self.window.widget, before.what)
            if answer is None:
                return
            whole = answer
        self._push(
            before,
            (_("Cancel: {what}") if whole else _("Cancel this one: {what}")).format(
                what=before.what
            ),
            lambda db: service.cancel_promise(
                db, promise_id, now=self.clock(), whole_series=whole, zone=local_zone()
            ),
        )

    def snooze(self, promise_id: int, duration: timedelta = HOUR) -> None:
        before = self._get(promise_id)
        if before is not None:
            self._push(
                before,
                _("Snooze: {what}").format(what=before.what),
                lambda db: service.snooze_promise(db, promise_id, duration, now=self.clock()),
            )

    def snooze_until_tomorrow(self, promise_id: int) -> None:
        before = self._get(promise_id)
        if before is not None:
            self._push(
                before,
                _("Snooze until tomorrow: {what}").format(what=before.what),
                lambda db: service.snooze_promise_until(
                    db, promise_id, self.tomorrow(), now=self.clock()
                ),
            )

    def tomorrow(self) -> datetime:
        """9:00 tomorrow, local time."""
        return tomorrow_morning(self.clock().astimezone(local_zone()))
