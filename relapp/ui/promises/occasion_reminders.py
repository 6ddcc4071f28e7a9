"""Birthdays and anniversaries that notify: the reminder scheduler's sibling.

One single-shot timer is armed for the next moment a notice can fall due (the set time
of day, ``services.occasions.next_check``); when it fires, or at start (catching up what
was missed while Relapp was closed), after a clock jump, or when people or the settings
change, ``sweep`` asks the runner's worker what ``services.occasions.due_notices`` says
is due (it reads the people whose day falls in the next weeks: work that grows with the
data) and announces it on the GUI thread, through the same ``announce`` as promises (an
``Announcement`` without promise ids: a click opens the person). What it announced is
marked shown on the worker too (the one writer), and remembered here until that mark
lands, so nothing is announced twice.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from relapp.domain.clock import Clock
from relapp.domain.occasions import NoticeKey, OccasionNotice
from relapp.services import occasions, promises
from relapp.storage import Database
from relapp.ui.promises.clock import local_zone
from relapp.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

FEW = 50  # people whose notices are read on the GUI thread, by id, after an edit
MAX_WAIT = timedelta(hours=6)  # a longer wait is cut into pieces; a timer may drift
_MARGIN_MS = 30


class OccasionReminders(QObject):
    """Announces birthday and anniversary notices (``announce``, an ``Announcement``)."""

    announce = Signal(object)

    def __init__(
        self, db: Database, now: Clock, parent: QObject | None = None, *, runner: TaskRunner
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._now = now
        self._runner = runner
        self._marking: set[NoticeKey] = set()
        # When Relapp last ran, read before the scheduler's start writes it again.
        self._closed_since = promises.last_seen(db)
        self.started = False
        self.next_at: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.sweep)

    def start(self) -> None:
        if not self.started:
            self.started = True
            self.sweep()

    def stop(self) -> None:
        self._timer.stop()
        self.started = False

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def sweep(self, person_ids: Collection[int] | None = None) -> None:
        """Look for the notices due now (caught up ones included) on the worker; announce
        them when they are back; re-arm. ``person_ids``: only these people changed; a
        few are read at once by id, as the page reads a person."""
        if not self.started:
            return
        db, now, zone, since = self._db, self._now(), local_zone(), self._closed_since
        if person_ids is not None and len(person_ids) <= FEW:
            try:
                found = occasions.due_notices(
                    db, now, zone, person_ids, closed_since=self._closed_since
                )
            except Exception:  # a reminder must never take the window down
                log.exception("could not read the birthday notices")
                return
            self._announce(found, now)
            return
        self._runner.submit(
            lambda: occasions.due_notices(db, now, zone, closed_since=since),
            lambda found: self._announce(found, now),
            lambda error: log.error("could not read the birthday notices", exc_info=error),
            key="occasion-notices",
            name="Looking at birthdays",
        )
        self.rearm()

    def _announce(self, found: list[OccasionNotice], now: datetime) -> None:
        due = [n for n in found if n.key not in self._marking]
        announcement = occasions.announcement_for(due)
        if announcement is None or not self.started:
            return
        keys = [n.key for n in due]
        self._marking.update(keys)
        self.announce.emit(announcement)
        db = self._db
        self._runner.write(
            lambda: occasions.mark_notified(db, keys, now),
            lambda _none: self._marking.difference_update(keys),
            lambda error: log.error("could not record a birthday notice", exc_info=error),
        )

    def rearm(self) -> None:
        if not self.started:
            return
        now = self._now()
        self.next_at = occasions.next_check(self._db, now, local_zone())
        wait = min(self.next_at - now, MAX_WAIT)
        self._timer.start(max(0, math.ceil(wait.total_seconds() * 1000)) + _MARGIN_MS)

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1
