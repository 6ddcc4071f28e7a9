"""The longest the GUI thread stalls while history is captured in the window.

    python -m bench.capture_stall [--messages 20000] [--people 2000] [--runs 1]
        [--database DB --mbox FILE]

Runs the app's real capture path in the main window, offscreen: ``CaptureFeature``'s
``capture_files`` (planning on the task runner, its progress dialog), the preview dialog
(built on the GUI thread), its Apply button, applying on the task runner, and the window
catching up, until every background task is done. The cyclic garbage collector runs on
the GUI thread as in the app (``ui/gc_collector``, start-up objects frozen). A
``QTimer`` beats every 5 ms on the GUI thread; a stall is the gap between two beats. The
longest gap is reported with the step it fell in, and so is the longest garbage
collection run on the GUI thread (a full one walks every object the plan made).

Without ``--database`` a fresh database of ``--people`` people is made, and an mbox of
``--messages`` messages (``bench.capture_archives``) between me and them.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.capture_archives import ME, write_mbox
from bench.import_stall import gap_rows, step_of
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.storage import Database, bulk, open_database
from relapp.storage.backup import copy_database_file

STEPS = ("planning", "building the preview", "applying", "window updating", "catching up")


def known_people(db: Database, count: int) -> list[str]:
    """``count`` people with an email each; their addresses."""
    addresses = [f"friend{n}@known.example" for n in range(count)]
    drafts = [
        PersonDraft(f"Friend {n}", contact_points=(ContactPoint(ContactKind.EMAIL, a),))
        for n, a in enumerate(addresses)
    ]
    with db.atomic():
        bulk.insert_people(db, drafts)
    return addresses


class GcTimes:
    """How long each collection took, on which generation (GUI-thread ones only)."""

    def __init__(self) -> None:
        self.runs: list[tuple[int, float]] = []
        self.slow: list[tuple[float, int, float, tuple[int, int, int]]] = []  # over 20 ms
        self._began = 0.0
        self._cpu = 0.0
        self.longest_cpu_ms = 0.0  # the GUI thread's own CPU time in its longest collection
        self._counts = (0, 0, 0)

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            self._cpu = time.thread_time()
            self._counts = gc.get_count()
        else:
            took = (time.perf_counter() - self._began) * 1000
            self.longest_cpu_ms = max(self.longest_cpu_ms, (time.thread_time() - self._cpu) * 1000)
            self.runs.append((info["generation"], took))
            if took > 20:
                self.slow.append((self._began, info["generation"], took, self._counts))

    def longest(self) -> tuple[int, float]:
        return max(self.runs, key=lambda r: r[1]) if self.runs else (-1, 0.0)


def measure_once(database: Path, mbox: Path, work: Path, heartbeat_ms: int = 5) -> dict[str, Any]:
    """One capture of ``mbox`` into a copy of ``database`` made in ``work``."""
    from PySide6.QtCore import Qt, QTimer

    from bench.qtkit import loop_until, main_window
    from relapp.services import capture
    from relapp.ui import gc_collector
    from relapp.ui.app import GC_THRESHOLDS
    from relapp.ui.capture.feature import CaptureFeature

    # As in the app; a test process has none installed (it would outlive the test).
    local = (
        gc_collector.GuiThreadCollector(GC_THRESHOLDS) if gc_collector._installed is None else None
    )

    data_dir = work / "data"
    copy = copy_database_file(database, data_dir / "relapp.sqlite3")
    db = open_database(copy, backups_dir=data_dir / "backups")
    capture.set_my_addresses(db, [ME])
    marks: list[tuple[str, float]] = []
    beats: list[float] = []
    outcome: dict[str, Any] = {}
    times = GcTimes()
    try:
        with main_window(db, data_dir) as window:
            feature = window.features.get(CaptureFeature)
            assert feature is not None
            show_preview, applied = feature.show_preview, feature._applied

            def on_preview(*args: Any) -> None:
                marks.append((STEPS[1], time.perf_counter()))
                cpu = time.thread_time()
                show_preview(*args)
                outcome["preview_ms"] = (time.perf_counter() - marks[-1][1]) * 1000
                outcome["preview_cpu_ms"] = (time.thread_time() - cpu) * 1000
                QTimer.singleShot(0, press_apply)

            def press_apply() -> None:
                marks.append((STEPS[2], time.perf_counter()))
                assert feature.preview is not None
                feature.preview.apply_button.click()

            def on_applied(result: Any) -> None:
                marks.append((STEPS[3], time.perf_counter()))
                applied(result)
                marks.append((STEPS[4], time.perf_counter()))
                outcome["interactions"] = result.interactions

            feature.show_preview = on_preview  # type: ignore[method-assign]
            feature._applied = on_applied  # type: ignore[method-assign]
            timer = QTimer()
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.setInterval(heartbeat_ms)
            timer.timeout.connect(lambda: beats.append(time.perf_counter()))
            gc.callbacks.append(times)
            timer.start()
            started = time.perf_counter()
            beats.append(started)
            marks.append((STEPS[0], started))
            feature.capture_files([str(mbox)])

            def finished() -> bool:
                done = "interactions" in outcome or (not feature.busy and feature.preview is None)
                return done and not feature.busy and window.runner.idle and window.list_loaded

            loop_until(finished, what="the capture to finish")
            tail = time.perf_counter() + 0.5  # anything the last callbacks started
            loop_until(lambda: time.perf_counter() > tail)
            timer.stop()
            gc.callbacks.remove(times)
            ended = time.perf_counter()
    finally:
        db.close()
        if local is not None:
            local.timer.stop()
            local.deleteLater()
    if "interactions" not in outcome:
        raise RuntimeError("the capture did not apply")
    generation, gc_ms = times.longest()
    return {
        **gap_rows(beats, marks, started),
        "longest_gc_ms": gc_ms,
        "longest_gc_generation": generation,
        "full_collections": sum(1 for g, _ms in times.runs if g == 2),
        "slow_collections": [
            (step_of(at, at + ms / 1000, marks), g, round(ms, 1), counts)
            for at, g, ms, counts in times.slow
        ],
        "interactions": outcome["interactions"],
        "preview_ms": outcome.get("preview_ms", 0.0),
        "preview_cpu_ms": outcome.get("preview_cpu_ms", 0.0),
        "longest_gc_cpu_ms": times.longest_cpu_ms,
        "total_ms": (ended - started) * 1000,
        "steps_ms": {name: (t - started) * 1000 for name, t in marks},
    }


def prepare(folder: Path, messages: int, people: int) -> tuple[Path, Path]:
    """A database of ``people`` people and an mbox of ``messages`` with them."""
    path = folder / "capture-bench.sqlite3"
    db = open_database(path, backups_dir=folder / "backups")
    try:
        known = known_people(db, people)
    finally:
        db.close()
    mbox = folder / "All mail.mbox"
    write_mbox(mbox, messages, known)
    return path, mbox


def measure(database: Path, mbox: Path, runs: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="relapp-bench-capture-") as folder:
            out.append(measure_once(database, mbox, Path(folder)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--database", type=Path)
    parser.add_argument("--mbox", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relapp-bench-capture-data-") as folder:
        if args.database and args.mbox:
            database, mbox = args.database, args.mbox
        else:
            database, mbox = prepare(Path(folder), args.messages, args.people)
        runs = measure(database, mbox, args.runs)
    for n, run in enumerate(runs, start=1):
        print(
            f"run {n}: longest stall {run['max_gap_ms']:.1f} ms ({run['max_gap_step']}), "
            f"{run['gaps_over_50ms']} over 50 ms; longest GUI-thread collection "
            f"{run['longest_gc_ms']:.1f} ms (generation {run['longest_gc_generation']}, "
            f"{run['full_collections']} full); {run['interactions']:,} interactions in "
            f"{run['total_ms'] / 1000:.1f} s; the preview built in {run['preview_ms']:.1f} ms"
        )
        print(
            f"    the GUI thread's own CPU time: longest collection "
            f"{run['longest_gc_cpu_ms']:.1f} ms, "
            f"building the preview {run['preview_cpu_ms']:.1f} ms"
        )
        for step, gap in run["max_gap_by_step_ms"].items():
            print(f"    {step:<22} longest {gap:7.1f} ms")
        for step, generation, ms, counts in run["slow_collections"]:
            print(f"    collection of generation {generation}: {ms} ms ({step}; counts {counts})")
    print(f"median longest stall: {statistics.median(r['max_gap_ms'] for r in runs):.1f} ms")


if __name__ == "__main__":
    main()
