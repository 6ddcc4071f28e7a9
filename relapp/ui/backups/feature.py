"""Installs Settings ▸ Backups…, the background start-up check of the database, and
the daily backup while Relapp runs.

The start-up ``PRAGMA quick_check`` reads the whole file (700 MB at 100,000 people,
2.6 s of CPU, half of it the kernel's reads; 7 GB at a million). It runs only when there
is something to find (``services.start_check``: not when the file is exactly as a
session that knew it sound closed it, and at least weekly), on its own thread with a
separate read-only connection, ``START_CHECK_DELAY_MS`` after the features are
installed (not while the list's first search, the features' start and the user's first
keystrokes want the machine) and at the lowest CPU priority (a Linux thread's nice
value, which the BFQ and CFQ disk schedulers read as its I/O priority too); the window
never waits for it. A session that knew the
file sound notes it at its clean close (``note_clean_close``, after the database is
closed).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from relapp.domain.i18n import _
from relapp.services import backups, start_check
from relapp.thread_priority import this_thread_lowest
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

    START_CHECK_DELAY_MS = 10_000

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.last_problems: list[str] | None = None
        # When the file (this inode) was last read whole and found sound: from this
        # session's check, or from the note of the last sound close.
        self.sound_since: datetime | None = None
        self._sound_inode: int | None = None
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.timeout.connect(self.start_check)
        self._refusal = contextlib.ExitStack()  # the database refused while it is replaced
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.daily_backup)
        QTimer.singleShot(FIRST_DAILY_CHECK_MS, self.daily_backup)
        self.timer.start()

    def check_at_start(self) -> None:
        """Decide now (before this session writes) whether the file needs reading; if it
        does, read it ``START_CHECK_DELAY_MS`` later (``start_check``)."""
        path = self.shell.db.path
        if start_check.check_needed(path):
            log.info("database check: in %d ms", self.START_CHECK_DELAY_MS)
            self.check_timer.start(self.START_CHECK_DELAY_MS)
            return
        self._known_sound(start_check.last_full_check(path))
        log.info("database check: unchanged since it was found sound (%s)", self.sound_since)
        self.last_problems = []

    def _known_sound(self, since: datetime | None) -> None:
        stamp = start_check.file_stamp(self.shell.db.path)
        self.sound_since = since
        self._sound_inode = stamp["inode"] if stamp is not None and since is not None else None

    def note_clean_close(self) -> None:
        """Once the database is closed at the end of a session: note the file as sound
        if this session knew it so and it is still the same file (not restored over);
        either way its write-ahead log is folded into it (``note_sound_close`` does)."""
        path = self.shell.db.path
        stamp = start_check.file_stamp(path)
        if self.sound_since is None or stamp is None or stamp["inode"] != self._sound_inode:
            start_check.fold_log(path)
            return
        start_check.note_sound_close(path, self.sound_since)

    def start_check(self) -> threading.Thread:
        """Check the database on a thread of its own. The thread touches no Qt object
        (it holds only the path and a plain list): a thread that held this guard once
        dropped the last reference to it after the window had gone, and Shiboken's
        deferred deletion then crashed the GUI thread. A GUI-thread timer collects the
        answer."""
        path = self.shell.db.path
        answer: list[list[str]] = []
        started = datetime.now(UTC)

        def work() -> None:
            this_thread_lowest()
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
                self._checked(answer[0], started)

        poll.timeout.connect(collect)
        poll.start()
        return thread

    def _checked(self, problems: list[str], started: datetime) -> None:
        self.last_problems = problems
        if not problems:
            self._known_sound(started)
            log.info("database check: ok")
            return
        self._known_sound(None)
        start_check.forget(self.shell.db.path)
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
        self.guard.check_at_start()

    def open_dialog(self) -> None:
        from relapp.ui.backups.dialog import BackupsDialog

        BackupsDialog(self.shell).exec()


def install(shell: Shell) -> BackupsFeature:
    return BackupsFeature(shell)
