"""Measure the health budgets on a generated database (see DESIGN.md):

- "health of every person (needs attention)" <= 1 s, off the GUI thread: the SQL read,
  the numpy work, and the whole Today list;
- "one person's health chart over 10 years" <= 30 ms to draw.

    python -m bench.health /tmp/bench-full/relapp.sqlite3 [--runs 7]

(make the database with ``python -m bench.generate /tmp/bench-full --size full``).
Medians over the runs, wall time and this process's CPU time, beside a baseline from the
same run: one ``group_concat`` of one integer column of ``interaction_person``, the least
any read of every pair can cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from relapp.domain.health import health_all
from relapp.domain.health.chart import (
    InteractionMarks,
    PersonChart,
    PromiseMarks,
    build_person_chart,
)
from relapp.domain.health.overview import today_and_usual
from relapp.services import health
from relapp.storage import everyone_health_repo, open_database


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each of ``runs`` runs of ``fn`` (after one warm-up)."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn`` over ``runs`` runs (after one warm-up)."""
    wall, cpu = timed(fn, runs)
    return statistics.median(wall), statistics.median(cpu)


def report(label: str, result: tuple[float, float], baseline: float | None = None) -> None:
    wall, cpu = result
    ratio = f"  ({wall / baseline:.1f} x baseline)" if baseline else ""
    print(f"{label:<48} {wall:8.1f} ms wall {cpu:8.1f} ms cpu{ratio}")


def everyone(path: Path, runs: int) -> None:
    db = open_database(path)
    conn = db.connection()
    now = datetime.now(UTC)
    now_s = int(now.timestamp())
    today = now.date()
    loaded = everyone_health_repo.read_everyone(db, now_s)
    arrays = loaded.arrays
    print(f"{arrays.n_people:,} people, {len(arrays.t):,} (interaction, person) pairs")
    baseline = measure(
        lambda: conn.execute("SELECT group_concat(person_id) FROM interaction_person").fetchone(),
        runs,
    )
    report("baseline: one integer column of every pair", baseline)
    base = baseline[0]
    report(
        "SQL read, everyone in one slice",
        measure(lambda: everyone_health_repo.read_everyone(db, now_s), runs),
        base,
    )
    report(
        "SQL read, a slice of people at a time",
        measure(lambda: sum(1 for _ in everyone_health_repo.iter_everyone(db, now_s)), runs),
        base,
    )
    report(
        "numpy: everyone today (health_all)", measure(lambda: health_all(arrays, today), runs), base
    )
    report(
        "numpy: everyone today and their usual",
        measure(lambda: today_and_usual(arrays, today), runs),
        base,
    )
    report(
        "Today list, all of it (read + compute + rank)",
        measure(lambda: health.needs_attention(db, now), runs),
        base,
    )
    report(
        "overview, 5 years of month ends",
        measure(lambda: health.overview(db, now), max(1, runs // 2)),
        base,
    )
    db.close()


def draw_samples(data: PersonChart, runs: int) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU milliseconds to draw ``data`` in the person chart (set it and paint it
    now, not at the next event loop turn): with the last year shown (``last_year``),
    zoomed out to the whole history (``all_years``), and (wall only) zooming in from
    there to the last month, every marker drawn again (``zoom_in``). Needs a
    QApplication."""
    from PySide6.QtWidgets import QApplication

    from relapp.ui.health.person_chart import PersonChartView

    app = QApplication.instance()
    assert app is not None, "draw_samples needs a QApplication"
    view = PersonChartView()
    view.resize(640, 230)
    view.show()
    app.processEvents()

    def draw(keep: bool) -> None:
        view.set_chart(data, keep_range=keep)
        view.plot.viewport().repaint()  # paints now, not at the next event loop turn

    out = {"last_year": timed(lambda: draw(False), runs)}
    view.show_all()
    app.processEvents()
    out["all_years"] = timed(lambda: draw(True), runs)
    end = data.full_range()[1]
    zoomed = []
    for _ in range(runs):  # from the whole history (weekly markers) to the last month
        view.show_all()
        view.plot.viewport().repaint()
        started = time.perf_counter()
        view.plot.getPlotItem().setXRange(end - 31 * 86_400, end, padding=0)
        view.markers.refresh()  # what the range change runs once it settles
        view.plot.viewport().repaint()
        zoomed.append((time.perf_counter() - started) * 1000)
    out["zoom_in"] = (zoomed, zoomed)
    view.close()
    view.deleteLater()
    return out


def synthetic_chart(n: int = 5000) -> tuple[InteractionMarks, PromiseMarks]:
    """10 years of ``n`` interactions and 40 promises, at random."""
    rng = np.random.default_rng(7)
    today = date.today()
    first = datetime.combine(today - timedelta(days=3652), datetime.min.time(), UTC)
    t = np.sort(rng.integers(int(first.timestamp()), int(time.time()) - 3600, n))
    marks = InteractionMarks(
        ids=np.arange(1, n + 1, dtype=np.int64),
        t=t,
        channel=rng.integers(0, 8, n).astype(np.int8),
        direction=rng.integers(0, 3, n).astype(np.int8),
        kind=np.zeros(n, dtype=np.int8),
        summaries=tuple(f"interaction {i}" for i in range(n)),
    )
    due = np.sort(rng.integers(int(first.timestamp()), int(time.time()) - 3600, 40))
    promises = PromiseMarks(
        due, rng.integers(0, 2, 40).astype(np.int8), np.ones(40, bool), ("promise",) * 40
    )
    return marks, promises


def chart(runs: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])  # kept alive while drawing
    today = date.today()
    marks, promises = synthetic_chart()
    report(
        "chart data for 10 years, 5,000 interactions",
        measure(lambda: build_person_chart(marks, today, cadence_days=30, promises=promises), runs),
    )
    data = build_person_chart(marks, today, cadence_days=30, promises=promises)
    drawn = draw_samples(data, runs)

    def medians(samples: tuple[list[float], list[float]]) -> tuple[float, float]:
        return statistics.median(samples[0]), statistics.median(samples[1])

    report("chart draw (data in, painted), last year shown", medians(drawn["last_year"]))
    report("chart draw, zoomed out to all 10 years", medians(drawn["all_years"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    everyone(args.database, args.runs)
    chart(args.runs * 3)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
