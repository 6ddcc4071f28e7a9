"""The chart modules, and pyqtgraph with them, imported ahead on a thread of their own.

Importing pyqtgraph costs 0.2-0.35 s of CPU (181 modules, among them PySide6's OpenGL
ones). Done on the GUI thread as the health overview or the first person's chart was
first shown, it held the window that long: a stall of a second and more under load
(issue 18, ``bench.window_stalls``). So once the window has settled (the features
installed, the task runner idle: the list's first search, an import, is not slowed),
the modules are imported on another thread, and showing a chart imports nothing.

Their own thread, not the task runner's: a search typed meanwhile does not wait behind
them. Importing is safe there: these modules and pyqtgraph's make no Qt object as they
load (classes, value types, dictionaries), the thread calls nothing of Qt else, and it
starts only once every Qt type is made on the GUI thread (``ui/qt_types``: two threads
making them at once crash). If
a chart is wanted before it is done, Python's import lock makes the GUI thread wait for
the module (no longer than importing it would have taken). The thread is not a daemon:
a process quitting meanwhile lets the import finish rather than cut it off halfway.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QObject, QTimer

from relapp.ui import qt_types
from relapp.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

AHEAD_MS = 2000  # after the features are installed
RETRY_MS = 1000  # the task runner was busy: try again this much later
MODULES = ("relapp.ui.health.overview_chart", "relapp.ui.health.person_chart")


class ChartsAhead(QObject):
    """Imports ``MODULES`` on a thread once the window has settled (once per process)."""

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.start)
        if not loaded():
            self._timer.start(AHEAD_MS)

    def start(self) -> None:
        if loaded() or _importing.is_set():
            return
        if not self._runner.idle:
            self._timer.start(RETRY_MS)
            return
        _importing.set()
        qt_types.make_then(self, self._start_thread)  # pyqtgraph makes none of them there

    def _start_thread(self) -> None:
        self.thread = threading.Thread(target=import_charts, name="relapp-charts-import")
        self.thread.start()


_importing = threading.Event()  # one import per process, whichever window asks


def loaded() -> bool:
    return all(name in sys.modules for name in MODULES)


def import_charts() -> None:
    """On the import thread. A failure is logged; the chart raises it again when shown."""
    try:
        for name in MODULES:
            __import__(name)
    except Exception:
        log.exception("importing the chart modules ahead failed")
