"""Runs a source reader over a file in a fresh process and reports its peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

_SCRIPT = """
import importlib, json, resource, sys
from pathlib import Path
module = importlib.import_module(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
counts = {}
for item in module.read(Path(sys.argv[2])):
    name = type(item).__name__
    counts[name] = counts.get(name, 0) + 1
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "counts": counts}))
"""


def peak_memory_reading(module: str, path: Path) -> dict[str, object]:
    """``{"before_kb", "after_kb", "counts"}`` of reading ``path`` with ``module.read``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, module, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
