"""A sync is one busy spell for the GUI-thread collector (issue 18: no GUI stall over
50 ms), however many steps it hands the writer.

Each step is a write: the runner went busy and idle again for every one, thousands in a
first sync. At each start of a spell the collector counted the allocator's blocks
(``sys.getallocatedblocks`` visits every pool of every arena: up to 60 ms of the GUI
thread in one heartbeat gap while a first sync sent 2,000 cards, ``bench.sync_stall``,
the stacks in ``TaskRunner._start < gc_collector.set_busy``), and in the moments between
two steps, when nobody was busy, it ran the full collection of everything set aside so
far, with the sync's listing and states alive: 312 ms of the GUI thread while a new
database took in 20,000 journal entries."""

from __future__ import annotations

import sys
import threading
import time

from relapp.storage import Database
from relapp.ui import gc_collector
from relapp.ui.gc_collector import GuiThreadCollector
from relapp.ui.sync.off_writer import OffWriter
from relapp.ui.tasks import TaskRunner

STEPS = 30


def test_a_sync_of_many_steps_is_one_busy_spell(
    qtbot, db: Database, runner: TaskRunner, monkeypatch
) -> None:
    counted: list[int] = []
    real = sys.getallocatedblocks
    monkeypatch.setattr(sys, "getallocatedblocks", lambda: counted.append(1) or real())
    collector = GuiThreadCollector((700, 10, 10))
    collector.timer.stop()  # ticks by hand below: nothing set aside, so each spell counts
    writer = OffWriter(runner, db)
    busy_between: list[bool] = []
    idle_runner = threading.Event()

    def work(step) -> int:  # on the sync's thread, as engine.sync is
        for n in range(STEPS):
            step(lambda n=n: n)
            idle_runner.clear()
            assert idle_runner.wait(10)  # the runner went idle after the step
            busy_between.append(gc_collector._any_busy())
            time.sleep(0.002)
        return STEPS

    def tick() -> None:  # on the GUI thread, between the sync's steps
        if runner.idle:
            idle_runner.set()

    ticker = qtbot_timer(tick)
    done: list[int] = []
    counted.clear()
    writer.start(work, done.append, lambda error: done.append(-1))
    try:
        qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    finally:
        ticker.stop()
    assert done == [STEPS]
    assert busy_between == [True] * STEPS  # busy from the first step to the last
    assert 1 <= len(counted) <= 2  # once as the sync began (per collector), not per step
    qtbot.waitUntil(lambda: not gc_collector._any_busy(), timeout=5000)  # over at its end
    del collector


def qtbot_timer(fn):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(fn)
    timer.start()
    return timer
