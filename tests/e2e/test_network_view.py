"""The network view of the demo database, in the real app under a real X server."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.xserver import xserver

pytestmark = pytest.mark.e2e


def test_the_demo_network_is_readable(tmp_path: Path) -> None:
    with xserver() as x:
        app = subprocess.Popen(
            [sys.executable, "-m", "relapp", "--demo", "--data-dir", str(tmp_path)],
            env=x.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            window = x.wait_for_window("Relapp — Demo", timeout=30)
            time.sleep(1.0)
            x.run("xdotool", "windowfocus", "--sync", window)
            x.run("xdotool", "key", "ctrl+shift+n")
            time.sleep(2.5)  # the layout runs in the background, then the map is drawn
            before = x.screenshot("network-view.png")
            assert x.colour_spread(before) > 0.05, "the screen looks blank"
            x.run("xdotool", "key", "ctrl+shift+n")  # focus stays on the map
            x.run("xdotool", "key", "ctrl+f")  # the people search; the map stays
            x.run("xdotool", "type", "--delay", "40", "carol")
            x.run("xdotool", "key", "Return")
            time.sleep(1.0)
            after = x.screenshot("network-then-carol.png")
            assert x.differs(before, after), "opening Carol from the search changed nothing"
            assert app.poll() is None, "the app exited early"
        finally:
            app.terminate()
            output, _ = app.communicate(timeout=10)
        assert b"Traceback" not in output, output.decode(errors="replace")
