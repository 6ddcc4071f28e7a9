"""A private X server with a system tray for end-to-end tests (Xvfb + trayer), or without
one (``tray=False``: as on stock GNOME). The app's session bus is none, unless the test
gives its own (``bus=``), so no test reaches the desktop's notification server."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
NEEDED = ("Xvfb", "trayer", "xdotool", "import", "convert", "compare")


@dataclass
class XServer:
    display: str
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 10) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout)

    def wait_for_window(self, name: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.run("xdotool", "search", "--onlyvisible", "--name", name)
            if found.returncode == 0 and found.stdout.strip():
                return found.stdout.split()[0]
            time.sleep(0.2)
        raise AssertionError(f"no visible window named {name!r} within {timeout}s")

    def wait_for_no_window(self, name: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.run("xdotool", "search", "--onlyvisible", "--name", name)
            if not found.stdout.strip():
                return
            time.sleep(0.1)
        raise AssertionError(f"the window named {name!r} still shows after {timeout}s")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / name
        result = self.run("import", "-window", "root", str(target))
        assert result.returncode == 0, result.stderr
        return target

    def differs(self, a: Path, b: Path) -> bool:
        """True when two screenshots differ in more than a handful of pixels."""
        result = self.run("compare", "-metric", "AE", str(a), str(b), "null:")
        changed = float((result.stderr or "0").split()[0])
        return changed > 500

    def colour_spread(self, image: Path) -> float:
        """Standard deviation of the image's pixels: about 0 for a blank screen."""
        result = self.run("convert", str(image), "-format", "%[fx:standard_deviation]", "info:")
        return float(result.stdout.strip())


def require_tools() -> None:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"e2e needs {', '.join(missing)} (Debian: xvfb trayer xdotool imagemagick)")


def _wait_until_listening(path: Path, xvfb: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Until Xvfb accepts connections on its socket (its file appears before it listens;
    on a loaded machine a client started then found no display: "no Qt platform plugin
    could be initialized")."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and xvfb.poll() is None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(path))
                return
            except OSError:
                time.sleep(0.05)
    raise AssertionError(f"Xvfb did not listen on {path} within {timeout:.0f} s")


@contextmanager
def xserver(
    size: str = "1280x800", *, tray: bool = True, bus: str | None = None
) -> Iterator[XServer]:
    require_tools()
    number = random.randint(200, 900)
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    display = f":{number}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = display
    env["DBUS_SESSION_BUS_ADDRESS"] = bus or ""  # empty: no session bus
    tray_process = None
    try:
        _wait_until_listening(Path(f"/tmp/.X11-unix/X{number}"), xvfb)
        if not tray:
            yield XServer(display, env)
            return
        tray_process = subprocess.Popen(
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "24",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        yield XServer(display, env)
    finally:
        for proc in (tray_process, xvfb):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
