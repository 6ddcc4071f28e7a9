"""One timer per view for the next moment a shown promise changes state ("due in 2
minutes" turning "overdue", a snooze ending, overdue turning broken): the view reads
again then, and only then. No polling: the moments come from
``relapp.domain.promises.next_state_change``."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

# Longer waits are cut into pieces; a view re-arms when the timer fires anyway.
MAX_WAIT = timedelta(hours=6)
# Fire a little after the moment, never before it.
MARGIN_MS = 50


class StateTimer(QObject):
    """``arm(moments)`` starts one single-shot timer for the earliest moment still ahead
    of the clock; ``fired`` then tells the view to read again."""

    fired = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.next_at: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # A coarse timer (Qt's default) may fire 5% late: 18 minutes on a 6-hour wait.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.fired)

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    def arm(self, moments: Iterable[datetime | None]) -> None:
        now = self._clock()
        ahead = [m for m in moments if m is not None and m > now]
        self.next_at = min(ahead, default=None)
        if self.next_at is None:
            self.timer.stop()
            return
        wait = min(self.next_at - now, MAX_WAIT)
        self.timer.start(max(0, math.ceil(wait.total_seconds() * 1000)) + MARGIN_MS)

    @property
    def armed(self) -> bool:
        return self.timer.isActive()
