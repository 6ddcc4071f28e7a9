"""The real app on a real X server (no dark palette of its own) in each colour scheme:
RELAPP_COLOR_SCHEME=dark gives a dark window, light a light one, with Carol's page open
(the brief, the chart, the history); the screenshots stay in tests/e2e/artifacts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.screen import Screen
from tests.e2e.xserver import XServer, xserver

pytestmark = pytest.mark.e2e


def _mean(x: XServer, image: Path, crop: str) -> float:
    """The mean brightness (0 black .. 1 white) of ``crop`` (WxH+X+Y) of the image."""
    result = x.run("convert", str(image), "-crop", crop, "-format", "%[fx:mean]", "info:")
    return float(result.stdout.strip())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_demo_in_each_colour_scheme(tmp_path: Path, scheme: str) -> None:
    with xserver() as x:
        env = {**x.env, "RELAPP_COLOR_SCHEME": scheme, "HOME": str(tmp_path)}
        screen = Screen(x.display)
        blank = screen.pixels()
        app = subprocess.Popen(
            [sys.executable, "-m", "relapp", "--demo", "--data-dir", str(tmp_path / "data")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            window = x.wait_for_window("Relapp — Demo", timeout=30)
            # Each step once what came before it is drawn and has stayed the same for a
            # moment (tests/e2e/screen.py), not after fixed sleeps.
            shown = screen.settle(blank, still=1.0, what="the main window")
            x.run("xdotool", "windowfocus", "--sync", window)
            x.run("xdotool", "type", "--delay", "40", "carol")
            typed = screen.settle(shown, still=0.8, what="the list searched for carol")
            x.run("xdotool", "key", "Return")
            screen.settle(typed, still=1.0, what="Carol's page")
            shot = x.screenshot(f"carol-{scheme}.png")
            assert x.colour_spread(shot) > 0.05, "the screen looks blank"
            page = _mean(x, shot, "780x560+390+60")  # the person page, right of the list
            if scheme == "dark":
                assert page < 0.3, f"the dark page is bright: mean {page:.2f}"
            else:
                assert page > 0.75, f"the light page is dark: mean {page:.2f}"
            assert app.poll() is None, "the app exited early"
        finally:
            screen.close()
            app.terminate()
            output, _ = app.communicate(timeout=10)
        assert b"Traceback" not in output, output.decode(errors="replace")
