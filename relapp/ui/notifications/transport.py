"""Which way a notification goes: the desktop's notification server when one answers
on the session bus (Linux and other free desktops), else the feature's own way (the
tray balloon, or a message in the window). Windows and macOS keep Qt's path.

Finding the server takes a round trip on the bus, in the event loop (at most
``PROBE_TIMEOUT_MS``); a note shown before the answer waits for it, so the first
reminder after start-up is neither lost nor sent twice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from relapp.ui.notifications.bus import SessionBus, session_address
from relapp.ui.notifications.freedesktop import PROBE_TIMEOUT_MS, DesktopNotifications
from relapp.ui.notifications.note import Note

Fallback = Callable[[Note], None]


class _Auto:
    pass


AUTO = _Auto()


def free_desktop() -> bool:
    """Whether notifications go through D-Bus here (not on Windows or macOS)."""
    return not (sys.platform.startswith("win") or sys.platform == "darwin")


class Notifications(QObject):
    """``show(note, fallback)``: to the notification server, or ``fallback(note)`` when
    there is none. ``actionInvoked(key, action)`` when the user picks one of a note's
    actions on the server ("default": a click on it); ``closed(key)`` when it is gone;
    ``availabilityKnown(bool)`` once, when it is known whether a server answers."""

    actionInvoked = Signal(str, str)
    closed = Signal(str)
    availabilityKnown = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        address: str | _Auto | None = AUTO,
        probe_ms: int = PROBE_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.server: DesktopNotifications | None = None
        self.available: bool | None = None
        self._queue: list[tuple[Note, Fallback]] = []
        if isinstance(address, _Auto):
            address = session_address() if free_desktop() else None
        if address is None:
            self.available = False
            return
        bus = SessionBus(address, self)
        self.server = DesktopNotifications(bus, self, probe_ms=probe_ms)
        self.server.answered.connect(self._answered)
        self.server.actionInvoked.connect(self.actionInvoked)
        self.server.closed.connect(self.closed)
        bus.failed.connect(self._lost)
        self.server.start()

    @property
    def shows_actions(self) -> bool:
        return bool(self.available and self.server is not None and self.server.shows_actions)

    def show(self, note: Note, fallback: Fallback) -> None:
        if self.available is None:
            self._queue.append((note, fallback))
        elif self.available and self.server is not None:
            self.server.notify(note, lambda: fallback(note))  # refused: shown here after all
        else:
            fallback(note)

    def withdraw(self, key: str) -> None:
        """Take back the notification shown for ``key`` (the server's; a balloon fades),
        or not yet sent while the server is being looked for."""
        if self.available is None:
            self._queue = [(note, shown) for note, shown in self._queue if note.key != key]
        elif self.available and self.server is not None:
            self.server.withdraw(key)

    def live_keys(self) -> list[str]:
        return self.server.live_keys() if self.available and self.server is not None else []

    def close(self) -> None:
        """Hang up the bus (at quit)."""
        if self.server is not None:
            self.server.bus.close()

    def _answered(self, available: bool) -> None:
        self.available = available
        queue, self._queue = self._queue, []
        self.availabilityKnown.emit(available)
        for note, fallback in queue:
            self.show(note, fallback)

    def _lost(self, _reason: str) -> None:
        """The bus went away after it answered: from now on, the fallback."""
        if self.available is not None:
            self.available = False
