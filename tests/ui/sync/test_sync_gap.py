"""No GUI stall during a sync (issue 16): the real window, a real SQLite file with 200
people and a real Radicale; while the first sync sends them all, every request runs on
the sync's own thread and every database step on the runner's worker (never on the GUI
thread), every GUI-side call of the sync (starting it, its result handed back, the status
line redrawn) takes under ``STALL_BUDGET_MS`` (50 ms) of the GUI thread's CPU, and a 5 ms
timer on the GUI thread keeps ticking: the GUI thread's own CPU time between two ticks
stays under the same budget.

As in tests/ui/capture/test_capture_stall.py, the budget is the GUI thread's CPU time
(``time.thread_time``), and wall-clock time is held loosely (``WALL_BUDGET_MS``): on the
2 shared cores of the test machine a wall-clock gap also holds the time other processes
had the cores (the longest gap measured 33-54 ms at load 4, 21 ms with nothing running,
170-250 ms at load 15-18 and 314 ms at load 19, with the sync off the GUI thread all
along, the GUI thread's own CPU between two ticks 22 ms), while a sync on the GUI thread
would stall it for the whole ~12 s, and a single request or step there is seen by the
thread it ran on. The status line is in the window's status bar, says
"Syncing…" meanwhile and opens Settings ▸ Sync… when clicked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.paths import AppPaths
from relapp.services.sync import engine
from relapp.services.sync.dav import DavClient
from relapp.storage import Database, bulk
from relapp.ui.app import open_window
from relapp.ui.sync.feature import SyncFeature
from relapp.ui.sync.status_line import SyncStatusLine
from relapp.ui.tasks import TaskRunner
from tests.dav_server import Radicale
from tests.sync.helpers import cards_on_server
from tests.ui.test_one_writer import StallMonitor

PEOPLE = 200


def timed(
    name: str, fn: Callable[..., Any], calls: list[tuple[str, float, float]]
) -> Callable[..., Any]:
    """``fn``, noting (name, wall ms, the calling thread's CPU ms) of each call."""

    def run(*args: Any, **kwargs: Any) -> Any:
        began, cpu = time.perf_counter(), time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            calls.append(
                (name, (time.perf_counter() - began) * 1000, (time.thread_time() - cpu) * 1000)
            )

    return run


def on_thread(fn: Callable[..., Any], threads: set[int]) -> Callable[..., Any]:
    """``fn``, noting the thread of each call."""

    def run(*args: Any, **kwargs: Any) -> Any:
        threads.add(threading.get_ident())
        return fn(*args, **kwargs)

    return run


def steps_on_thread(sync: Callable[..., Any], threads: set[int]) -> Callable[..., Any]:
    """``engine.sync``, noting the thread each of its database steps runs on."""

    def run(*args: Any, step: Any, **kwargs: Any) -> Any:
        def noted(fn: Callable[[], Any]) -> Any:
            def inner() -> Any:
                threads.add(threading.get_ident())
                return fn()

            return step(inner)

        return sync(*args, step=noted, **kwargs)

    return run


class CpuStallMonitor(StallMonitor):
    """:class:`StallMonitor`, with the GUI thread's own CPU time between two ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu_gaps: list[tuple[float, float]] = []
        self._cpu = time.thread_time()

    def start(self) -> None:
        self._cpu = time.thread_time()
        super().start()

    def _tick(self) -> None:
        cpu = time.thread_time()
        self.cpu_gaps.append((time.monotonic(), (cpu - self._cpu) * 1000))
        self._cpu = cpu
        super()._tick()

    def longest_cpu_ms(self, until: float) -> float:
        return max(gap for at, gap in self.cpu_gaps if at <= until)


STALL_BUDGET_MS = 50.0  # the GUI thread's CPU time
WALL_BUDGET_MS = 1000.0  # loose: other processes take the cores (314 ms seen at load 19)


def test_a_sync_of_200_people_never_stalls_the_window(
    qtbot,
    db: Database,
    paths: AppPaths,
    runner: TaskRunner,
    dav: Radicale,
    kept_passwords,
    monkeypatch,
) -> None:
    calls: list[tuple[str, float, float]] = []
    requests: set[int] = set()
    monkeypatch.setattr(DavClient, "request", on_thread(DavClient.request, requests))
    steps: set[int] = set()
    monkeypatch.setattr(engine, "sync", steps_on_thread(engine.sync, steps))
    for name in ("sync_now", "_done", "_failed"):
        monkeypatch.setattr(SyncFeature, name, timed(name, getattr(SyncFeature, name), calls))
    monkeypatch.setattr(
        SyncStatusLine, "show_text", timed("status", SyncStatusLine.show_text, calls)
    )
    with db.atomic():
        bulk.insert_people(
            db,
            [
                PersonDraft(
                    f"Person {i:03d}",
                    notes=f"met at the {i}th meetup",
                    contact_points=(ContactPoint(ContactKind.EMAIL, f"p{i}@example.org"),),
                )
                for i in range(PEOPLE)
            ],
        )
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    feature = window.features.get(SyncFeature)
    assert window.statusBar().isAncestorOf(feature.status_line)
    qtbot.waitUntil(lambda: runner.idle)
    account = dav.new_account()
    monitor = CpuStallMonitor()
    monitor.start()
    began = time.monotonic()
    feature.sync_now(engine.Account(account.url, account.user), account.password)
    assert feature.status_line.words == "Syncing…" and feature.status_line.isVisible()
    qtbot.waitUntil(lambda: not feature.running, timeout=300000)
    ended = time.monotonic()
    monitor.stop()
    requests, steps = set(requests), set(steps)  # the sync's own (the test reads after)
    assert feature.last is not None and feature.last.people.sent_new == PEOPLE
    assert len(cards_on_server(account)) == PEOPLE
    longest = monitor.longest_ms(until=ended)
    longest_cpu = monitor.longest_cpu_ms(until=ended)
    ticks = len([g for at, g in monitor.gaps if at <= ended])
    print(
        f"\nsync of {PEOPLE} people: {ended - began:.1f} s, {ticks} ticks, longest GUI gap "
        f"{longest:.1f} ms wall, {longest_cpu:.1f} ms of the GUI thread's CPU"
    )
    # Off the GUI thread: the requests on the sync's own thread, the steps on the worker.
    gui = threading.get_ident()
    assert requests and steps and gui not in requests | steps
    assert len(steps) == 1 and not requests & steps
    assert ticks > (ended - began) * 1000 / 50  # the timer really ran throughout
    assert longest_cpu < STALL_BUDGET_MS
    assert longest < WALL_BUDGET_MS
    assert {name for name, _, _ in calls} >= {"sync_now", "_done", "status"}
    slowest = max(calls, key=lambda call: call[2])
    print(f"slowest GUI-side call: {slowest[0]} {slowest[1]:.1f} ms, {slowest[2]:.1f} ms CPU")
    assert slowest[2] < STALL_BUDGET_MS, calls
    assert max(wall for _, wall, _ in calls) < WALL_BUDGET_MS, calls
    assert feature.status_line.words == "Synced just now"
    qtbot.mouseClick(feature.status_line, Qt.MouseButton.LeftButton)
    assert feature.dialog is not None and feature.dialog.isVisible()
    feature.dialog.reject()
