"""Installs Settings ▸ Backups…, the background start-up check of the database, and
the daily backup while Relapp runs.

The start-up ``PRAGMA quick_check`` costs about 0.7 s on a 230 MB database (100,000
people, 1,000,000 interactions), so it runs on its own thread once the window is shown,
on a separate read-only connection; the window never waits for it.
"""

from __future__ import annotations

import contextlib
import logging
import threading

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from relapp.domain.i18n import _
from relapp.services import backups
from relapp.ui.backups.recovery import restore_damaged, restored_message
from relapp.ui.backups.restoring import RESTORE_REASON, run_on_worker
from relapp.ui.shell import Shell
from relapp.ui.writer import wait_for_the_worker

log = logging.getLogger(__name__)

DAILY_CHECK_MS = 60 * 60 * 1000  # at most hourly: is there a backup from today?
FIRST_DAILY_CHECK_MS = 60 * 1000
CHECK_POLL_MS = 100  # how often the GUI thread looks whether the start-up check is done


class DatabaseGuard(QObject):
    """The start-up check and the daily backup of one window's database."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.last_problems: list[str] | None = None
        self._refusal = contextlib.ExitStack()  # the database refused while it is replaced
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.daily_backup)
        QTimer.singleShot(FIRST_DAILY_CHECK_MS, self.daily_backup)
        self.timer.start()

    def start_check(self) -> threading.Thread:
        """Check the database on a thread of its own. The thread touches no Qt object
        (it holds only the path and a plain list): a thread that held this guard once
        dropped the last reference to it after the window had gone, and Shiboken's
        deferred deletion then crashed the GUI thread. A GUI-thread timer collects the
        answer."""
        path = self.shell.db.path
        answer: list[list[str]] = []

        def work() -> None:
            answer.append(backups.check_database(path))

        thread = threading.Thread(target=work, name="relapp-quick-check", daemon=True)
        thread.start()
        poll = QTimer(self)
        poll.setInterval(CHECK_POLL_MS)

        def collect() -> None:
            if thread.is_alive():
                return
            poll.stop()
            poll.deleteLater()
            if answer:  # none: the check itself failed (logged by the thread's excepthook)
                self._checked(answer[0])

        poll.timeout.connect(collect)
        poll.start()
        return thread

    def _checked(self, problems: list[str]) -> None:
        self.last_problems = problems
        if not problems:
            log.info("database check: ok")
            return
        log.error("database check found damage: %s", problems[:5])
        self.timer.stop()
        try:
            result = restore_damaged(
                self.shell.widget, self.shell.db.path, "; ".join(problems[:3]), self._close
            )
        except BaseException:
            self._refusal.close()
            raise
        if result is None:
            self._refusal.close()  # not restored: the database is usable again
        else:  # refused until Relapp quits: it must start again on the new file
            restored_message(self.shell.widget, result, restart=True)
            self.shell.quit()

    def _close(self) -> None:
        """Close every thread's connection, and refuse new ones while the restore (on
        a thread of its own, the window turning) replaces the file: a view's timer that
        reads meanwhile gets ``DatabaseLocked`` instead of opening it again."""
        runner, db = self.shell.runner, self.shell.db
        wait_for_the_worker(runner)  # the window stays alive meanwhile
        run_on_worker(runner, db.close, "closing the database")  # the worker's own
        db.close()
        self._refusal.enter_context(db.closed_for(RESTORE_REASON))

    def daily_backup(self) -> None:
        db = self.shell.db
        self.shell.runner.submit(
            lambda: backups.daily_backup_if_due(db),
            lambda path: log.info("daily backup: %s", path) if path else None,
            lambda error: log.error("daily backup failed: %s", error),
        )


class BackupsFeature(QObject):
    """Settings ▸ Backups… and the database guard (``guard``)."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.guard = DatabaseGuard(shell)
        self.action = QAction(_("&Backups…"), shell.widget)
        self.action.triggered.connect(self.open_dialog)
        shell.add_actions("settings", self.action)
        QTimer.singleShot(0, self.guard.start_check)

    def open_dialog(self) -> None:
        from relapp.ui.backups.dialog import BackupsDialog

        BackupsDialog(self.shell).exec()


def install(shell: Shell) -> BackupsFeature:
    return BackupsFeature(shell)
