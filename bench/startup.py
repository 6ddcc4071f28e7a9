"""Cold start and memory of the real app under a private X server.

Both processes (a bare PySide6 window and Relapp on the given database) are started
the same way; the time is from spawning the process until its window is mapped and
visible (polled with xdotool every 5 ms). Memory is the app's resident set size a few
seconds after its window appeared, with the people list loaded.
"""

from __future__ import annotations

import os
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


class Display:
    def __init__(self, number: int = 93) -> None:
        self.name = f":{number}"
        self.proc = subprocess.Popen(
            ["Xvfb", self.name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
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
    display: Display, argv: list[str], title: str, timeout: float = 60
) -> tuple[float, subprocess.Popen]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=display.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while not display.visible(title):
        if time.perf_counter() - started > timeout or proc.poll() is not None:
            proc.kill()
            raise RuntimeError(f"{title!r} did not appear")
        time.sleep(0.005)
    return time.perf_counter() - started, proc


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


def measure(data_dir: Path, runs: int = 5) -> dict[str, list[float]]:
    display = Display()
    bare_script = data_dir.parent / "bare_window.py"
    bare_script.write_text(BARE)
    out: dict[str, list[float]] = {"bare_start_s": [], "relapp_start_s": [], "rss_mb": []}
    app_argv = [sys.executable, "-m", "relapp", "--data-dir", str(data_dir)]
    try:
        for _ in range(runs):  # interleaved, so both see the same machine state
            seconds, proc = time_to_window(
                display, [sys.executable, str(bare_script)], "Bare window"
            )
            out["bare_start_s"].append(seconds)
            stop(proc)
            seconds, proc = time_to_window(display, app_argv, "^Relapp$")
            out["relapp_start_s"].append(seconds)
            time.sleep(3)
            out["rss_mb"].append(rss_mb(proc.pid))
            stop(proc)
    finally:
        display.close()
    return out
