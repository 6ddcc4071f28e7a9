"""The GUI thread keeps ticking while a capture is planned and applied in the window.

The app's real path (``bench.capture_stall``): the capture feature plans on the worker,
the preview is built, Capture is pressed, the worker applies, the window catches up;
cyclic garbage is collected on the GUI thread as in the app. A 5 ms timer measures the
gaps. Before the fix, with the collector ticking every 250 ms, a collection walked
everything the worker had allocated since (145 ms at 20,000 messages) and building the
preview's 300-row table took 40-140 ms. The budget is 50 ms; on this shared machine the
wall-clock gaps also hold the time other processes had the cores, so what is asserted is
the GUI thread's own CPU time in its longest collection and in building the preview,
and the wall-clock gap loosely (the benchmark reports it at 20,000 messages).
"""

from __future__ import annotations

from pathlib import Path

from bench import capture_stall

MESSAGES = 6_000
BUDGET_MS = 50.0
WALL_BUDGET_MS = 250.0  # as tests/ui/test_one_writer.py: other processes take the cores


def test_the_gui_thread_keeps_ticking_while_a_capture_is_planned_and_applied(
    qtbot, tmp_path: Path
) -> None:
    database, mbox = capture_stall.prepare(tmp_path, MESSAGES, 600)
    work = tmp_path / "work"
    work.mkdir()
    run = capture_stall.measure_once(database, mbox, work)
    print(
        f"longest gap {run['max_gap_ms']:.0f} ms ({run['max_gap_step']}); longest collection "
        f"{run['longest_gc_ms']:.0f} ms wall, {run['longest_gc_cpu_ms']:.0f} ms CPU; "
        f"preview {run['preview_ms']:.0f} ms wall, {run['preview_cpu_ms']:.0f} ms CPU"
    )
    assert run["interactions"] > 1000
    assert run["longest_gc_cpu_ms"] < BUDGET_MS
    assert run["preview_cpu_ms"] < BUDGET_MS
    assert run["max_gap_ms"] < WALL_BUDGET_MS
