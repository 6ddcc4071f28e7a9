"""Work off the GUI thread: one worker runs tasks in order and hands results back.

Database work that grows with the data (searching 100,000 people, importing, health
for everyone) runs here; the callbacks run on the GUI thread. A task submitted with a
``key`` supersedes older tasks with the same key: a stale search result never
overwrites a newer one, and a search that has not started yet is skipped.

A long task reports how far it is with ``submit_with_progress``: it is handed a
``report(done, total)`` it may call from the worker as often as it likes; the runner
passes it on to the GUI thread (the ``progress`` signal and the task's ``on_progress``)
at most every ``PROGRESS_INTERVAL`` seconds, and always the last step.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Report = Callable[[int, int], None]
"""``report(done, total)``: how far a task is; safe to call from the worker thread."""

PROGRESS_INTERVAL = 0.03


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    key: str | None
    on_progress: Callable[[int, int], None] | None = None


class _Relay(QObject):
    finished = Signal(int, object, object)
    progressed = Signal(int, int, int)


class _Reporter:
    """The ``report`` handed to a task: throttled, and carried to the GUI thread."""

    def __init__(self, relay: _Relay, task_id: int) -> None:
        self._relay = relay
        self._task_id = task_id
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self._relay.progressed.emit(self._task_id, int(done), int(total))


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._task_id = task_id
        self._fn = fn

    def run(self) -> None:
        if self._runner._is_superseded(self._task_id):
            self._runner._relay.finished.emit(self._task_id, None, _Skipped())
            return
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the GUI thread, never lost
            self._runner._relay.finished.emit(self._task_id, None, exc)
        else:
            self._runner._relay.finished.emit(self._task_id, result, None)


class _Skipped(Exception):
    pass


class TaskRunner(QObject):
    """A single background worker; ``submit`` returns at once."""

    busyChanged = Signal(bool)
    progress = Signal(int, int, int)  # task id, done, total

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._relay = _Relay()
        self._relay.finished.connect(self._on_finished)
        self._relay.progressed.connect(self._on_progress)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        key: str | None = None,
    ) -> int:
        task_id = next(self._ids)
        return self._start(task_id, fn, _Pending(on_done, on_error, key))

    def submit_with_progress(
        self,
        fn: Callable[[Report], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        *,
        key: str | None = None,
    ) -> int:
        """Like ``submit``, for a task that reports progress: ``fn(report)`` runs in the
        worker; ``on_progress(done, total)`` runs on the GUI thread."""
        task_id = next(self._ids)
        report = _Reporter(self._relay, task_id)
        return self._start(
            task_id, lambda: fn(report), _Pending(on_done, on_error, key, on_progress)
        )

    def _start(self, task_id: int, fn: Callable[[], Any], pending: _Pending) -> int:
        was_idle = not self._pending
        self._pending[task_id] = pending
        if pending.key is not None:
            with self._lock:
                self._latest[pending.key] = task_id
        self._pool.start(_Job(self, task_id, fn))
        if was_idle:
            self.busyChanged.emit(True)
        return task_id

    @property
    def idle(self) -> bool:
        return not self._pending

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)

    def _is_superseded(self, task_id: int) -> bool:
        pending = self._pending.get(task_id)
        if pending is None or pending.key is None:
            return False
        with self._lock:
            return self._latest.get(pending.key, task_id) != task_id

    @Slot(int, int, int)
    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        pending = self._pending.get(task_id)
        if pending is None or self._is_stale(task_id, pending):
            return
        self.progress.emit(task_id, done, total)
        if pending.on_progress is not None:
            pending.on_progress(done, total)

    @Slot(int, object, object)
    def _on_finished(self, task_id: int, result: Any, error: BaseException | None) -> None:
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            self.busyChanged.emit(False)
        if pending is None or isinstance(error, _Skipped) or self._is_stale(task_id, pending):
            return
        if error is not None:
            if pending.on_error is not None:
                pending.on_error(error)
            else:
                log.error("background task failed", exc_info=error)
            return
        if pending.on_done is not None:
            pending.on_done(result)

    def _is_stale(self, task_id: int, pending: _Pending) -> bool:
        if pending.key is None:
            return False
        with self._lock:
            return self._latest.get(pending.key, task_id) != task_id
