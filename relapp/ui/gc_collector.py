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

A full (generation 2) collection walks every object alive, not only the new ones: while
a task plans an import of 10,000 cards against 100,000 people, what the planning holds
made one hold the GUI thread for 190-360 ms. So a full collection that falls due while a
task runner is busy, or a preview holds a plan of many cards (``set_busy``), waits until
none is, at most ``FULL_WAIT_S``; the young generations are still collected meanwhile.
Once the task is done and the preview closed, what they held is gone, and the full
collection is short.

The young generations do not wait: they are set aside. While a task runs, the worker
allocates faster than a timer can keep up with, so a young collection on the GUI thread
walked everything allocated since the last one, and a generation-1 collection everything
since the last ten: 36-67 ms and up to 143 ms of the GUI thread during an import's
planning of 10,000 cards against 100,000 people (gc.callbacks, the bench's import-stall
path; issue 18). So while any owner is busy, a collection that falls due freezes instead
(``gc.freeze`` moves every tracked object into the permanent generation in constant
time; nothing is walked, nothing is freed on any thread). The long-lived objects stay
out of the young collections' way, as the start-up objects are
(``app.freeze_startup_objects``), and out of the full collections' too: a full
collection walks only what is not frozen (one that unfroze everything after a capture's
planning walked the start-up objects and the capture's plan: 770 ms of the GUI thread,
``bench.capture_stall``, 20,000 mails). Setting aside also resets the counts that make a
full collection due, so once what is set aside and still alive has grown (cyclic garbage
that was waiting when a freeze came, or what a long import keeps), a full collection
that unfreezes first falls due when nobody is busy: what was set aside is collected
then (cyclic garbage made during a task waits for it, as it would have in the oldest
generation), what survives is frozen again, and a day of typing searches cannot keep
cyclic garbage frozen for ever. The growth is read in the memory blocks Python's
allocator has handed out since the first busy spell after the last such collection
began (``sys.getallocatedblocks``: it adds up a count kept in each pool of each arena,
30-50 ms of the GUI thread in a window that had synced for a while, ``bench.sync_stall``);
so it is read only once the objects set aside since it was last read (the young
generation's count at each freeze, an upper bound: what was freed since is not taken
off) could make the slack, not after every busy spell (a sync's writer steps are
thousands). The frozen objects themselves are never counted (``gc.get_freeze_count``
walks every one: 15 ms of the GUI thread for the 155,000 alive after a full-size
import, under load; issue 18).

