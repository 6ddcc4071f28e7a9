"""Every Python type of the Qt modules Relapp uses, made on the GUI thread before another
thread imports anything that uses Qt.

PySide6 makes the Python type of a Qt class the first time Python asks for it (lazy
loading: ``from PySide6.QtWidgets import QDateTimeEdit`` makes it then, with its bases and
enums). Making types on two threads at once is not safe: both change Shiboken's table of
the types still to make, and making one runs Python code (its enums) between which the
interpreter switches threads. Relapp imports its features' modules on the task runner's
worker after the first paint (``window_features``) and pyqtgraph on a thread of its own
(``health/charts_ahead``), while the GUI thread makes the types it meets: the test suite
saw a window die of SIGSEGV so, its worker in ``from PySide6.QtCore import ...`` of
``ui/interaction_dialog.py``. Two threads making the types of QtCore, QtGui and QtWidgets
crashed 14 times in 30 runs; a thread importing pyqtgraph beside them, 1 in 30; with every
type made first on one thread, 0 in 30.

So ``make_then`` makes every type of ``MODULES`` (those Relapp and pyqtgraph import) and
of any other Qt module loaded by then, on the GUI thread, a few milliseconds of its CPU a
turn of the event loop (about 110 ms in all on this machine, at most ~18 ms for one
type), and then hands over: after it no type is made lazily on any thread. The modules
of ``MODULES`` not loaded yet are imported here too, on the GUI thread.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterator
from types import ModuleType

from PySide6.QtCore import QObject, QTimer

MODULES = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtNetwork",
    "QtSvg",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtTest",
)
SLICE_S = 0.004  # of the GUI thread's CPU a turn, then the event loop runs


def unmade(module: ModuleType) -> list[str]:
    """The names of ``module``'s types not made yet (not in its namespace until asked)."""
    made = module.__dict__
    return [name for name in dir(module) if not name.startswith("_") and name not in made]


def _names() -> list[str]:
    """``MODULES`` and every other Qt module loaded already (QtNetwork, for one)."""
    loaded = [name[len("PySide6.") :] for name in sys.modules if name.startswith("PySide6.Qt")]
    return [*MODULES, *sorted(set(loaded) - set(MODULES))]


def all_made() -> bool:
    """Whether every type of ``MODULES`` and of the other Qt modules loaded is made."""
    for name in _names():
        module = sys.modules.get(f"PySide6.{name}")
        if module is None or unmade(module):
            return False
    return True


def _steps() -> Iterator[None]:
    for name in _names():
        try:
            module = importlib.import_module(f"PySide6.{name}")
        except ImportError:  # not in this PySide6: nobody can import it on a thread either
            continue
        yield
        for attribute in unmade(module):
            getattr(module, attribute, None)
            yield


class _Maker(QObject):
    def __init__(self, then: Callable[[], None], parent: QObject | None) -> None:
        super().__init__(parent)
        self._then = then
        self._steps = _steps()

    def step(self) -> None:
        until = time.thread_time() + SLICE_S
        for _done in self._steps:
            if time.thread_time() >= until:
                QTimer.singleShot(0, self, self.step)
                return
        self.deleteLater()
        self._then()


def make_then(parent: QObject, then: Callable[[], None]) -> None:
    """Make every type of ``MODULES`` on the GUI thread over the next turns, then
    ``then()`` (at once when they are all made). ``parent`` owns the work: deleted
    before it is done, ``then`` is never called."""
    if all_made():
        then()
        return
    maker = _Maker(then, parent)
    QTimer.singleShot(0, maker, maker.step)
