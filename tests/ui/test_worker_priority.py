"""The GUI thread comes first for a core: the task runner's worker, and the threads its
tasks start (the second reader of everyone's health), run at a lower CPU priority (issue
18: opening the health overview, the GUI thread waited 25-40 ms for a core while two
threads counted everyone's health)."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from relapp.ui.tasks import TaskRunner

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice")


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_the_worker_runs_at_a_lower_priority_than_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    results: list[int] = []
    runner.submit(_nice, results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert results[0] > _nice()
    assert _nice() == os.getpriority(os.PRIO_PROCESS, 0)  # the GUI thread left as it was


def test_a_thread_a_task_starts_has_the_workers_priority(qtbot, runner: TaskRunner) -> None:
    def in_a_pool() -> tuple[int, int]:
        with ThreadPoolExecutor(1) as pool:
            return _nice(), pool.submit(_nice).result()

    results: list[tuple[int, int]] = []
    runner.submit(in_a_pool, results.append)
    qtbot.waitUntil(lambda: bool(results))
    ((worker, helper),) = results
    assert helper == worker > _nice()
