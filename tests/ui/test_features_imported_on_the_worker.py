"""The features come after the first paint (issue 18: no GUI stall over 50 ms). Their
modules (dialogs, models, the services they call: 660 ms of the GUI thread's CPU on
this machine, a three-second freeze of the window just shown under load) are imported
on the task runner's worker; the GUI thread only installs them, which is quick. The real
``relapp`` runs in its own process (a fresh interpreter: nothing imported yet), and an
import hook records on which thread each feature module was first executed.

Before the worker imports them, every Qt type is made on the GUI thread (``ui/qt_types``):
PySide6 makes a type the first time Python asks for it, and two threads doing that at once
crash the process (SIGSEGV, seen in the suite with the worker importing a feature's
dialog). The hook also notes, whenever a thread other than the GUI thread imports one of
Relapp's modules, the Qt types not made yet, and any Qt module first imported there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import open_database

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys, threading
from importlib.abc import MetaPathFinder

threads = {}
off_gui = {"imports": 0, "unmade": set(), "qt_modules": set()}

def unmade_now():
    out = set()
    for name, module in list(sys.modules.items()):
        if name.startswith("PySide6.Qt") and module is not None:
            made = module.__dict__
            lazy = [n for n in dir(module) if not n.startswith("_") and n not in made]
            out.update(f"{name}.{n}" for n in lazy)
    return out

class Watch(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("relapp.ui.") and name.endswith(".feature"):
            threads.setdefault(name, threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            if name.startswith("PySide6.Qt"):
                off_gui["qt_modules"].add(name)
            elif name.startswith("relapp.ui."):
                off_gui["imports"] += 1
                off_gui["unmade"].update(unmade_now())
        return None  # the normal finders load it

sys.meta_path.insert(0, Watch())

from relapp.ui.main_window import MainWindow
from PySide6.QtCore import QCoreApplication, QTimer

def done():
    for name, thread in sorted(threads.items()):
        print(f"{name}: {thread}")
    print("imports off the GUI thread:", off_gui["imports"])
    print("unmade:", len(off_gui["unmade"]), sorted(off_gui["unmade"])[:5])
    print("qt modules:", sorted(off_gui["qt_modules"]))
    sys.stdout.flush()
    QCoreApplication.instance().exit(0)

real_init = MainWindow.__init__
def init(self, *args, **kwargs):
    real_init(self, *args, **kwargs)
    self.featuresInstalled.connect(lambda: QTimer.singleShot(0, done))
MainWindow.__init__ = init

from relapp.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _probe(tmp_path: Path) -> dict[str, str]:
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
    return dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)


def test_the_feature_modules_are_imported_on_the_worker(tmp_path: Path) -> None:
    lines = _probe(tmp_path)
    threads = {name: thread for name, thread in lines.items() if name.startswith("relapp.")}
    assert "relapp.ui.health.feature" in threads and "relapp.ui.sync.feature" in threads
    on_gui = sorted(name for name, thread in threads.items() if thread == "MainThread")
    assert on_gui == [], f"imported on the GUI thread: {on_gui}"


def test_no_qt_type_is_left_to_be_made_when_another_thread_imports(tmp_path: Path) -> None:
    lines = _probe(tmp_path)
    assert int(lines["imports off the GUI thread"]) > 10  # the features' modules, on the worker
    assert lines["unmade"].startswith("0 "), lines["unmade"]
    assert lines["qt modules"] == "[]"
