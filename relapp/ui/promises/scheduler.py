"""When to remind: one precise timer armed for the next due time, and a heartbeat.

No busy polling: the timer is armed for the earliest effective due time among open
promises and re-armed after every change. Timers count monotonic time, which stands
still while the machine sleeps; the heartbeat (each minute) compares the monotonic clock
with the wall clock (``detect_clock_jump``) and sweeps at once after a jump or a wake-up.
It also records ``last_seen`` so that start-up can tell what fell due while Relapp was
not running.

Its two writes (``last_seen``, and marking what it announced as notified) go to the
runner's worker, the one writer, so a heartbeat during an import waits its turn there
instead of on SQLite's lock. Until a mark has landed, the promises it covers are
remembered here and never announced twice.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from relapp.domain.clock import Clock
from relapp.domain.promises import detect_clock_jump
from relapp.services import promises
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

HEARTBEAT_MS = 60_000
# Longer waits are cut into pieces: a timer that fires and finds nothing due re-arms.
MAX_WAIT = timedelta(hours=6)
# Fire a little after the due second, never before it.
_MARGIN_MS = 30
STOP_WAIT_MS = 2000  # at quit, how long the last ``last_seen`` may wait for the worker


def _nothing() -> None:
    pass


class ReminderScheduler(QObject):
    """Announces promises as they fall due (``announce``, an ``Announcement``) and marks
    them notified; ``swept`` follows every look at the clock (lists may have changed)."""

    announce = Signal(object)
    swept = Signal()
    clockJumped = Signal()

    def __init__(
        self,
        db: Database,
        now: Clock,
        parent: QObject | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        heartbeat_ms: int = HEARTBEAT_MS,
        runner: TaskRunner | None = None,
    ) -> None:
        """``runner``: the window's runner, where the scheduler's writes go (without
        one, they are written at once on this thread: tests of the timing alone)."""
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._marking: set[int] = set()  # announced; the mark is not written yet
        self._now = now
        self._monotonic = monotonic
        self.next_at: datetime | None = None
        self.started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.sweep)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(heartbeat_ms)
        self._heartbeat.timeout.connect(self.heartbeat)
        self._mark = (monotonic(), now())

    # --- life cycle ---------------------------------------------------------------------
    def start(self) -> None:
        """Catch up on what fell due while Relapp was closed, then keep time."""
        if self.started:
            return
        self.started = True
        now = self._now()
        due = self._due(now)
        if due:
            closed = {e.id for e in promises.catch_up(self._db, now)}
            while_closed = bool(closed) and all(e.id in closed for e in due)
            self._announce(promises.announcement_for(due, while_closed=while_closed), now)
        self._write(lambda db: promises.set_last_seen(db, now))
        self._mark = (self._monotonic(), now)
        self._heartbeat.start()
        self.swept.emit()
        self.rearm()

    def stop(self) -> None:
        """Stop the timers and remember when Relapp last ran."""
        self._timer.stop()
        self._heartbeat.stop()
        if self.started:
            now = self._now()
            self._write(lambda db: promises.set_last_seen(db, now))
            if self._runner is not None:
                self._runner.wait(STOP_WAIT_MS)  # quitting: a bounded wait, never a block
        self.started = False

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1

    # --- keeping time -------------------------------------------------------------------
    def sweep(self) -> None:
        """Announce what is due now, then re-arm for the next due time."""
        if not self.started:
            return
        now = self._now()
        due = self._due(now)
        if due:
            self._announce(promises.announcement_for(due), now)
        self.swept.emit()
        self.rearm()

    def rearm(self) -> None:
        if not self.started:
            return
        now = self._now()
        self.next_at = promises.next_wakeup(self._db, now)
        if self.next_at is None:
            self._timer.stop()
            return
        wait = min(self.next_at - now, MAX_WAIT)
        self._timer.start(max(0, math.ceil(wait.total_seconds() * 1000)) + _MARGIN_MS)

    def heartbeat(self) -> None:
        """The safety net: after a clock jump or a wake from sleep, or when the timer is
        late, sweep now; always note that Relapp is running."""
        if not self.started:
            return
        mono, wall = self._monotonic(), self._now()
        last_mono, last_wall = self._mark
        self._mark = (mono, wall)
        jumped = detect_clock_jump(timedelta(seconds=mono - last_mono), wall - last_wall)
        self._write(lambda db: promises.set_last_seen(db, wall))
        if jumped:
            log.info("the clock jumped (or the machine slept); re-arming reminders")
            self.clockJumped.emit()
            self.sweep()
        elif self.next_at is not None and self.next_at <= wall:
            self.sweep()
        else:
            self.swept.emit()

    def _announce(self, announcement: promises.Announcement | None, now: datetime) -> None:
        if announcement is None:
            return
        self.announce.emit(announcement)
        ids = announcement.promise_ids
        self._marking.update(ids)
        self._write(
            lambda db: promises.mark_notified(db, ids, now),
            lambda: self._marking.difference_update(ids),
        )

    def _due(self, now: datetime) -> list[promises.PromiseEntry]:
        """What to announce now, less what was announced and is being marked."""
        return [
            e for e in promises.needing_notification(self._db, now) if e.id not in self._marking
        ]

    def _write(
        self, work: Callable[[Database], object], landed: Callable[[], None] = _nothing
    ) -> None:
        """A write of the scheduler's state, on the runner's worker (the one writer). A
        failure is logged: it must never stop the reminders."""
        db = self._db

        def failed(error: BaseException) -> None:
            landed()
            log.error("could not record the reminders' state", exc_info=error)

        if self._runner is None:
            try:
                work(db)
            except Exception as exc:
                failed(exc)
                return
            landed()
            return
        self._runner.write(lambda: work(db), lambda _none: landed(), failed)
