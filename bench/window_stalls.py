"""The longest the GUI thread stalls while the window opens the health overview, or
restores a backup (issue 18: no stall over 50 ms, whatever the window does).

    python -m bench.window_stalls DATABASE [--runs 1] [--only health,restore]

Each runs the app's real path in the main window, offscreen, on a copy of the database
(as ``bench.import_stall`` does), with a ``QTimer`` beating every 5 ms on the GUI thread;
a stall is the gap between two beats, reported with the GUI thread's own CPU time in it
(``time.thread_time``: on a shared machine the wall-clock gaps also hold the time other
processes had the cores; the CPU time is what the window itself did) and, on Linux, the
time the GUI thread was ready to run but waited for a core (``/proc``'s schedstat: a gap
that is mostly this is the machine's load, not the window).

- ``health``: Health Overview (``HealthFeature.show_overview``) until its counts are
  drawn: the chart view made on first show, every person's health counted on the worker;
  opened once the window has imported the chart modules ahead (a couple of seconds
  after it shows), as a user's first opening is.
- ``today``: the Today view shown with its list out of date, until it is filled: who
  needs attention found for everyone on the worker, the rows made on the GUI thread.
- ``restore``: a backup made beforehand, restored from the Backups dialog
  (``BackupsDialog.restore``, confirmed): it checks the backup, waits for the worker,
  closes the database, backs up what is there and copies the backup over it (the check
  and the copies on the runner's worker, the event loop turning); the message that
  says Relapp will close is answered at once and the quit is skipped.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from relapp.storage import open_database
from relapp.storage.backup import copy_database_file

WHAT = ("health", "health-again", "today", "restore")


class Heartbeat:
    """Beats every ``interval_ms`` on the GUI thread; each beat keeps the wall clock, the
    GUI thread's CPU time and the time it waited for a core (0 where /proc has none)."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.beats: list[tuple[float, float, float]] = []
        self.schedstat = f"/proc/self/task/{threading.get_native_id()}/schedstat"
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        self.beats.append((time.perf_counter(), time.thread_time(), self._waited()))

    def _waited(self) -> float:
        """Seconds this thread has waited for a core, all told."""
        try:
            with open(self.schedstat) as stat:
                return int(stat.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return 0.0

    def start(self) -> None:
        self.beat()
        self.timer.start()

    def stop(self) -> dict[str, Any]:
        self.timer.stop()
        self.beat()
        gaps = [
            tuple((b[n] - a[n]) * 1000 for n in range(3)) for a, b in itertools.pairwise(self.beats)
        ]
        longest = max(gaps, default=(0.0, 0.0, 0.0))
        busiest = max(gaps, key=lambda g: g[1], default=(0.0, 0.0, 0.0))
        own = [g for g in gaps if g[2] < g[0] / 2]  # not mostly waiting for a core
        return {
            "max_gap_ms": longest[0],
            "max_gap_cpu_ms": longest[1],
            "max_gap_waited_ms": longest[2],  # waiting for a core (the machine's load)
            "max_own_gap_ms": max((g[0] for g in own), default=0.0),
            "max_cpu_gap_ms": busiest[0],  # the gap in which the GUI thread worked most
            "max_cpu_ms": busiest[1],
            "gaps_over_50ms": sum(1 for g in gaps if g[0] > 50),
            "total_ms": (self.beats[-1][0] - self.beats[0][0]) * 1000,
        }


def _in_window(
    database: Path,
    work: Path,
    act: Callable[[Any, Path], Callable[[], bool]],
    prepare: Callable[[Any], None] = lambda _window: None,
    after: Callable[[Any], dict] = lambda _window: {},
) -> dict:
    """``act(window, data_dir)`` starts the operation and returns when it is done;
    ``prepare(window)`` runs before the clock starts, ``after(window)`` once it stopped
    (what it returns goes into the result)."""
    from bench.qtkit import loop_until, main_window

    data_dir = work / "data"
    copy = copy_database_file(database, data_dir / "relapp.sqlite3")
    db = open_database(copy, backups_dir=data_dir / "backups")
    try:
        with main_window(db, data_dir) as window:
            prepare(window)
            heart = Heartbeat()
            heart.start()
            done = act(window, data_dir)
            loop_until(lambda: done() and window.runner.idle, what="the operation to finish")
            tail = time.perf_counter() + 0.3  # what its last callbacks started
            loop_until(lambda: time.perf_counter() > tail)
            loop_until(lambda: window.runner.idle, what="the window to settle")
            result = heart.stop()
            result.update(after(window))
    finally:
        if db.is_open:
            db.close()
    result["load"] = os.getloadavg()[0]
    return result


def open_health(window: Any, _data_dir: Path) -> Callable[[], bool]:
    from relapp.ui.health.feature import HealthFeature

    feature = window.features.get(HealthFeature)
    feature.overview.counts = None
    feature.show_overview()
    return lambda: feature.overview.counts is not None


def charts_imported(window: Any) -> None:
    """Wait as a user would before opening anything: the window imports the chart
    modules (pyqtgraph) on a thread of their own once it has settled
    (``ui/health/charts_ahead.py``), a couple of seconds after it shows."""
    from bench.qtkit import loop_until
    from relapp.ui.health import charts_ahead
    from relapp.ui.health.feature import HealthFeature

    ahead = window.features.get(HealthFeature).charts_ahead

    def done() -> bool:
        thread = ahead.thread
        return charts_ahead.loaded() and (thread is None or not thread.is_alive())

    loop_until(done, what="the chart modules imported ahead")


def health_shown_before(window: Any) -> None:
    """The overview opened once and hidden again, its counts out of date (as after an
    edit): the second time, pyqtgraph is imported and the chart made (the first time
    imports pyqtgraph: 0.3 s of CPU or more)."""
    from bench.qtkit import loop_until
    from relapp.ui.health.feature import HealthFeature

    feature = window.features.get(HealthFeature)
    shown = open_health(window, Path())
    loop_until(lambda: shown() and window.runner.idle, what="the first overview")
    window.stack.setCurrentIndex(0)  # another page on the right
    assert not feature.overview.isVisible()
    feature.overview.data_edited()


def open_today(window: Any, _data_dir: Path) -> Callable[[], bool]:
    """The Today view shown with its list out of date (as after an edit): who needs
    attention is worked out for everyone on the worker, the rows made on the GUI thread."""
    from relapp.ui.health.feature import HealthFeature

    feature = window.features.get(HealthFeature)
    loaded: list[bool] = []
    feature.today.loaded.connect(lambda: loaded.append(True))
    feature.today.result = None
    feature.today._dirty = True
    feature.show_today()
    if feature.today._dirty:  # it was on screen already (no show event): look again
        feature.today.refresh()
    return lambda: bool(loaded)


def measure(what: str, database: Path, work: Path) -> dict[str, Any]:
    if what == "health":
        return _in_window(database, work, open_health, charts_imported)
    if what == "health-again":
        return _in_window(database, work, open_health, health_shown_before)
    if what == "today":
        return _in_window(database, work, open_today)
    if what == "restore":
        return measure_restore(database, work)
    raise SystemExit(f"unknown: {what}")


def measure_restore(database: Path, work: Path) -> dict[str, Any]:
    from relapp.services import backups
    from relapp.ui.backups import dialog as backups_dialog

    data_dir = work / "data"
    copy = copy_database_file(database, data_dir / "relapp.sqlite3")
    db = open_database(copy, backups_dir=data_dir / "backups")
    backup = backups.backup_now(db, backups.MANUAL)  # beforehand: not timed
    db.close()
    said: list[Any] = []
    real_message = backups_dialog.restored_message
    backups_dialog.restored_message = lambda _parent, result, restart: said.append(result)  # type: ignore[assignment]

    def act(window: Any, _data_dir: Path) -> Callable[[], bool]:
        from relapp.ui.backups.feature import BackupsFeature

        quits: list[bool] = []
        shell = window.features.get(BackupsFeature).shell
        shell.quit = lambda: quits.append(True)  # the bench closes the window itself
        dialog = backups_dialog.BackupsDialog(shell)
        dialog.restore(backup, confirm=False)
        return lambda: bool(said) and bool(quits)

    try:
        return _in_window(database, work / "window", act)
    finally:
        backups_dialog.restored_message = real_message  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", default=",".join(WHAT))
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    from bench.qtkit import application

    application()
    for what in args.only.split(","):
        runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix=f"relapp-bench-{what}-") as folder:
                runs.append(measure(what, args.database, Path(folder)))
        print_runs(what, runs)


def print_runs(what: str, runs: list[dict[str, Any]]) -> None:
    """Each run's longest stall, with the GUI thread's own CPU time; their median."""
    for n, run in enumerate(runs, start=1):
        print(
            f"{what} run {n}: longest stall {run['max_gap_ms']:.0f} ms "
            f"(GUI thread CPU in it {run['max_gap_cpu_ms']:.0f} ms, waiting for a core "
            f"{run['max_gap_waited_ms']:.0f} ms); longest not mostly waiting for a core "
            f"{run['max_own_gap_ms']:.0f} ms; most GUI CPU in one gap "
            f"{run['max_cpu_ms']:.0f} ms (gap {run['max_cpu_gap_ms']:.0f} ms); "
            f"{run['gaps_over_50ms']} gaps over 50 ms in {run['total_ms'] / 1000:.1f} s; "
            f"load {run['load']:.1f}"
        )
    median = statistics.median(r["max_gap_ms"] for r in runs)
    print(f"{what}: median longest stall {median:.0f} ms")


if __name__ == "__main__":
    main()
