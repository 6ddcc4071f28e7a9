"""Cold start and memory of the real app under a private X server.

Both processes (a bare PySide6 window and Relapp on the given database) are started
the same way; the time is from spawning the process until its window is mapped and
visible (polled with xdotool every 5 ms). Memory is the app's resident set size a few
seconds after its window appeared, with the people list loaded.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Bare window")
window.resize(1200, 760)
window.show()
app.exec()
"""


def have_x_tools() -> bool:
    return all(shutil.which(t) for t in ("Xvfb", "xdotool"))


def free_display_number() -> int:
    """A display number no X server (ours or another benchmark's) is using."""
    number = random.randint(100, 900)
    while any(Path(p).exists() for p in (f"/tmp/.X11-unix/X{number}", f"/tmp/.X{number}-lock")):
        number += 1
    return number


class Display:
    """A private Xvfb. It waits until the server answers (a loaded machine, e.g. the test
    suite on two workers, can take seconds), and takes another number when the one it
    chose was taken in the meantime (Xvfb then exits)."""

    START_TIMEOUT = 30.0
    ATTEMPTS = 3

    def __init__(self, number: int | None = None) -> None:
        for attempt in range(self.ATTEMPTS):
            chosen = free_display_number() if number is None or attempt else number
            self.name = f":{chosen}"
            self.proc = subprocess.Popen(
                ["Xvfb", self.name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + self.START_TIMEOUT
            while self.proc.poll() is None and time.monotonic() < deadline:
                if Path(f"/tmp/.X11-unix/X{chosen}").exists():
                    break
                time.sleep(0.05)
            if self.proc.poll() is None:
                break
        else:
            raise RuntimeError("no Xvfb could be started for the start-up benchmark")
        self.env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        self.env["DISPLAY"] = self.name

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(5)

    def visible(self, title: str) -> bool:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env=self.env,
            capture_output=True,
        )
        return found.returncode == 0 and bool(found.stdout.strip())


def time_to_window(
    display: Display, argv: list[str], title: str, timeout: float = 60, attempts: int = 3
) -> tuple[float, subprocess.Popen]:
    """Seconds from spawning ``argv`` to its window ``title`` being visible. A process
    that ends before its window shows (Qt aborting on a display that was not ready yet,
    seen rarely under load) is started again, at most ``attempts`` times in all."""
    for attempt in range(attempts):
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=display.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while not display.visible(title):
            ended = proc.poll()
            if ended is not None and attempt + 1 < attempts:
                break  # started again below
            if time.perf_counter() - started > timeout or ended is not None:
                proc.kill()
                why = f"its process ended with {ended}" if ended is not None else "timed out"
                raise RuntimeError(f"{title!r} did not appear ({why})")
            time.sleep(0.005)
        else:
            return time.perf_counter() - started, proc
        time.sleep(0.5)
    raise RuntimeError(f"{title!r} did not appear")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bytecode_env(env: dict[str, str], pycache: Path | None) -> dict[str, str]:
    """``env`` with Python's bytecode cache written to and read from ``pycache``.

    An installed app starts from compiled bytecode; a checkout (or an environment with
    PYTHONDONTWRITEBYTECODE set) may compile every changed module at each start, which
    is not what a user waits for. With a private cache, one warm-up start fills it.
    """
    if pycache is None:
        return env
    out = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPYCACHEPREFIX"] = str(pycache)
    return out


def measure(
    data_dir: Path,
    runs: int = 5,
    settle: float = 3.0,
    script_dir: Path | None = None,
    *,
    pycache: Path | None = None,
    warmup: int = 0,
) -> dict[str, list[float]]:
    """Interleaved runs of both processes: seconds to a visible window, and the app's
    resident memory ``settle`` seconds after its window appeared. The bare window's
    script is written to ``script_dir`` (default: beside the data folder). ``warmup``
    rounds of both are run first and not counted; ``pycache``: see ``bytecode_env``."""
    display = Display()
    display.env = bytecode_env(display.env, pycache)
    bare_script = (script_dir or data_dir.parent) / "bare_window.py"
    bare_script.write_text(BARE)
    out: dict[str, list[float]] = {"bare_start_s": [], "relapp_start_s": [], "rss_mb": []}
    app_argv = [sys.executable, "-m", "relapp", "--data-dir", str(data_dir)]
    try:
        for n in range(warmup + runs):  # interleaved, so both see the same machine state
            counted = n >= warmup
            seconds, proc = time_to_window(
                display, [sys.executable, str(bare_script)], "Bare window"
            )
            if counted:
                out["bare_start_s"].append(seconds)
            stop(proc)
            seconds, proc = time_to_window(display, app_argv, "^Relapp$")
            if counted:
                out["relapp_start_s"].append(seconds)
                time.sleep(settle)
                out["rss_mb"].append(rss_mb(proc.pid))
            stop(proc)
    finally:
        display.close()
    return out


def offscreen_rss_mb(data_dir: Path, settle: float = 3.0, pycache: Path | None = None) -> float:
    """Without an X server: the app's resident memory ``settle`` seconds after it started
    on the offscreen platform (there is no window to wait for)."""
    env = bytecode_env({**os.environ, "QT_QPA_PLATFORM": "offscreen"}, pycache)
    proc = subprocess.Popen(
        [sys.executable, "-m", "relapp", "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(settle)
        if proc.poll() is not None:
            raise RuntimeError(f"Relapp ended with code {proc.returncode} before it was measured")
        return rss_mb(proc.pid)
    finally:
        stop(proc)
