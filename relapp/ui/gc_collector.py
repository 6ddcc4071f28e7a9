"""Cyclic garbage is collected on the GUI thread only.

Python runs its cycle collector in whichever thread happens to allocate past a
threshold: in Relapp often the task worker, planning an import. When a cycle that holds
Qt wrappers (a closed dialog and its lambdas, a window of a finished test) is collected
there, Shiboken cannot delete the C++ objects on that thread; it defers the deletion to
the GUI thread, which then deletes objects their Qt parent had already deleted, and the
process dies (SIGSEGV in ``BindingManager::runDeletionInMainThread``). Seen in the test
suite as a crash in whatever test came next.

So the automatic collector is switched off, and a timer on the GUI thread runs the
collection that is due (the same three generations and thresholds Python would use)
every ``INTERVAL_MS``, or every ``BUSY_INTERVAL_MS`` while collections keep falling due
(a worker allocating fast: planning a capture of 20,000 messages). A collection walks
what was allocated since the last one, so the shorter interval keeps each pause short:
at 250 ms the longest collection during such a capture held the GUI thread for 145 ms,
at 50 ms for 38 ms (14 ms of its own CPU time; ``python -m bench.capture_stall``).
Objects without cycles are freed at once by reference counting, as always; cyclic
garbage waits at most one interval.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250
BUSY_INTERVAL_MS = 50

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Switches Python's automatic collector off and collects from a GUI-thread timer."""

    def __init__(self, thresholds: tuple[int, int, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = thresholds
        self.collections = [0, 0, 0]  # by generation, for tests and the log
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int | None:
        """Run the collection Python would have run by now; the generation, or None."""
        counts = gc.get_count()
        generation = None
        for level in range(3):
            if counts[level] > self.thresholds[level]:
                generation = level
            else:
                break
        if generation is not None:
            gc.collect(generation)
            self.collections[generation] += 1
        self.timer.setInterval(INTERVAL_MS if generation is None else BUSY_INTERVAL_MS)
        return generation


def install(parent: QObject, thresholds: tuple[int, int, int]) -> GuiThreadCollector:
    """Collect on the GUI thread from now on (once per process; kept alive here)."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(thresholds, parent)
    return _installed
