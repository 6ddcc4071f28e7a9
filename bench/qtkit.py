"""The real main window, offscreen, for the benchmarks that time what the GUI does.

The window is built as the app builds it (``MainWindow`` with every feature installed)
on a database the caller opened, with its settings in a folder of the caller's. Two
things of the backups feature are left out while benchmarking: the start-up
``quick_check`` (a thread that reads the whole file, and would compete with what is
measured) and the daily backup (which would write a copy of the benchmark's database
after a minute).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from relapp.paths import AppPaths
from relapp.storage import Database

if TYPE_CHECKING:
    from relapp.ui.main_window import MainWindow


_APP: list[QApplication] = []  # one for the whole process, never collected


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        from relapp.ui import gc_collector
        from relapp.ui.app import GC_THRESHOLDS, tune_interpreter

        tune_interpreter()  # as the app's create_application does
        app = QApplication(["relapp-bench"])
        gc_collector.install(app, GC_THRESHOLDS)  # and collects on the GUI thread
    if not _APP:
        _APP.append(app)
    return app


def shutdown() -> None:
    """Delete what is left of Qt's objects, and the application, while Python is whole
    (see ``main_window``)."""
    if _APP:
        _APP[0].processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    if _APP:
        _APP.pop().shutdown()
    gc.collect()


def _quiet_backups() -> None:
    from relapp.ui.backups.feature import DatabaseGuard

    DatabaseGuard.start_check = lambda self: None  # type: ignore[method-assign,assignment,return-value]
    DatabaseGuard.daily_backup = lambda self: None  # type: ignore[method-assign]


def wait_until(predicate: Callable[[], bool], timeout: float = 120.0, what: str = "") -> None:
    """Process events until ``predicate()`` holds (untimed waits only: it polls)."""
    app = application()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what or predicate}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)


def run_until(
    connect: Callable[[Callable[[], None]], None], timeout: float = 120.0, what: str = ""
) -> None:
    """Run the event loop until the callback handed to ``connect`` is called: unlike
    ``wait_until`` nothing polls, so the GUI thread sleeps while the worker works."""
    app = application()
    loop = QEventLoop(app)
    done: list[bool] = []

    def finish() -> None:
        done.append(True)
        loop.quit()

    connect(finish)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(timeout * 1000))
    if not done:
        loop.exec()
    timer.stop()
    if not done:
        raise TimeoutError(f"gave up waiting for {what or 'the event loop'}")


def loop_until(predicate: Callable[[], bool], timeout: float = 300.0, what: str = "") -> None:
    """Run the event loop until ``predicate()`` holds, checked every 10 ms by a timer:
    the loop keeps running as the app's would (timers fire on time)."""
    app = application()
    loop = QEventLoop(app)
    deadline = time.monotonic() + timeout
    check = QTimer()
    check.setInterval(10)
    check.timeout.connect(
        lambda: loop.quit() if predicate() or time.monotonic() > deadline else None
    )
    check.start()
    if not predicate():
        loop.exec()
    check.stop()
    if not predicate():
        raise TimeoutError(f"gave up waiting for {what or predicate}")


def settle(window: MainWindow, timeout: float = 300.0) -> None:
    """Wait for the list and every background task the window started."""
    wait_until(lambda: window.list_loaded and window.runner.idle, timeout, "the window to settle")
    application().processEvents()


@contextmanager
def main_window(db: Database, data_dir: Path) -> Iterator[MainWindow]:
    """The main window on ``db``, shown offscreen and settled; closed afterwards."""
    application()
    _quiet_backups()
    from relapp.ui.app import open_window

    paths = AppPaths(data_dir)
    paths.ensure()
    window = open_window(db, paths)
    window.resize(1200, 760)
    window.show()
    try:
        settle(window)
        from relapp.ui.app import freeze_startup_objects

        freeze_startup_objects()  # as run_gui does once the app has started
        yield window
    finally:
        gc.unfreeze()
        window.runner.wait()
        window.keep_running_on_close = lambda: False
        window.close()
        window.deleteLater()
        application().processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # Collect the window's Python side now: left to the interpreter's exit, PySide
        # disconnects its slots after Python is half gone, and crashes.
        gc.collect()
