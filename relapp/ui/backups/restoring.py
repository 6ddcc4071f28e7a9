"""Backups ▸ Restore off the GUI thread (issue 18: no stall over 50 ms).

The backup is checked on the runner's worker; after the user confirms, the worker
finishes what it was asked before, every thread's connection is closed, and the
database refuses to connect (``Database.closed_for``) while the runner's worker puts the
backup in place: a refresh timer that fires meanwhile gets ``DatabaseLocked`` instead of
opening the file again. The window keeps turning behind a modal progress dialog that
says what is happening and has no Cancel (the swap cannot be stopped half-way). After a
restore the database stays refused until Relapp quits (it must be started again); after
a failure it is usable again and the error is shown (``backups.restore`` changes
nothing it cannot undo).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from relapp.domain.errors import DatabaseLocked, RelappError
from relapp.domain.i18n import _
from relapp.services import backups
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import wait_for_the_worker

if TYPE_CHECKING:
    from relapp.services.backups import RestoreResult
    from relapp.ui.shell import Shell

RESTORE_REASON = "a restore"


class BusyDialog(QProgressDialog):
    """A modal "working…" dialog without Cancel that Escape or the title bar's close
    button cannot dismiss; ``finish`` takes it away."""

    def __init__(self, parent: QWidget, title: str, text: str) -> None:
        super().__init__(text, "", 0, 0, parent)
        self.setCancelButton(None)  # type: ignore[arg-type]
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(360)
        self.show()

    def reject(self) -> None:
        """Escape does not stop a restore."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()

    def finish(self) -> None:
        self.hide()
        self.deleteLater()


def run_on_worker(
    runner: TaskRunner, fn: Callable[[], Any], name: str
) -> tuple[Any, BaseException | None]:
    """Run ``fn`` on the runner's worker with the event loop turning; what it returned
    and what it raised."""
    loop = QEventLoop()
    outcome: list[tuple[Any, BaseException | None]] = []

    def done(result: Any) -> None:
        outcome.append((result, None))
        loop.quit()

    def failed(error: BaseException) -> None:
        outcome.append((None, error))
        loop.quit()

    runner.submit(fn, done, failed, name=name)
    if not outcome:
        loop.exec()
    return outcome[0]


def run_on_a_thread(
    parent: QWidget | None, text: str, fn: Callable[[], Any]
) -> tuple[Any, BaseException | None]:
    """Run ``fn`` on a thread of its own behind a modal "working…" dialog that says
    ``text``, with the event loop turning (for when there is no window nor runner yet: a
    database found damaged at start); what it returned and what it raised. The thread
    holds no Qt object; the GUI thread sees it end by polling."""
    outcome: list[tuple[Any, BaseException | None]] = []

    def work() -> None:
        try:
            outcome.append((fn(), None))
        except BaseException as error:  # handed to the GUI thread, which decides
            outcome.append((None, error))

    thread = threading.Thread(target=work, name="relapp-restore", daemon=True)
    busy = BusyDialog(parent, _("Restore"), text)  # type: ignore[arg-type]
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(15)
    poll.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    thread.start()
    poll.start()
    try:
        if thread.is_alive():
            loop.exec()
    finally:
        poll.stop()
        busy.finish()
    thread.join()
    return outcome[0]


def check_off_the_gui(shell: Shell, parent: QWidget, path: Path) -> bool:
    """Check the backup on the worker; report what is wrong with it."""
    busy = BusyDialog(parent, _("Restore"), _("Checking the backup {file}…").format(file=path.name))
    try:
        _version, error = run_on_worker(
            shell.runner, lambda: backups.check_backup(path), "the check of the backup"
        )
    finally:
        busy.finish()
    if error is None:
        return True
    if isinstance(error, RelappError | OSError):
        shell.report_error(error)
        return False
    raise error


def restore_off_the_gui(shell: Shell, parent: QWidget, path: Path) -> RestoreResult | None:
    """Put the backup at ``path`` in place of the database with the window turning; the
    result, or None when it failed (reported; the database is usable again)."""
    db = shell.db
    busy = BusyDialog(parent, _("Restore"), _("Finishing the work under way…"))
    refusal = contextlib.ExitStack()
    try:
        if not wait_for_the_worker(shell.runner):
            shell.report_error(
                DatabaseLocked(
                    db.path,
                    _(
                        "the work under way did not finish in time, so nothing was restored. "
                        "Try again when it is done."
                    ),
                )
            )
            return None
        busy.setLabelText(
            _("Restoring {file}…\nWhat is there now is backed up first.").format(file=path.name)
        )
        run_on_worker(shell.runner, db.close, "closing the database")  # the worker's own
        db.close()
        refusal.enter_context(db.closed_for(RESTORE_REASON))
        database = db.path
        result, error = run_on_worker(
            shell.runner, lambda: backups.restore(database, path), "the restore"
        )
    finally:
        busy.finish()
    if error is None:
        refusal.pop_all()  # refused until Relapp quits: it must start again on the new file
        return result  # type: ignore[no-any-return]
    refusal.close()
    if isinstance(error, RelappError | OSError):
        shell.report_error(error)
        return None
    raise error
