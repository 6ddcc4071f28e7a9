"""``relapp`` makes its QApplication before it imports the window's modules, and Qt's
font database fills on a thread of its own meanwhile (``relapp.ui.early``; issue 18:
fontconfig's start, 25 million instructions, was the largest thing the window did over
a bare one). The real ``relapp`` in its own process, offscreen, on a database with
people: the font thread starts before the window's modules are imported, is waited for
once they are (before Relapp uses Qt further), and the application made early is set
up as Relapp's (its names, the desktop file) by the time the window has painted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relapp import APP_ID
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import open_database

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys, threading
from relapp.ui import early

real_start, real_loaded = early.start, early.fonts_loaded

def start(*args, **kwargs):
    app = real_start(*args, **kwargs)
    if kwargs.get("fonts_on_a_thread") is False:  # create_application's: made already
        return app
    thread = early._fonts
    print("fonts started:", thread is not None and thread.ident is not None)
    print("window modules at the start:", "relapp.ui.main_window" in sys.modules)
    return app

def fonts_loaded():
    print("window modules at the wait:", "relapp.ui.main_window" in sys.modules)
    real_loaded()
    alive = [t.name for t in threading.enumerate() if t.name == "relapp-fonts"]
    print("font thread after the wait:", alive or "none")
    from relapp.ui.main_window import MainWindow

    def painted(window):
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        print("application:", app.applicationName(), app.desktopFileName())
        print("made early:", early.made_here(app))
        sys.stdout.flush()
        app.exit(0)

    MainWindow.after_first_paint = painted

early.start, early.fonts_loaded = start, fonts_loaded
from relapp.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_fonts_load_on_a_thread_while_the_window_modules_are_imported(
    tmp_path: Path,
) -> None:
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    db = open_database(paths.database)
    people.add_person(db, PersonDraft("Ada Lovelace"))
    db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(paths.data_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    said = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert said == {
        "fonts started": "True",
        "window modules at the start": "False",
        "window modules at the wait": "True",
        "font thread after the wait": "none",
        "application": f"Relapp {APP_ID}",
        "made early": "True",
    }
