"""Running Relapp as a user would (a separate process) in conditions a test has to make:
a tiny full disk (tmpfs), a read-only folder (a read-only bind mount), a process without
the powers of root (setpriv), no display. Each fixture skips with its reason where the
machine cannot make the condition (they need root for mount and setpriv)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# A process that keeps root's user id but loses its power to ignore file permissions,
# as an ordinary user would be (so a 0755 folder owned by someone else is read-only).
WITHOUT_ROOT_POWERS = (
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search,-fowner",
    "--inh-caps",
    "-all",
)


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.pop("RELAPP_DATA_DIR", None)
    env.update(extra)
    return env


def relapp(
    *args: str | Path,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 60,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """``python -m relapp ARGS`` in a separate process."""
    return subprocess.run(
        [*prefix, PY, "-m", "relapp", *map(str, args)],
        capture_output=True,
        text=True,
        env=env or environment(),
        cwd=cwd,
        timeout=timeout,
    )


# The window's own start-up, in a process of its own, with every message box closed as
# soon as it shows (its text is printed first, so the test can read what it said).
WINDOW_CLOSING_BOXES = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from relapp.__main__ import main

def close_boxes():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            print("BOX:", widget.windowTitle(), "|", widget.text().replace("\\n", " "),
                  "|", widget.informativeText().replace("\\n", " "), flush=True)
            buttons = [b.text() for b in widget.buttons()]
            print("BUTTONS:", buttons, flush=True)
            widget.reject()
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "main-window" or type(widget).__name__ == "MainWindow":
            if widget.isVisible():
                print("WINDOW SHOWN", flush=True)
                QApplication.quit()

import relapp.ui.app as app_module
real = app_module.create_application
def create(*a, **k):
    app = real(*a, **k)
    timer = QTimer(app)
    timer.timeout.connect(close_boxes)
    timer.start(100)
    return app
app_module.create_application = create
sys.exit(main(sys.argv[1:]))
"""


def window(
    *args: str | Path, prefix: Sequence[str] = (), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, PY, "-c", WINDOW_CLOSING_BOXES, *map(str, args)],
        capture_output=True,
        text=True,
        env=env or environment(),
        cwd=ROOT,
        timeout=90,
    )


def people_in(database: Path) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


def quick_check(database: Path) -> str:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    finally:
        conn.close()


def cards(count: int, note: int = 0, who: str = "Person") -> bytes:
    """``count`` different people (``who`` 0 Somebody, ...), each with an own email."""
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{who} {i} Somebody\r\n"
        f"EMAIL:{who.lower()}{i}@example.org\r\nNOTE:{'x' * note}\r\nEND:VCARD\r\n"
        for i in range(count)
    ).encode()


def _run_root(*command: str) -> bool:
    done = subprocess.run(command, capture_output=True, text=True)
    return done.returncode == 0


def _need_root(what: str) -> None:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(f"{what} needs root (mount/setpriv); this test runs as a normal user")


@pytest.fixture(name="tiny_disk")
def tiny_disk_fixture(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs: a real disk that really fills up (ENOSPC). Room for a small data
    folder with its backups (an empty database is about 270 KB since the text search,
    capture and sync tables: 1 MB was too tight for a backup beside a pre-import one)."""
    _need_root("a tiny disk")
    folder = tmp_path / "tiny"
    folder.mkdir()
    if not _run_root("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here (no permission in this container)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(disk: Path) -> None:
    """Write to ``disk`` until it is full."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


@pytest.fixture(name="make_read_only")
def make_read_only_fixture() -> Iterator[object]:
    """``make_read_only(folder)`` bind-mounts ``folder`` read-only onto itself (EROFS
    even for root); undone after the test."""
    _need_root("a read-only folder")
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        if not _run_root("mount", "--bind", str(folder), str(folder)):
            pytest.skip("cannot bind-mount here (no permission in this container)")
        mounted.append(folder)
        if not _run_root("mount", "-o", "remount,ro,bind", str(folder)):
            pytest.skip("cannot remount read-only here")

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def without_root_powers() -> Sequence[str]:
    _need_root("dropping root's powers")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    return WITHOUT_ROOT_POWERS
