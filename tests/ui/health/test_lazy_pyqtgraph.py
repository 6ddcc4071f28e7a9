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
