"""Issue 14's bug: a write from the GUI thread while the worker holds a long write
transaction (an import writes for ~7 s; SQLite's busy timeout is 5 s).

Against a real SQLite file and the real window, scheduler and runner: the worker holds
``db.atomic()`` for longer than the busy timeout; meanwhile the scheduler's heartbeat
(``set_last_seen``), an undo of an edit and saving the person dialog ask to write. Each
must land after the long transaction, with no error, and the GUI thread must not stall:
each of the three GUI-side calls returns within ``STALL_BUDGET_MS``, and a 5 ms timer on
the GUI thread keeps ticking throughout (its longest gap stays under ``GAP_BUDGET_MS``;
about 25-40 ms on an idle machine, more when other processes take the cores, so the gap
budget is looser than the calls' while still far below the 5 s stall of the bug).

Before the fix: the heartbeat blocked the GUI thread for 5012 ms and raised "database is
locked".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.services import promises as promise_service
from relapp.storage import Database
from relapp.storage.database import DEFAULT_BUSY_TIMEOUT
from relapp.ui import undo_commands
from relapp.ui.app import open_window
from relapp.ui.main_window import MainWindow
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.promises import feature as promises_feature
from relapp.ui.promises.feature import PromisesFeature
from relapp.ui.tasks import TaskRunner

HOLD_SECONDS = DEFAULT_BUSY_TIMEOUT + 1.0
STALL_BUDGET_MS = 50.0
GAP_BUDGET_MS = 250.0


class StallMonitor:
    """Ticks every 5 ms on the GUI thread; ``gaps`` are (when the tick came, the gap
    before it in ms), on the monotonic clock."""

    def __init__(self) -> None:
        self.gaps: list[tuple[float, float]] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((time.monotonic(), (now - self._last) * 1000))
        self._last = now

    def longest_ms(self, until: float) -> float:
        return max(gap for at, gap in self.gaps if at <= until)


class LongWrite:
    """A task that holds the write lock on the worker, as an import does."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.began = threading.Event()
        self.ended_at: float | None = None

    def __call__(self) -> None:
        with self.db.atomic():
            self.db.connection().execute(
                "INSERT OR REPLACE INTO app_state (key, value) VALUES ('long-write', 'held')"
            )
            self.began.set()
            time.sleep(HOLD_SECONDS)
        self.ended_at = time.monotonic()


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner, monkeypatch) -> Iterator:
    monkeypatch.setattr(promises_feature, "tray_available", lambda: False)
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.show()
    feature = win.features.get(PromisesFeature)
    qtbot.waitUntil(lambda: win.list_loaded and feature.scheduler.started)
    qtbot.waitUntil(lambda: runner.idle)
    yield win
    feature.scheduler.stop()
    runner.wait()


def hold_the_worker(qtbot, runner: TaskRunner, db: Database) -> LongWrite:
    long_write = LongWrite(db)
    runner.submit(long_write, name="the import")
    qtbot.waitUntil(long_write.began.is_set)  # the GUI thread keeps turning meanwhile
    return long_write


def test_gui_writes_during_a_long_write_transaction_wait_their_turn_without_stalling(
    qtbot, db: Database, runner: TaskRunner, window: MainWindow, monkeypatch
) -> None:
    scheduler = window.features.get(PromisesFeature).scheduler
    pid = people.add_person(db, PersonDraft("Ada Lovelace")).id
    before = people.get_person(db, pid)
    renamed = people.update_person(db, pid, PersonDraft("Ada King")).draft()
    window.undo_stack.push(undo_commands.person_edited(window, pid, before.draft(), renamed))
    # Their page is open (and drawn once) before the clock starts: what is measured is
    # waiting for the lock, not a first paint.
    window.select_person(pid)
    qtbot.waitUntil(lambda: window.page.person is not None and runner.idle)
    qtbot.wait(300)
    errors: list[BaseException] = []
    monkeypatch.setattr(window, "report_error", errors.append)
    announced: list[float] = []
    window.changed.connect(lambda _changes: announced.append(time.monotonic()))
    dialog = PersonDialog(db, runner, people.get_person(db, pid), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.notes_edit.setPlainText("Wrote the first program")

    took_ms: dict[str, float] = {}

    def guarded(write: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            start = time.perf_counter()
            try:
                write()
            except Exception as exc:  # the bug: "database is locked" after 5 s
                errors.append(exc)
            took_ms[write.__name__] = (time.perf_counter() - start) * 1000

        return run

    monitor = StallMonitor()
    monitor.start()
    long_write = hold_the_worker(qtbot, runner, db)
    QTimer.singleShot(0, guarded(scheduler.heartbeat))
    QTimer.singleShot(10, guarded(window.undo_stack.undo))
    QTimer.singleShot(20, guarded(dialog.save))
    saying = "Saving after the import…"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == saying)
    assert long_write.ended_at is None  # said while the writes wait
    qtbot.waitUntil(lambda: long_write.ended_at is not None, timeout=int(HOLD_SECONDS * 3000))
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible(), timeout=10_000)
    qtbot.wait(50)
    monitor.stop()

    assert errors == []
    assert window.statusBar().currentMessage() != saying  # and no longer once they ran
    seen = promise_service.last_seen(db)
    assert seen is not None and seen >= scheduler._mark[1].replace(microsecond=0)
    stored = people.get_person(db, pid)
    assert stored.display_name == "Ada King"  # the undo, then the dialog (opened before it) saved
    assert stored.notes == "Wrote the first program"
    assert dialog.outcome == "updated"
    assert announced and min(announced) >= long_write.ended_at
    assert set(took_ms) == {"heartbeat", "undo", "save"}
    assert max(took_ms.values()) < STALL_BUDGET_MS, f"GUI-side writes took {took_ms}"
    # Until the first write lands (asking, queueing, waiting ~6 s, writing): the window
    # repainting what changed afterwards is ordinary work, not waiting on the lock.
    gap = monitor.longest_ms(until=min(announced))
    print(f"GUI-side calls {took_ms} ms; longest GUI gap until the writes landed {gap:.0f} ms")
    assert gap < GAP_BUDGET_MS, f"the GUI thread stopped for {gap:.0f} ms"
