"""The real app, started as a user would, on the demo database under a real X server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.screen import Screen
from tests.e2e.xserver import xserver

pytestmark = pytest.mark.e2e


def test_demo_window_appears_with_people(tmp_path: Path) -> None:
    with xserver() as x:
        screen = Screen(x.display)
        blank = screen.pixels()
        app = subprocess.Popen(
            [sys.executable, "-m", "relapp", "--demo", "--data-dir", str(tmp_path)],
            env=x.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            window = x.wait_for_window("Relapp — Demo", timeout=30)
            # Each picture once what came before it is drawn and has stayed the same for
            # a moment (tests/e2e/screen.py), not after fixed sleeps.
            shown = screen.settle(blank, still=1.0, what="the list and the first paint")
            first = x.screenshot("demo-window.png")
            assert x.colour_spread(first) > 0.05, "the screen looks blank"
            # Search as a person would: the search box has focus at start.
            x.run("xdotool", "windowfocus", "--sync", window)
            x.run("xdotool", "type", "--delay", "40", "carol")
            typed = screen.settle(shown, still=0.8, what="the list searched for carol")
            x.run("xdotool", "key", "Return")
            screen.settle(typed, still=1.0, what="Carol's page")
            second = x.screenshot("demo-person.png")
            assert x.colour_spread(second) > 0.05
            assert x.differs(first, second), "searching and opening Carol changed nothing"
            assert app.poll() is None, "the app exited early"
        finally:
            screen.close()
            app.terminate()
            output, _ = app.communicate(timeout=10)
        assert b"Traceback" not in output, output.decode(errors="replace")
    assert (tmp_path / "demo" / "relapp.sqlite3").exists()
