"""What held the GUI thread, or the interpreter, in the longest stalls of a window bench.

    python -m bench.stall_sampler health DATABASE [--runs 2]
    python -m bench.stall_sampler import DATABASE CARDS.vcf [--runs 1]

Runs ``bench.window_stalls`` (``health``) or ``bench.import_stall`` (``import``) as they
are, with a heartbeat of its own on the GUI thread (every 5 ms: wall clock, the GUI
thread's CPU time, and the time it waited for a core, ``/proc/self/task/<tid>/schedstat``
field 2) and a watchdog thread: whenever the heartbeat is more than 30 ms late it samples
``sys._current_frames()`` every 2 ms. A sample can only be taken while the watchdog holds
the interpreter: how late its 2 ms sleeps come back says how long another thread held it,
and the stack that thread is in when the watchdog gets it back says where. For each of the
longest gaps it prints the wall time, the GUI thread's CPU and core wait, the watchdog's
longest wait for the interpreter, and the stacks seen most often, per thread.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import logging
import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

LATE_S = 0.030
SAMPLE_S = 0.002
DEPTH = 6


def _schedstat_wait_ns(tid: int) -> int:
    try:
        with open(f"/proc/self/task/{tid}/schedstat") as f:
            return int(f.read().split()[1])
    except OSError:
        return 0


def _stack(frame: Any) -> str:
    lines = traceback.extract_stack(frame)[-DEPTH:]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(lines))


class Sampler:
    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gui_ident = threading.get_ident()
        self.gui_tid = threading.get_native_id()
        self.beats: list[tuple[float, float, int]] = []
        self.samples: list[tuple[float, float, dict[str, str]]] = []  # (t, late, stacks)
        self.last_beat = time.perf_counter()
        self.running = False
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.beat)
        self.thread = threading.Thread(target=self.watch, name="stall-sampler", daemon=True)

    def beat(self) -> None:
        now = time.perf_counter()
        self.last_beat = now
        self.beats.append((now, time.thread_time(), _schedstat_wait_ns(self.gui_tid)))

    def start(self) -> None:
        self.running = True
        self.beat()
        self.timer.start()
        self.thread.start()

    def stop(self) -> None:
        self.timer.stop()
        self.beat()
        self.running = False
        self.thread.join()

    def watch(self) -> None:
        names = {}
        me = threading.get_ident()
        while self.running:
            asked = time.perf_counter()
            time.sleep(SAMPLE_S)
            now = time.perf_counter()
            late = now - asked - SAMPLE_S
            if now - self.last_beat < LATE_S:
                continue
            for t in threading.enumerate():
                names[t.ident] = "GUI" if t.ident == self.gui_ident else t.name
            stacks = {
                names.get(ident, str(ident)): _stack(frame)
                for ident, frame in sys._current_frames().items()
                if ident != me
            }
            self.samples.append((now, late, stacks))

    def report(
        self, top: int = 4, label: str = "", until: float | None = None
    ) -> list[dict[str, Any]]:
        """The ``top`` longest gaps (ending by ``until``, when given) and what was seen."""
        gaps = []
        for a, b in itertools.pairwise(self.beats):
            if until is not None and b[0] > until:
                break
            gaps.append(
                {
                    "start": a[0],
                    "end": b[0],
                    "wall_ms": (b[0] - a[0]) * 1000,
                    "cpu_ms": (b[1] - a[1]) * 1000,
                    "wait_ms": (b[2] - a[2]) / 1e6,
                }
            )
        gaps.sort(key=lambda g: -g["wall_ms"])
        out = gaps[:top]
        for g in out:
            inside = [s for s in self.samples if g["start"] <= s[0] <= g["end"] + 0.002]
            late = max((s[1] for s in inside), default=0.0) * 1000
            print(
                f"{label}gap {g['wall_ms']:.0f} ms: GUI CPU {g['cpu_ms']:.0f} ms, "
                f"GUI waited for a core {g['wait_ms']:.0f} ms, {len(inside)} samples, "
                f"sampler's longest wait for the interpreter {late:.0f} ms"
            )
            per: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
            for _t, _late, stacks in inside:
                for name, stack in stacks.items():
                    per[name][stack] += 1
            lates = sorted(inside, key=lambda s: -s[1])[:2]
            for name, counter in sorted(per.items()):
                for stack, n in counter.most_common(3):
                    print(f"    {name} x{n}: {stack}")
            for _t, lt, stacks in lates:
                if lt > 0.005:
                    print(f"    after a {lt * 1000:.0f} ms wait for the interpreter:")
                    for name, stack in stacks.items():
                        print(f"      {name}: {stack}")
        return out


def run_health(database: Path, runs: int, what: str) -> None:
    for n in range(runs):
        _health_once(database, what, n + 1)


def _health_once(database: Path, what: str, n: int) -> None:
    from bench import window_stalls

    sampler: list[Sampler] = []
    real = window_stalls.Heartbeat

    class Heart(real):  # type: ignore[misc, valid-type]
        def start(self) -> None:
            sampler.append(Sampler())
            sampler[0].start()
            super().start()

        def stop(self) -> dict[str, Any]:
            result = super().stop()
            sampler[0].stop()
            return result

    window_stalls.Heartbeat = Heart  # type: ignore[misc]
    try:
        with tempfile.TemporaryDirectory(prefix="relapp-sampler-") as folder:
            result = window_stalls.measure(what, database, Path(folder))
    finally:
        window_stalls.Heartbeat = real  # type: ignore[misc]
    print(
        f"{what} run {n}: longest {result['max_gap_ms']:.0f} ms "
        f"(GUI CPU {result['max_gap_cpu_ms']:.0f} ms), load {result['load']:.1f}"
    )
    sampler[0].report(label="  ")


def run_import(database: Path, vcf: Path, runs: int) -> None:
    for n in range(runs):
        _import_once(database, vcf, n + 1)


def _import_once(database: Path, vcf: Path, n: int) -> None:
    """The sampler starts as the import does (``ImportFeature.import_files``)."""
    from bench import import_stall
    from relapp.ui.importing.feature import ImportFeature

    sampler: list[Sampler] = []
    real = ImportFeature.import_files
    real_gaps = import_stall.gap_rows
    last_beat: list[float] = []

    def gap_rows(beats: list[float], *args: Any) -> dict[str, Any]:
        last_beat.append(beats[-1])  # the bench's own last beat: not its tear-down
        return real_gaps(beats, *args)

    import_stall.gap_rows = gap_rows

    def import_files(self: Any, paths: list[str]) -> None:
        sampler.append(Sampler())
        sampler[0].start()
        real(self, paths)

    ImportFeature.import_files = import_files  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory(prefix="relapp-sampler-") as folder:
            result = import_stall.measure_once(database, vcf, Path(folder))
    finally:
        ImportFeature.import_files = real  # type: ignore[method-assign]
        import_stall.gap_rows = real_gaps
    sampler[0].stop()
    print(
        f"import run {n}: longest {result['max_gap_ms']:.0f} ms in "
        f"{result.get('max_gap_step')}, load {os.getloadavg()[0]:.1f}; "
        f"by step {result['max_gap_by_step_ms']}; GUI work {result['gui_thread_work_ms']}"
    )
    sampler[0].report(top=5, label="  ", until=last_beat[0] + 0.001)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("health", "health-again", "today", "import"))
    parser.add_argument("database", type=Path)
    parser.add_argument("cards", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    from bench.qtkit import application

    application()
    if args.what == "import":
        run_import(args.database, args.cards, args.runs)
    else:
        run_health(args.database, args.runs, args.what)


if __name__ == "__main__":
    main()
