"""The real app, started as a user would, on the demo database under a real X server."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.xserver import xserver

pytestmark = pytest.mark.e2e


def test_demo_window_appears_with_people(tmp_path: Path) -> None:
    with xserver() as x:
        app = subprocess.Popen(
            [sys.executable, "-m", "relapp", "--demo", "--data-dir", str(tmp_path)],
            env=x.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            window = x.wait_for_window("Relapp — Demo", timeout=30)
            time.sleep(1.0)  # let the list and the first paint settle
            first = x.screenshot("demo-window.png")
            assert x.colour_spread(first) > 0.05, "the screen looks blank"
            # Search as a person would: the search box has focus at start.
            x.run("xdotool", "windowfocus", "--sync", window)
            x.run("xdotool", "type", "--delay", "40", "carol")
            time.sleep(0.5)
            x.run("xdotool", "key", "Return")
            time.sleep(1.0)
            second = x.screenshot("demo-person.png")
            assert x.colour_spread(second) > 0.05
            assert x.differs(first, second), "searching and opening Carol changed nothing"
            assert app.poll() is None, "the app exited early"
        finally:
            app.terminate()
            output, _ = app.communicate(timeout=10)
        assert b"Traceback" not in output, output.decode(errors="replace")
    assert (tmp_path / "demo" / "relapp.sqlite3").exists()
