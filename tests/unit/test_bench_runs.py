"""The benchmark runner (``python -m bench``) runs end to end at the tiny size.

Only that it runs and reports every row with numbers is checked, never how fast
anything was: the budgets are measured at the full size, on a quiet machine.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.__main__ import MAY_SKIP, ROWS  # noqa: E402

# One run of each measurement: every row's code runs the same way whatever the count (the
# runs are a loop over it); two runs took 26 s of CPU, one 15 s (the database made once).
RUNS = 1


@pytest.mark.slow
def test_the_runner_writes_every_row_with_numbers(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RELAPP_DATA_DIR"}
    args = ["--size", "tiny", "--runs", str(RUNS), "--out", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    report = json.loads((tmp_path / "results-tiny.json").read_text(encoding="utf-8"))

    assert report["size"] == "tiny" and report["runs"] == RUNS and report["failed_steps"] == []
    assert report["date"]
    machine = report["machine"]
    assert machine["cpu"] and machine["cores"] >= 1 and machine["ram_mb"] > 0
    assert machine["python"] and machine["qt"]
    assert report["database"]["people"] > 0 and report["database"]["bytes"] > 0

    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) == set(ROWS)
    for key, row in rows.items():
        if row["skipped"] is not None:
            assert key in MAY_SKIP, f"{key}: {row['skipped']}"
            assert "Xvfb" in row["skipped"]
            continue
        assert len(row["samples"]) == RUNS or key == "database_size", key
        numbers = [*row["samples"], row["median"], row["min"], row["max"]]
        assert all(isinstance(n, float | int) and math.isfinite(n) and n > 0 for n in numbers), key
        assert row["verdict"] in ("ok", "OVER", "info", "baseline"), key
        if row["baseline"] is not None:
            assert row["ratio"] is not None and row["ratio"] > 0, key
    assert rows["cold_start"]["skipped"] or rows["cold_start"]["baseline"] == "bare_window_start"

    # The table went to stdout, and the database was cached for the next run.
    assert "longest GUI stall during an import" in result.stdout
    assert list(tmp_path.glob("db-tiny-seed7-*/relapp.sqlite3"))
