"""Something to do once a widget's window has painted (``TaskRunner.hold_until_painted``).

Qt paints a window when it handles the ``UpdateRequest`` event that ``update()`` posts
to it (at a low priority: after the events and zero timers posted before it). What is
called here runs at the turn after that paint, or after ``AT_MOST_MS`` when no paint
comes (nothing changed on screen, the window minimised), or at once for a hidden widget:
it is never left waiting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

AT_MOST_MS = 100


class _UpdateWatcher(QObject):
    """Calls ``seen`` at each ``UpdateRequest`` of a window (gone with the window)."""

    def __init__(self, window: QWidget, seen: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._seen = seen
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.UpdateRequest:
            self._seen()
        return False


def after_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once ``widget``'s window has painted (see the module's text)."""
    if not widget.isVisible():
        then()
        return
    called: list[bool] = []

    def once() -> None:
        if called:
            return
        called.append(True)
        with contextlib.suppress(RuntimeError):  # the window (and its watcher) gone
            watcher.deleteLater()
        then()

    watcher = _UpdateWatcher(widget.window(), lambda: QTimer.singleShot(0, once))
    QTimer.singleShot(AT_MOST_MS, once)