That collection unfreezes and walks every object alive, the start-up ones too (some
170,000 in a window that has synced and drawn a chart): right after a sync it held the
GUI thread 45-60 ms, the one stall over 50 ms left in ``bench.sync_stall``. Python 3.11
cannot unfreeze a part, nor collect a part of the oldest generation. So once it is due it
waits until nobody is looking at the window (``nobody_looking``: another application is
active, or every window of ours is minimized or hidden in the tray), as a browser's idle
time is spent on its garbage; what waits is cyclic garbage made while a task ran, which
only takes memory. Unless what waits grows past ``SET_ASIDE_CAP``: then it is looked at
at once all the same, so a window left active all day cannot pile garbage up for ever.
"""

from __future__ import annotations

import gc
import sys
import time
import weakref

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication
from shiboken6 import isValid

INTERVAL_MS = 250
BUSY_INTERVAL_MS = 50
# A full collection waits for busy owners at most this long: longer than an import or a
# capture takes on a loaded machine (at 60 s, one ran inside a 10,000-card import that
# took 88 s under load 15); only cyclic garbage that reached the oldest generation waits.
FULL_WAIT_S = 600.0
# Memory blocks grown since the first set-aside before a full collection falls due (about
# 250,000 objects: each object is a block, and so are most of the strings, numbers and
# item arrays it holds).
SET_ASIDE_SLACK = 600_000
# Past this growth what was set aside is looked at even while the user is at the window.
SET_ASIDE_CAP = 4 * SET_ASIDE_SLACK
# Objects set aside (tracked, counted at each freeze) before the blocks are read again.
SET_ASIDE_OBJECTS = 250_000

_installed: GuiThreadCollector | None = None
_busy: weakref.WeakSet[QObject] = weakref.WeakSet()
_collectors: weakref.WeakSet[GuiThreadCollector] = weakref.WeakSet()


def set_busy(owner: QObject, busy: bool) -> None:
    """A task runner started (True) or finished (False) its tasks; a preview opened on a
    plan, or closed. Full collections wait while any owner is busy (or until deleted)."""
    if busy:
        if not _any_busy():
            for collector in list(_collectors):
                collector.busy_begins()
        _busy.add(owner)
    else:
        _busy.discard(owner)


class GuiThreadCollector(QObject):
    """Switches Python's automatic collector off and collects from a GUI-thread timer."""

    def __init__(self, thresholds: tuple[int, int, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = thresholds
        self.collections = [0, 0, 0]  # by generation, for tests and the log
        self.set_aside = 0  # collections due while busy, frozen instead
        # Allocated blocks as the first busy spell since the last full collection began.
        self.blocks_base = sys.getallocatedblocks()
        self.holding = False  # something is set aside until the next full collection
        self.set_aside_objects = 0  # set aside since the blocks were last read, at most
        _collectors.add(self)
        self._unchecked = False  # set aside since the growth was last counted
        self.set_aside_due = False  # grown past the slack: looked at once nobody looks
        self.set_aside_urgent = False  # grown past the cap: looked at now
        self.nobody_looking = nobody_looking
        self.full_due_since: float | None = None  # a full collection waiting for tasks
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
        look_at_set_aside = False
        if self._unchecked and not _any_busy():
            self._count_set_aside()
        if (
            self.set_aside_due
            and not _any_busy()
            and (self.set_aside_urgent or self.nobody_looking())
        ):
            generation = 2  # what was set aside is looked at now
            look_at_set_aside = True
        elif self.full_due_since is not None and not _any_busy():
            generation = 2  # the full collection that waited for the tasks to end
        if generation == 2 and self._full_waits():
            generation = 1
        if generation is not None and generation < 2 and _any_busy():
            self.holding = True
            self.set_aside_objects += counts[0]
            gc.freeze()  # constant time: what the task made is not walked again and again
            self.set_aside += 1
            self._unchecked = True
        elif generation == 2 and look_at_set_aside:
            gc.unfreeze()  # what was set aside while busy is looked at now, once
            gc.collect(2)
            gc.freeze()  # and what survives is long-lived
            self.holding = self.set_aside_due = self.set_aside_urgent = False
            self.blocks_base = sys.getallocatedblocks()
            self.set_aside_objects = 0
            self.collections[2] += 1
        elif generation == 2:
            gc.collect(2)  # what is frozen (start-up, set aside) is not walked
            self.collections[2] += 1
        elif generation is not None:
            gc.collect(generation)
            self.collections[generation] += 1
        self.timer.setInterval(INTERVAL_MS if generation is None else BUSY_INTERVAL_MS)
        return generation

    def busy_begins(self) -> None:
        """Nobody was busy and someone is now: what is alive now was not set aside."""
        if not self.holding:
            self.blocks_base = sys.getallocatedblocks()

    def _count_set_aside(self) -> None:
        """Once after each busy spell (not at every idle tick): whether what was set aside
        has grown past the slack, or the cap. The blocks are read only once enough was set
        aside since they were last read to make the slack."""
        self._unchecked = False
        if not self.holding or self.set_aside_objects < SET_ASIDE_OBJECTS:
            return
        self.set_aside_objects = 0  # what is set aside from here is counted anew
        growth = sys.getallocatedblocks() - self.blocks_base
        self.set_aside_due = growth > SET_ASIDE_SLACK
        self.set_aside_urgent = growth > SET_ASIDE_CAP

    def _full_waits(self) -> bool:
        """Whether a full collection due now waits for a busy owner."""
        now = time.monotonic()
        if not _any_busy():
            self.full_due_since = None
            return False
        if self.full_due_since is None:
            self.full_due_since = now
        if now - self.full_due_since < FULL_WAIT_S:
            return True
        self.full_due_since = None
        return False


def nobody_looking() -> bool:
    """Nobody is looking at a window of ours: another application is the active one, or
    every window is minimized or hidden (in the tray)."""
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up

    if QGuiApplication.applicationState() != Qt.ApplicationState.ApplicationActive:
        return True
    return not any(
        window.isVisible() and not window.windowState() & Qt.WindowState.WindowMinimized
        for window in QGuiApplication.topLevelWindows()
    )


def _any_busy() -> bool:
    for owner in list(_busy):
        if not isValid(owner):  # deleted by Qt without saying it was done (its parent went)
            _busy.discard(owner)
    return bool(_busy)


def install(parent: QObject, thresholds: tuple[int, int, int]) -> GuiThreadCollector:
    """Collect on the GUI thread from now on (once per process; kept alive here)."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(thresholds, parent)
    return _installed
