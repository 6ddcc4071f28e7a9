"""The real app under an X server with a system tray: its icon sits in the tray, a
promise falls due and the balloon appears, and a second launch hands over to the first."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.domain.model import Channel, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import people, promises
from relapp.storage import open_database
from tests.e2e.xserver import XServer, xserver

pytestmark = pytest.mark.e2e
DUE_IN = timedelta(seconds=6)


def relapp_windows(x: XServer) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of every viewable window named Relapp, embedded ones (the
    tray icon lives inside the tray's window) included."""
    tree = x.run("xwininfo", "-root", "-tree").stdout
    found = []
    for line in tree.splitlines():
        match = re.match(
            r'\s*(0x[0-9a-f]+) "Relapp":.*?\s(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)', line
        )
        if match is None:
            continue
        wid, width, height, left, top = match.groups()
        if "IsViewable" in x.run("xwininfo", "-id", wid).stdout:
            found.append((int(left), int(top), int(width), int(height)))
    return found


def main_windows(x: XServer) -> list[str]:
    """Visible top-level Relapp windows big enough to be the main window (xdotool)."""
    found = x.run("xdotool", "search", "--onlyvisible", "--name", "^Relapp$").stdout.split()
    big = []
    for wid in found:
        shell = x.run("xdotool", "getwindowgeometry", "--shell", wid).stdout
        size = dict(item.split("=", 1) for item in shell.split() if "=" in item)
        if int(size["WIDTH"]) >= 400 and int(size["HEIGHT"]) >= 300:
            big.append(wid)
    return big


def balloons(x: XServer) -> list[tuple[int, int, int, int]]:
    return [w for w in relapp_windows(x) if 120 <= w[2] < 600 and 30 <= w[3] < 200]


def tray_icons(x: XServer) -> list[tuple[int, int, int, int]]:
    return [w for w in relapp_windows(x) if 8 <= w[2] <= 32 and 8 <= w[3] <= 32 and w[1] < 30]


def crop_spread(x: XServer, image: Path, box: tuple[int, int, int, int]) -> float:
    left, top, width, height = box
    result = x.run(
        "convert",
        str(image),
        "-crop",
        f"{width}x{height}+{left}+{top}",
        "-format",
        "%[fx:standard_deviation]",
        "info:",
    )
    return float(result.stdout.strip())


def wait_for(condition: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_tray_icon_reminder_balloon_and_second_launch(tmp_path: Path) -> None:
    if shutil.which("xwininfo") is None:
        pytest.skip("needs xwininfo (Debian: x11-utils)")
    data = tmp_path / "data"
    data.mkdir()
    db = open_database(data / "relapp.sqlite3")
    jeff = people.add_person(
        db,
        PersonDraft(
            "Jeff Park", preferred_channel=Channel.EMAIL, avoid_channels=frozenset({Channel.CALL})
        ),
    ).id
    now = datetime.now(UTC)
    due = now + DUE_IN
    promises.create_promise(
        db, PromiseDraft(jeff, Promiser.ME, "send the pricing", Channel.EMAIL, due), now=now
    )
    db.close()
    command = [sys.executable, "-m", "relapp", "--data-dir", str(data)]
    with xserver() as x:
        # As at login: hidden in the tray.
        app = subprocess.Popen(
            [*command, "--minimized"], env=x.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            assert wait_for(lambda: tray_icons(x), 30), relapp_windows(x)
            [icon] = tray_icons(x)
            assert main_windows(x) == [], "--minimized showed the window"
            # The tray embeds the icon's window first and paints it a moment later (under
            # load, after the first screenshot): wait for the picture, not for the window.
            assert wait_for(
                lambda: crop_spread(x, x.screenshot("tray-icon.png"), icon) > 0.05, 10
            ), "the tray icon stayed blank for 10 s"
            before = x.screenshot("tray-icon.png")
            # A start slowed by load may reach the due time first: then the balloon may
            # already be in this picture, and neither check below can be made.
            shot_before_due = datetime.now(UTC) < due - timedelta(seconds=1)
            if shot_before_due:
                assert not balloons(x), "a balloon before anything was due"

            assert wait_for(lambda: balloons(x), DUE_IN.total_seconds() + 8), relapp_windows(x)
            late = (datetime.now(UTC) - due).total_seconds()
            assert late >= -1, "the reminder came early"
            time.sleep(0.3)
            shot = x.screenshot("tray-balloon.png")
            [balloon] = balloons(x)
            assert crop_spread(x, shot, balloon) > 0.05, "the balloon is blank"
            if shot_before_due:
                assert x.differs(before, shot)

            # A second launch hands over: the first Relapp's window comes forward, and
            # the second process ends without a window of its own.
            started = time.monotonic()
            second = subprocess.run(command, env=x.env, capture_output=True, text=True, timeout=20)
            took = time.monotonic() - started
            assert second.returncode == 0, second.stdout + second.stderr
            assert took < 10, f"the second launch took {took:.1f}s to hand over"
            assert wait_for(lambda: len(main_windows(x)) == 1, 5), relapp_windows(x)
            time.sleep(0.5)
            assert len(main_windows(x)) == 1, relapp_windows(x)
            x.screenshot("tray-second-launch.png")
            assert app.poll() is None, "the first Relapp exited"
            print(f"\nballoon seen {late:+.2f} s from the due time (polled every 0.2 s);")
            print(f"second launch handed over and exited in {took:.2f} s")
        finally:
            app.terminate()
            output, _ = app.communicate(timeout=10)
        assert b"Traceback" not in output, output.decode(errors="replace")
