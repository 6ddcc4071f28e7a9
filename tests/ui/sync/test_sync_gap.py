"""No GUI stall during a sync (issue 16): the real window, a real SQLite file with 200
people and a real Radicale; while the first sync sends them all (its requests on a
thread of its own, each database step a write on the runner's worker), every GUI-side
call of the sync (starting it, its result handed back, the status line redrawn) returns
within ``STALL_BUDGET_MS`` (50 ms), and a 5 ms timer on the GUI thread keeps ticking:
its longest gap stays under ``GAP_BUDGET_MS``. That one is looser, as in
tests/ui/test_one_writer.py: on the 2 shared cores of the test machine (load 4) the
longest gap measured 33-54 ms during the sync (the sync's Python, the worker's and
Radicale compete for the cores and the GIL) and 21 ms with nothing running at all; a
sync on the GUI thread would stall it for the whole ~12 s. (At load 15-18 the gap
reached 170-250 ms, before and after the requests moved off the worker alike.) The
status line is in the window's status bar, says "Syncing…" meanwhile and opens
Settings ▸ Sync… when clicked."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.paths import AppPaths
from relapp.services.sync import engine
from relapp.storage import Database, bulk
from relapp.ui.app import open_window
from relapp.ui.sync.feature import SyncFeature
from relapp.ui.sync.status_line import SyncStatusLine
from relapp.ui.tasks import TaskRunner
from tests.dav_server import Radicale
from tests.sync.helpers import cards_on_server
from tests.ui.test_one_writer import StallMonitor

PEOPLE = 200


def timed(name: str, fn: Callable[..., Any], calls: list[tuple[str, float]]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            calls.append((name, (time.perf_counter() - began) * 1000))

    return run


STALL_BUDGET_MS = 50.0
GAP_BUDGET_MS = 100.0


def test_a_sync_of_200_people_never_stalls_the_window(
    qtbot,
    db: Database,
    paths: AppPaths,
    runner: TaskRunner,
    dav: Radicale,
    kept_passwords,
    monkeypatch,
) -> None:
    calls: list[tuple[str, float]] = []
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
    monitor = StallMonitor()
    monitor.start()
    began = time.monotonic()
    feature.sync_now(engine.Account(account.url, account.user), account.password)
    assert feature.status_line.words == "Syncing…" and feature.status_line.isVisible()
    qtbot.waitUntil(lambda: not feature.running, timeout=300000)
    ended = time.monotonic()
    monitor.stop()
    assert feature.last is not None and feature.last.people.sent_new == PEOPLE
    assert len(cards_on_server(account)) == PEOPLE
    longest = monitor.longest_ms(until=ended)
    ticks = len([g for at, g in monitor.gaps if at <= ended])
    print(
        f"\nsync of {PEOPLE} people: {ended - began:.1f} s, {ticks} ticks, "
        f"longest GUI gap {longest:.1f} ms"
    )
    assert ticks > (ended - began) * 1000 / 50  # the timer really ran throughout
    assert longest < GAP_BUDGET_MS
    assert {name for name, _ in calls} >= {"sync_now", "_done", "status"}
    slowest = max(calls, key=lambda call: call[1])
    print(f"slowest GUI-side call: {slowest[0]} {slowest[1]:.1f} ms")
    assert slowest[1] < STALL_BUDGET_MS, calls
    assert feature.status_line.words == "Synced just now"
    qtbot.mouseClick(feature.status_line, Qt.MouseButton.LeftButton)
    assert feature.dialog is not None and feature.dialog.isVisible()
    feature.dialog.reject()
