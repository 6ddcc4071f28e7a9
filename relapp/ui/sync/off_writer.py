"""A sync on its own thread, its database steps on the one writer.

The sync's requests (listing, fetching, PUT, DELETE) can take seconds each on a slow
network and minutes in all on a first sync; the window's one writer (``TaskRunner``)
must not wait for them. So the sync runs on a thread of its own that never touches the
database: each short step it needs (``services.sync.steps``) is handed to
``runner.write`` like any save, and the sync waits for its result. A save made in the
window meanwhile waits for one step at most.

The sync thread calls no Qt: it puts each step and, at the end, its result in a
thread-safe queue, and a timer on the GUI thread, running only while a sync runs, hands
them on (the same design as ``ui/tasks.py``, for the same reasons).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer

from relapp.services.sync.steps import Step
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner

T = TypeVar("T")
POLL_INTERVAL_MS = 4
WAIT_SLICE_S = 0.25


class SyncStopped(Exception):
    """The window closed (or its database did) while a sync ran: it stops there."""


@dataclass
class _Box:
    """One step's result, handed from the writer back to the sync thread."""

    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class _Channel:
    """What the sync thread and the GUI thread share (no Qt in it)."""

    def __init__(self) -> None:
        self.steps: queue.SimpleQueue[tuple[Callable[[], Any], _Box]] = queue.SimpleQueue()
        self.finished: queue.SimpleQueue[tuple[Any, BaseException | None]] = queue.SimpleQueue()
        self.closed = False


class OffWriter(QObject):
    """Runs ``work(step)`` on a thread of its own; ``step`` hands each database step to
    the runner's one writer. ``on_done`` / ``on_error`` run on the GUI thread."""

    def __init__(self, runner: TaskRunner, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db = db
        self.channel = _Channel()
        self._callbacks: tuple[Callable[[Any], None], Callable[[BaseException], None]] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._hand_on)
        channel = self.channel
        self.destroyed.connect(lambda *_: setattr(channel, "closed", True))

    @property
    def running(self) -> bool:
        return self._callbacks is not None

    def start(
        self,
        work: Callable[[Step], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._callbacks is not None:
            raise RuntimeError("a sync is already under way")
        self._callbacks = (on_done, on_error)
        channel = self.channel

        def step(fn: Callable[[], Any]) -> Any:  # on the sync thread
            box = _Box()

            def run() -> None:  # on the writer
                try:
                    box.result = fn()
                except BaseException as exc:  # handed back to the sync thread
                    box.error = exc
                finally:
                    box.done.set()

            if channel.closed:
                raise SyncStopped("the window closed during the sync")
            channel.steps.put((run, box))
            while not box.done.wait(WAIT_SLICE_S):
                if channel.closed:
                    raise SyncStopped("the window closed during the sync")
            if box.error is not None:
                raise box.error
            return box.result

        def main() -> None:
            try:
                channel.finished.put((work(step), None))
            except BaseException as exc:  # handed to on_error on the GUI thread
                channel.finished.put((None, exc))

        threading.Thread(target=main, name="relapp-sync", daemon=True).start()
        self._timer.start()

    def _hand_on(self) -> None:
        """On the GUI thread: each step to the writer; the end to the callbacks."""
        while True:
            try:
                run, box = self.channel.steps.get_nowait()
            except queue.Empty:
                break
            if not self.db.is_open:  # the window closed: a step would open it again
                box.error = SyncStopped("the database closed during the sync")
                box.done.set()
                continue
            self.runner.write(run, name="the sync")
        try:
            result, error = self.channel.finished.get_nowait()
        except queue.Empty:
            return
        self._timer.stop()
        callbacks, self._callbacks = self._callbacks, None
        if callbacks is None:
            return
        on_done, on_error = callbacks
        if error is not None:
            on_error(error)
        else:
            on_done(result)
