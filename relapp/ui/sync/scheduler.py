"""When the window syncs, and what its status line says: a Qt clock around the pure rules
of ``relapp.domain.sync.status`` (the one truth for both; nothing here decides a delay or
words a status of its own).

The scheduler keeps the one :class:`SyncState`, replaces it after each event (a sync
started, succeeded, failed; a local change; a new password) and re-arms two single-shot
timers: ``sync_timer`` for :func:`next_sync_at` (it emits ``due``) and ``status_timer``
for :func:`status_changes_at` (the line is redrawn then, never polled). While it is
switched off (no account), nothing is armed and ``due`` never fires.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from relapp.domain.i18n import N_, _
from relapp.domain.sync import status
from relapp.domain.sync.status import Failure, SyncState
from relapp.services.sync.engine import NoPassword, SyncIncomplete
from relapp.ui.widgets.state_timer import StateTimer

MAX_WAIT = timedelta(hours=1)  # longer waits are cut; the timer re-arms when it fires
SETTINGS_HINT = N_("Settings ▸ Sync…")

_FROM_DAV = {  # the DAV client's failure kinds (services/sync/dav.py: Failure)
    "offline": Failure.OFFLINE,
    "timeout": Failure.TIMEOUT,
    "server": Failure.SERVER,
    "login": Failure.PASSWORD,
}


def failure_of(error: BaseException) -> tuple[Failure, int | None]:
    """The status rule's failure for what a sync raised: the DAV client's kinds map one to
    one; a missing password is a refused one (nothing to retry until the user gives it);
    an unverifiable certificate is said as such; anything else the server answered out of
    the ordinary (a protocol error, an emptied address book) is the server's problem."""
    if isinstance(error, NoPassword):
        return Failure.PASSWORD, None
    from relapp.services.sync.dav import DavError  # requests: only once a sync ran

    dav = error.error if isinstance(error, SyncIncomplete) else error
    if isinstance(dav, DavError):
        if dav.kind == "offline" and "certificate" in str(dav):
            return Failure.CERTIFICATE, None
        return _FROM_DAV.get(str(dav.kind), Failure.SERVER), dav.status
    return Failure.SERVER, None


class SyncScheduler(QObject):
    """``due``: time to sync (the feature starts one, or not when one runs).
    ``statusChanged(text)``: the status line's new words."""

    due = Signal()
    statusChanged = Signal(str)

    def __init__(self, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.state = SyncState()
        self.enabled = False
        self.next_at: datetime | None = None
        self.sync_timer = QTimer(self)
        self.sync_timer.setSingleShot(True)
        self.sync_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.sync_timer.timeout.connect(self.check)
        self.status_timer = StateTimer(clock, self)
        self.status_timer.fired.connect(self.rearm)

    # --- events --------------------------------------------------------------------------
    def set_enabled(self, enabled: bool) -> None:
        """On while an account is set up; off, nothing is armed."""
        self.enabled = enabled
        self.rearm()

    def started(self) -> datetime:
        now = self._clock()
        self.state = status.started(self.state, now)
        self.rearm()
        return now

    def succeeded(self, started_at: datetime) -> None:
        self.state = status.succeeded(self.state, self._clock(), changes_until=started_at)
        self.rearm()

    def failed(self, error: BaseException) -> None:
        failure, http_status = failure_of(error)
        self.state = status.failed(self.state, self._clock(), failure, http_status=http_status)
        self.rearm()

    def changed(self) -> None:
        self.state = status.changed(self.state, self._clock())
        self.rearm()

    def new_password(self) -> None:
        self.state = status.new_password(self.state)
        self.rearm()

    @property
    def password_refused(self) -> bool:
        return self.state.failure is Failure.PASSWORD and self.state.running_since is None

    # --- the clock -----------------------------------------------------------------------
    def text(self) -> str:
        """The status line: the rule's words; a refused password adds where to fix it."""
        words = status.status_text(self.state, self._clock())
        if self.password_refused:
            return f"{words} — {_(SETTINGS_HINT)}"
        return words

    def check(self) -> None:
        """The sync timer fired (or a test asks): ``due`` when the time has come."""
        if not self.enabled:
            return
        at = status.next_sync_at(self.state, self._clock())
        if at is not None and at <= self._clock():
            self.due.emit()
        else:
            self.rearm()

    def rearm(self) -> None:
        now = self._clock()
        at = status.next_sync_at(self.state, now) if self.enabled else None
        self.next_at = at
        if at is None:
            self.sync_timer.stop()
        else:
            wait = min(max(at - now, timedelta(0)), MAX_WAIT)
            self.sync_timer.start(math.ceil(wait.total_seconds() * 1000))
        self.status_timer.arm([status.status_changes_at(self.state, now)] if self.enabled else [])
        self.statusChanged.emit(self.text() if self.enabled else "")
