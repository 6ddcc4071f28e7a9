"""The first start, as a user double-clicks it: an empty data folder shows the welcome."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.screen import Screen
from tests.e2e.xserver import xserver

pytestmark = pytest.mark.e2e


def test_first_start_on_an_empty_folder_shows_the_welcome(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with xserver() as x:
        screen = Screen(x.display)
        blank = screen.pixels()
        started = time.monotonic()
        app = subprocess.Popen(
            [sys.executable, "-m", "relapp", "--data-dir", str(data)],
            env=x.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            window = x.wait_for_window("^Relapp$", timeout=30)
            shown = time.monotonic() - started
            # The list loads in the background, then the welcome shows: the picture once
            # the window is drawn and has stayed the same for a moment (a fixed second
            # after the window was mapped was, at load 8, before its first paint).
            screen.settle(blank, still=1.0, what="the first window")
            shot = x.screenshot("first-run-welcome.png")
            assert x.colour_spread(shot) > 0.05, "the screen looks blank"
            geometry = x.run("xdotool", "getwindowgeometry", window).stdout
            assert "Geometry" in geometry
            wm_class = x.run("xprop", "-id", window, "WM_CLASS").stdout
            assert app.poll() is None, "the app exited early"
        finally:
            screen.close()
            app.terminate()
            output, _ = app.communicate(timeout=10)
        text = output.decode(errors="replace")
        assert "Traceback" not in text, text
    print(f"first window after {shown:.2f} s; {wm_class.strip()}")
    assert '"relapp", "Relapp"' in wm_class  # the desktop entry's StartupWMClass=relapp
    assert (data / "relapp.sqlite3").exists()
    log = data / "logs" / "relapp.log"
    assert log.is_file(), "the log goes to the chosen data folder's logs/"
