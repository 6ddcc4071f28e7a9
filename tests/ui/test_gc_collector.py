"""Cyclic garbage is collected on the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import threading

from relapp.ui.gc_collector import GuiThreadCollector


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
