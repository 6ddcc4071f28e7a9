"""Cyclic garbage is collected on the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import sys
import threading

from PySide6.QtCore import QTimer

from relapp.ui.gc_collector import GuiThreadCollector


def _ticked_by_hand(thresholds: tuple[int, int, int] = (700, 10, 1000)) -> GuiThreadCollector:
    """A collector whose timer is stopped: the test calls ``collect_due`` itself. Nobody
    looks at a window unless the test says so (whatever windows other tests left)."""
    collector = GuiThreadCollector(thresholds)
    collector.timer.stop()
    collector.nobody_looking = lambda: True  # type: ignore[method-assign]
    return collector


def _calls_counted(monkeypatch, owner: object, name: str) -> list[int]:
    """A list that grows by one at each call of ``owner.name`` (which still runs)."""
    calls: list[int] = []
    real = getattr(owner, name)
    monkeypatch.setattr(owner, name, lambda: calls.append(1) or real())
    return calls


def test_collections_run_on_the_gui_thread_only(qtbot) -> None:
    threads: list[str] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    was_enabled = gc.isenabled()  # the suite itself runs with it off (tests/conftest.py)
    gc.enable()  # as in a fresh process
    gc.callbacks.append(seen)
    try:
        collector = GuiThreadCollector((10, 10, 10))
        assert not gc.isenabled()

        def churn() -> None:  # a worker making cyclic garbage, as an import's planning does
            for _ in range(20_000):
                cycle: list[object] = []
                cycle.append(cycle)

        worker = threading.Thread(target=churn, name="worker")
        worker.start()
        worker.join(30)
        assert "worker" not in threads  # the worker made garbage but never collected it
        qtbot.waitUntil(lambda: sum(collector.collections) > 0, timeout=3000)
        assert threads and set(threads) == {threading.main_thread().name}
        collector.timer.stop()
    finally:
        gc.callbacks.remove(seen)
        if not was_enabled:
            gc.disable()


def test_a_full_collection_waits_until_the_task_runner_is_idle(qtbot) -> None:
    """A full collection walks every object alive; while a task runs (planning an import
    of 10,000 cards keeps hundreds of thousands alive) it held the GUI thread for
    190-360 ms. It falls due then but runs once no task is running."""
    from relapp.ui.tasks import TaskRunner

    collector = GuiThreadCollector((10, 0, 0))  # a full collection is due at every tick
    runner = TaskRunner()
    release = threading.Event()
    started = threading.Event()

    def planning() -> int:
        started.set()
        while not release.wait(0.002):  # garbage all along, so collections fall due
            for _ in range(100):
                cycle: list[object] = []
                cycle.append(cycle)
        return 1

    done: list[int] = []
    gc.collect(1)  # the older generations' counts above their thresholds (0), so the
    gc.collect(0)  # first tick finds a full collection due, not only a young one
    try:
        runner.submit(planning, done.append)
        assert started.wait(10)
        qtbot.waitUntil(lambda: collector.set_aside >= 8, timeout=10_000)
        assert collector.collections[2] == 0  # due all along, never run while busy
        release.set()
        qtbot.waitUntil(lambda: done == [1], timeout=10_000)
        qtbot.waitUntil(lambda: collector.collections[2] >= 1, timeout=3000)
    finally:
        release.set()
        runner.wait(10_000)
        collector.timer.stop()


def test_a_full_collection_waits_while_a_preview_holds_a_plan(qtbot) -> None:
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    collector = GuiThreadCollector((10, 0, 0))  # a full collection is due at every tick
    preview = QObject()
    gc_collector.set_busy(preview, True)
    try:
        garbage: list[object] = []

        def churn() -> None:  # garbage from the GUI thread, so collections fall due
            for _ in range(100):
                cycle: list[object] = []
                cycle.append(cycle)
            garbage.append(1)

        churn_timer = QTimer()
        churn_timer.timeout.connect(churn)
        churn_timer.start(5)
        qtbot.waitUntil(lambda: collector.set_aside >= 8, timeout=10_000)
        assert collector.collections[2] == 0
        gc_collector.set_busy(preview, False)  # the preview closed
        qtbot.waitUntil(lambda: collector.collections[2] >= 1, timeout=3000)
        churn_timer.stop()
    finally:
        gc_collector.set_busy(preview, False)
        collector.timer.stop()


def test_while_a_task_runs_what_it_allocates_is_set_aside_not_walked(qtbot) -> None:
    """Issue 18: during an import's planning the GUI thread's young collections walked
    what the worker had allocated since the last tick (36-67 ms, and 143 ms for a
    generation-1 collection, measured with gc.callbacks on the bench's import path).
    While an owner is busy a due collection freezes instead (constant time); the next
    full collection, once nobody is busy, looks at what was set aside (due by itself
    once more than ``SET_ASIDE_SLACK`` objects were set aside and are still alive)."""
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    collector = _ticked_by_hand()
    walked: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            walked.append(info["generation"])

    task = QObject()
    gc_collector.set_busy(task, True)
    gc.callbacks.append(seen)
    frozen_before = gc.get_freeze_count()
    try:
        made = [[n] for n in range(300_000)]  # what a worker's planning holds
        garbage: list[object] = []
        garbage.append(garbage)  # and a cycle it dropped
        del garbage
        assert gc.get_count()[0] > 700  # a young collection is due
        collector.collect_due()
        assert walked == []  # nothing walked on the GUI thread while the task runs
        assert collector.set_aside == 1
        assert gc.get_freeze_count() >= frozen_before + 300_000
        assert gc.get_count()[0] < 700
        collector.collect_due()  # still busy: nothing due, nothing walked
        assert walked == [] and collector.collections == [0, 0, 0]
        gc_collector.set_busy(task, False)
        collector.collect_due()  # 300,000 set aside and alive: a full collection is due
        assert walked == [2] and collector.collections[2] == 1
        assert gc.get_freeze_count() >= 300_000  # the survivors are set aside again
        assert not collector.holding
        assert len(made) == 300_000
    finally:
        gc.callbacks.remove(seen)
        gc_collector.set_busy(task, False)


def test_what_was_set_aside_is_counted_without_walking_it(qtbot, monkeypatch) -> None:
    """``gc.get_freeze_count`` walks every frozen object: 15 ms of the GUI thread for
    the 155,000 alive after a full-size import (load 13, issue 18), once at the first
    set-aside of a busy spell and once after it. The collector counts what it sets aside
    as it goes instead, and a full collection still falls due once that has grown by
    ``SET_ASIDE_SLACK``."""
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    walks = _calls_counted(monkeypatch, gc, "get_freeze_count")
    collector = _ticked_by_hand()
    task = QObject()
    gc_collector.set_busy(task, True)
    try:
        made = []
        for _ in range(3):
            made.extend([n] for n in range(100_000))  # what a worker's planning holds
            collector.collect_due()
        assert collector.set_aside == 3
        gc_collector.set_busy(task, False)
        collector.collect_due()  # 300,000 set aside and alive: a full collection is due
        assert collector.collections[2] == 1
        assert walks == []
        assert len(made) == 300_000
    finally:
        gc_collector.set_busy(task, False)


def test_what_was_set_aside_and_freed_since_makes_no_full_collection_due(qtbot) -> None:
    """An import's plan is set aside while it is planned and freed once applied: no full
    collection (which walks everything alive) falls due for it after the import."""
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    collector = _ticked_by_hand()
    task = QObject()
    gc_collector.set_busy(task, True)
    try:
        plan = [[n] for n in range(300_000)]
        collector.collect_due()
        assert collector.set_aside == 1
        del plan  # applied: the worker lets it go
        gc_collector.set_busy(task, False)
        collector.collect_due()
        assert collector.collections[2] == 0
    finally:
        gc_collector.set_busy(task, False)


def test_what_was_made_before_a_task_began_is_not_counted_as_set_aside(qtbot) -> None:
    """The window and its features are built after the collector starts, and the first
    search runs as they are: what start-up made is not what a task set aside, and no
    full collection (which would walk every start-up object) falls due for it."""
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    collector = _ticked_by_hand()
    window = [[n] for n in range(300_000)]  # start-up, nobody busy yet
    task = QObject()
    gc_collector.set_busy(task, True)  # the first search
    try:
        collector.collect_due()
        assert collector.set_aside == 1
        gc_collector.set_busy(task, False)
        collector.collect_due()
        assert collector.collections[2] == 0
        assert len(window) == 300_000
    finally:
        gc_collector.set_busy(task, False)


def test_a_full_collection_that_waited_does_not_walk_what_is_frozen(qtbot) -> None:
    """A full collection that fell due during a capture's planning ran as the preview
    opened and walked every object, the start-up ones and all the capture set aside
    included: 770 ms of the GUI thread's CPU (bench.capture_stall, 20,000 mails, load
    10). It walks what is not frozen; what was set aside waits for the growth rule."""
    import weakref

    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    class Node:
        pass

    collector = _ticked_by_hand((10, 0, 0))  # a full collection due at every chance
    task = QObject()
    gc_collector.set_busy(task, True)
    try:
        gc.collect(1)  # the older generations' counts above their thresholds (0), so the
        gc.collect(0)  # first tick finds a full collection due, not only a young one
        garbage = Node()
        garbage.me = garbage  # type: ignore[attr-defined]
        frozen = weakref.ref(garbage)
        del garbage
        for _ in range(20):
            cycle: list[object] = []
            cycle.append(cycle)
        collector.collect_due()  # set aside, the full collection waits
        assert collector.set_aside == 1 and collector.full_due_since is not None
        gc_collector.set_busy(task, False)
        assert collector.collect_due() == 2
        assert frozen() is not None  # set aside: not walked by this one
    finally:
        gc_collector.set_busy(task, False)
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def test_many_short_busy_spells_do_not_count_the_allocator_at_each_end(qtbot, monkeypatch) -> None:
    """A sync hands the writer thousands of short steps, each a busy spell that sets a
    few objects aside. The growth was counted (``sys.getallocatedblocks``, which visits
    every pool of every arena: 30-50 ms of the GUI thread in a syncing window,
    ``bench.sync_stall``) after each of them; now only once what was set aside since
    the last count could reach ``SET_ASIDE_SLACK``."""
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    counted = _calls_counted(monkeypatch, sys, "getallocatedblocks")
    collector = _ticked_by_hand()
    step = QObject()
    kept = []
    try:
        gc_collector.set_busy(step, True)
        counted.clear()  # the base, as the first spell begins
        for _ in range(20):
            gc_collector.set_busy(step, True)
            kept.extend([n] for n in range(1_000))  # a step's few objects
            collector.collect_due()  # due: set aside
            gc_collector.set_busy(step, False)
            collector.collect_due()  # idle between two steps
        assert collector.set_aside == 20
        assert counted == []
        assert collector.collections[2] == 0
    finally:
        gc_collector.set_busy(step, False)


def _set_aside_past_the_slack(collector: GuiThreadCollector, kept: list) -> None:
    """A busy spell that sets aside more than ``SET_ASIDE_SLACK`` blocks, still alive."""
    from PySide6.QtCore import QObject

    from relapp.ui import gc_collector

    task = QObject()
    gc_collector.set_busy(task, True)
    try:
        kept.extend([n] for n in range(300_000))
        collector.collect_due()
        assert collector.holding
    finally:
        gc_collector.set_busy(task, False)


def test_what_was_set_aside_is_looked_at_when_nobody_is_looking(qtbot) -> None:
    """That full collection unfreezes and walks every object alive, the start-up ones
    too (~170,000): right after a sync it held the GUI thread 45-60 ms, the one stall
    over 50 ms left in the sync (``bench.sync_stall``, issue 18). It waits until nobody
    looks at the window (another application active, the window minimized or hidden in
    the tray), unless what waits has grown past ``SET_ASIDE_CAP``."""
    collector = _ticked_by_hand()
    away = [False]
    collector.nobody_looking = lambda: away[0]  # type: ignore[method-assign]
    kept: list = []
    _set_aside_past_the_slack(collector, kept)
    for _ in range(3):
        collector.collect_due()  # the user is at the window: nothing is walked
    assert collector.collections[2] == 0 and collector.holding
    away[0] = True  # the user went to another application
    assert collector.collect_due() == 2
    assert collector.collections[2] == 1 and not collector.holding
    assert len(kept) == 300_000


def test_what_was_set_aside_does_not_wait_past_the_cap(qtbot, monkeypatch) -> None:
    """Nobody ever away (a window left active all day): once what waits has grown past
    ``SET_ASIDE_CAP`` it is looked at all the same, so cyclic garbage cannot pile up."""
    from relapp.ui import gc_collector

    monkeypatch.setattr(gc_collector, "SET_ASIDE_CAP", 2 * gc_collector.SET_ASIDE_SLACK)
    collector = _ticked_by_hand()
    collector.nobody_looking = lambda: False  # type: ignore[method-assign]
    kept: list = []
    _set_aside_past_the_slack(collector, kept)
    collector.collect_due()
    assert collector.collections[2] == 0
    for _ in range(3):  # more set aside, and still alive
        _set_aside_past_the_slack(collector, kept)
    assert collector.collect_due() == 2
    assert collector.collections[2] == 1 and not collector.holding


def test_nobody_looks_at_a_hidden_or_minimized_window(qtbot) -> None:
    """What ``nobody_looking`` reads: the application's state and its windows."""
    from PySide6.QtWidgets import QWidget

    from relapp.ui.gc_collector import nobody_looking

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: not nobody_looking())
    window.showMinimized()
    qtbot.waitUntil(nobody_looking)
    window.showNormal()
    qtbot.waitUntil(lambda: not nobody_looking())
    window.hide()
    assert nobody_looking()
