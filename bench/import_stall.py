"""The longest the GUI thread stalls while a vCard file is imported in the window.

    python -m bench.import_stall DATABASE VCF [--runs 3] [--heartbeat 5]

Runs the app's real import path in the main window, offscreen, on a copy of the
database (the import changes it): ``ImportFeature.import_files`` (planning on the task
runner, its progress dialog), the preview dialog (built on the GUI thread), its Import
button, applying on the task runner with progress, and the window catching up
afterwards (the list, the Today view), until every background task is done. A
``QTimer`` beats every ``--heartbeat`` ms on the GUI thread the whole time; a stall is
the gap between two beats. The longest gap is reported with the step it fell in.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from relapp.storage import open_database
from relapp.storage.backup import copy_database_file

STEPS = (
    "planning",  # from import_files until the plan is back on the GUI thread
    "building the preview",
    "showing the preview",  # until the Import button is pressed (at once, here)
    "applying",
    "window updating",  # the feature's own follow-up (data_changed)
    "catching up",  # background refreshes the import started, until all are done
)


def step_of(start: float, end: float, marks: list[tuple[str, float]]) -> str:
    """The step that overlaps most of the gap from ``start`` to ``end``."""
    best, most = marks[0][0], -1.0
    for n, (name, at) in enumerate(marks):
        until = marks[n + 1][1] if n + 1 < len(marks) else float("inf")
        overlap = min(end, until) - max(start, at)
        if overlap > most:
            best, most = name, overlap
    return best


def gap_rows(beats: list[float], marks: list[tuple[str, float]], started: float) -> dict[str, Any]:
    """The GUI thread's heartbeat gaps: the longest, the step it fell in, the longest per
    step, and how many were over 50 ms (shared with ``bench.capture_stall``)."""
    gaps = [(b - a, a, b) for a, b in itertools.pairwise(beats)]
    longest, start, end = max(gaps) if gaps else (0.0, started, started)
    by_step: dict[str, float] = {}
    for gap, a, b in gaps:
        step = step_of(a, b, marks)
        by_step[step] = max(by_step.get(step, 0.0), gap * 1000)
    return {
        "max_gap_ms": longest * 1000,
        "max_gap_step": step_of(start, end, marks),
        "max_gap_by_step_ms": by_step,
        "gaps_over_50ms": sum(1 for gap, _a, _b in gaps if gap > 0.05),
    }


def measure_once(database: Path, vcf: Path, work: Path, heartbeat_ms: int = 5) -> dict[str, Any]:
    """One import of ``vcf`` into a copy of ``database`` made in ``work``."""
    from PySide6.QtCore import Qt, QTimer

    from bench.qtkit import loop_until, main_window
    from relapp.ui.importing.feature import ImportFeature

    data_dir = work / "data"
    copy = copy_database_file(database, data_dir / "relapp.sqlite3")
    db = open_database(copy, backups_dir=data_dir / "backups")
    marks: list[tuple[str, float]] = []
    beats: list[float] = []
    outcome: dict[str, Any] = {}
    gui_ms: dict[str, float] = {}  # the feature's own work on the GUI thread, by step
    try:
        with main_window(db, data_dir) as window:
            feature = window.features.get(ImportFeature)
            show_preview, applied = feature.show_preview, feature._applied

            def on_preview(plan: Any, facts: Any = None) -> None:
                marks.append((STEPS[1], time.perf_counter()))
                show_preview(plan, facts)
                marks.append((STEPS[2], time.perf_counter()))
                gui_ms["building the preview"] = (marks[-1][1] - marks[-2][1]) * 1000
                if feature.preview is None:
                    outcome["error"] = "no preview"
                    return
                QTimer.singleShot(0, press_import)

            def press_import() -> None:
                marks.append((STEPS[3], time.perf_counter()))
                assert feature.preview is not None
                feature.preview.import_button.click()  # closes it, starts the import
                gui_ms["pressing Import"] = (time.perf_counter() - marks[-1][1]) * 1000

            def on_applied(result: Any, select: int | None) -> None:
                marks.append((STEPS[4], time.perf_counter()))
                applied(result, select)
                marks.append((STEPS[5], time.perf_counter()))
                gui_ms["window updating"] = (marks[-1][1] - marks[-2][1]) * 1000
                outcome["created"] = result.created
                outcome["merged"] = len(result.merged_ids)

            def on_failed(error: BaseException) -> None:
                outcome["error"] = f"{type(error).__name__}: {error}"

            feature.show_preview = on_preview  # type: ignore[method-assign]
            feature._applied = on_applied  # type: ignore[method-assign]
            feature._failed = on_failed  # type: ignore[method-assign]

            timer = QTimer()
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.setInterval(heartbeat_ms)
            timer.timeout.connect(lambda: beats.append(time.perf_counter()))
            timer.start()
            started = time.perf_counter()
            beats.append(started)
            marks.append((STEPS[0], started))
            feature.import_files([str(vcf)])

            def finished() -> bool:
                done = "created" in outcome or "error" in outcome
                return done and window.runner.idle and window.list_loaded

            loop_until(finished, what="the import to finish")
            tail = time.perf_counter() + 0.2  # anything the last callbacks started
            loop_until(lambda: time.perf_counter() > tail)
            loop_until(finished, what="the window to catch up")
            timer.stop()
            ended = time.perf_counter()
            if "error" in outcome:
                raise RuntimeError(f"the import failed: {outcome['error']}")
    finally:
        db.close()
    applied_at = next((t for name, t in marks if name == STEPS[4]), ended)
    return {
        **gap_rows(beats, marks, started),
        "beats": len(beats),
        "import_ms": (applied_at - started) * 1000,
        "total_ms": (ended - started) * 1000,
        "created": outcome.get("created"),
        "merged": outcome.get("merged"),
        "gui_thread_work_ms": gui_ms,
        "steps_ms": {name: (t - started) * 1000 for name, t in marks},
    }


def measure(database: Path, vcf: Path, runs: int, heartbeat_ms: int = 5) -> list[dict[str, Any]]:
    logging.disable(logging.CRITICAL)  # vobject logs each line it skips
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="relapp-bench-import-") as folder:
            out.append(measure_once(database, vcf, Path(folder), heartbeat_ms))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("vcf", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--heartbeat", type=int, default=5, help="milliseconds between beats")
    args = parser.parse_args()
    runs = measure(args.database, args.vcf, args.runs, args.heartbeat)
    for n, run in enumerate(runs, start=1):
        print(
            f"run {n}: longest stall {run['max_gap_ms']:.1f} ms ({run['max_gap_step']}), "
            f"{run['gaps_over_50ms']} over 50 ms, import {run['import_ms'] / 1000:.2f} s, "
            f"{run['created']} created"
        )
        for step, gap in run["max_gap_by_step_ms"].items():
            print(f"    {step:<22} longest {gap:7.1f} ms")
    print(f"median longest stall: {statistics.median(r['max_gap_ms'] for r in runs):.1f} ms")


if __name__ == "__main__":
    main()
