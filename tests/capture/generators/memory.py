"""Runs a source reader over a file in a fresh process and reports its peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# A streaming reader's growth stays under GROWTH_BOUND_MB whatever the file's size (the
# LinkedIn and WhatsApp readers grew 0.15-0.35 MB at 30 MB and at 100 MB); a file of
# LARGE_FILE_MB, three times the bound, is one that a reader holding its text could not
# read within it.
GROWTH_BOUND_MB = 8
LARGE_FILE_MB = 3 * GROWTH_BOUND_MB

_SCRIPT = """
import importlib, json, resource, sys
from pathlib import Path

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field + ":"))

module = importlib.import_module(sys.argv[1])
before = status("VmRSS")  # resident now, after the imports
counts = {}
for item in module.read(Path(sys.argv[2])):
    name = type(item).__name__
    counts[name] = counts.get(name, 0) + 1
after = status("VmHWM")  # the peak of this process's own memory
rusage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "rusage_kb": rusage, "counts": counts}))
"""


def peak_memory_reading(module: str, path: Path) -> dict[str, object]:
    """Reading ``path`` with ``module.read`` in a fresh process: ``before_kb`` resident
    once the module is imported, ``after_kb`` the peak resident size of the process
    (VmHWM), ``counts`` of each kind of item read.

    ``rusage_kb`` is getrusage's ru_maxrss, for comparison only: Linux carries it over
    from the parent through fork and exec, so under a large test process it shows the
    parent's size, not the reader's."""
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
