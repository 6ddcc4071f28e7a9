"""pyqtgraph costs about half a second to import: never before the main window shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import relapp.ui.app as app_module
assert "pyqtgraph" not in sys.modules, "importing the main window imported pyqtgraph"
from relapp.paths import AppPaths
from relapp.storage import open_database
from pathlib import Path
paths = AppPaths(Path(sys.argv[1]))
paths.ensure()
window = app_module.open_window(open_database(paths.database), paths)
window.show()
app.processEvents()
assert "pyqtgraph" not in sys.modules, "showing the main window imported pyqtgraph"
from relapp.ui.health.feature import HealthFeature
assert window.features.get(HealthFeature) is not None
print("ok")
"""


def test_the_main_window_shows_without_importing_pyqtgraph(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


AHEAD = """
import sys, threading, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
found = []  # (module, thread) of every module imported from now on

class Recorder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        found.append((name, threading.current_thread() is threading.main_thread()))
        return None

sys.meta_path.insert(0, Recorder)
import relapp.ui.app as app_module
from relapp.paths import AppPaths
from relapp.storage import open_database
from pathlib import Path
paths = AppPaths(Path(sys.argv[1]))
paths.ensure()
window = app_module.open_window(open_database(paths.database), paths)
window.show()
def importing():
    return any(t.name == "relapp-charts-import" for t in threading.enumerate())

deadline = time.monotonic() + 40
while (
    "relapp.ui.health.overview_chart" not in sys.modules or importing()
) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
assert "relapp.ui.health.person_chart" in sys.modules, "the charts were not loaded ahead"
from relapp.ui.health.feature import HealthFeature
before = len(found)
window.features.get(HealthFeature).show_overview()
deadline = time.monotonic() + 10  # the chart is made over a few turns of the event loop
while window.features.get(HealthFeature).overview.view is None and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.002)
assert window.features.get(HealthFeature).overview.view is not None
opening = [name for name, _main in found[before:]]
assert not opening, f"opening the overview imported {opening}"
on_gui = [name for name, main in found if main and name.split(".")[0] == "pyqtgraph"]
assert not on_gui, f"pyqtgraph imported on the GUI thread: {on_gui[:5]}"
print("ok")
"""


def test_the_charts_are_imported_ahead_off_the_gui_thread(tmp_path: Path) -> None:
    """Opening the health overview (or the first person's chart) imported pyqtgraph on
    the GUI thread: 0.3 s of its CPU, a stall of a second under load (issue 18). Once
    the window has settled, the chart modules are imported on another thread."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", AHEAD, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
