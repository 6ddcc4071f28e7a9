"""Running ``python -m relapp ...`` as real processes on a data folder, for the tests of
what overlapping processes and damaged files do."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HOLD_THE_WINDOW_LOCK = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from relapp.ui.single_instance import SingleInstance
app = QCoreApplication([])
held = SingleInstance(Path(sys.argv[1]))
assert held.acquire()
print("locked", flush=True)
sys.stdin.readline()
held.release()
"""


RUN_ON_CUE = """
import sys
from relapp import cli
from relapp.services import backups, importing  # loaded before the cue
sys.stdin.readline()
sys.exit(cli.main(sys.argv[1:]))
"""


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def start(data: Path, *words: str) -> subprocess.Popen[str]:
    """``relapp WORDS... --data-dir DATA`` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "relapp", *words, "--data-dir", str(data)],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


def finish(process: subprocess.Popen[str], timeout: float = 120) -> Done:
    out, err = process.communicate(timeout=timeout)
    return Done(process.returncode, out, err)


def relapp(data: Path, *words: str, timeout: float = 120) -> Done:
    return finish(start(data, *words), timeout)


def write_cards(path: Path, count: int, prefix: str = "Person") -> Path:
    area = zlib.crc32(prefix.encode()) % 900 + 100  # phones differ between prefixes
    cards = (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{prefix} {i} Test\r\nN:Test;{prefix} {i};;;\r\n"
        f"EMAIL:{prefix.lower()}{i}@example.com\r\nTEL:+1{area}{i:07d}\r\nEND:VCARD\r\n"
        for i in range(count)
    )
    path.write_text("".join(cards), encoding="utf-8")
    return path


def people(data: Path) -> list[str]:
    """Every person's name in the folder's database, read the way the next start would."""
    return people_in_file(data / "relapp.sqlite3")


def people_in_file(database: Path) -> list[str]:
    conn = sqlite3.connect(database)
    try:
        return [row[0] for row in conn.execute("SELECT display_name FROM person")]
    finally:
        conn.close()


def kept_before_restore(restore: Done) -> Path | None:
    """The backup a successful ``relapp restore`` made of what was there before it."""
    for line in restore.out.splitlines():
        if "what was there before:" in line:
            return Path(line.split("what was there before:", 1)[1].strip())
    return None


def start_on_cue(data: Path, *words: str) -> subprocess.Popen[str]:
    """``relapp WORDS...`` started and loaded, waiting for ``cue()`` to run, so that it
    acts within milliseconds of the cue rather than after the interpreter's start-up."""
    return subprocess.Popen(
        [sys.executable, "-c", RUN_ON_CUE, *words, "--data-dir", str(data)],
        cwd=ROOT,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cue(process: subprocess.Popen[str], timeout: float = 120) -> Done:
    out, err = process.communicate("go\n", timeout=timeout)
    return Done(process.returncode, out, err)


def wait_until(condition, process: subprocess.Popen[str], limit: float = 60) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.002)
    return False


def hold_the_window_lock(data: Path) -> subprocess.Popen[str]:
    """A process holding the data folder the way the open window does."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_WINDOW_LOCK, str(data)],
        cwd=ROOT,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process
