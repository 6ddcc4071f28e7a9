"""Work off the GUI thread: one worker runs tasks in order and hands results back.

Database work that grows with the data (searching 100,000 people, importing, health
for everyone) runs here; the callbacks run on the GUI thread. A task submitted with a
``key`` supersedes older tasks with the same key: a stale search result never
overwrites a newer one, and a search that has not started yet is skipped.

A long task reports how far it is with ``submit_with_progress``: it is handed a
``report(done, total)`` it may call from the worker as often as it likes; the runner
passes it on to the GUI thread (the ``progress`` signal and the task's ``on_progress``)
at most every ``PROGRESS_INTERVAL`` seconds, and always the last step.

The worker is a plain Python thread that never calls Qt: it puts results and the latest
progress in thread-safe containers and, as a task ends, writes one byte to a socket pair
whose other end a ``QSocketNotifier`` on the GUI thread watches, so a result (a search
typed letter by letter) is handed on at once; a timer on the GUI thread, running only
while tasks are outstanding, hands on the progress every few milliseconds. Two earlier designs broke
under load: a ``QRunnable`` written in Python is deleted on the pool thread, where
PySide tears its wrapper down holding Qt's connection lock while it waits for the GIL
(a deadlock with the GUI thread disconnecting a progress dialog); and signals emitted
from a Python thread crashed once while the GUI thread was collecting garbage. With no
Qt on the worker, neither can happen; each task's callable is also released on the GUI
thread, so nothing a task holds is freed on the worker. (One kind of task does use Qt:
decoding a photo with ``QImageReader`` into a ``QImage``, classes Qt documents as
reentrant and meant for worker threads; see ``widgets/avatar.py``.)

The worker is also the process's one writer (docs/architecture.md, "The one-writer
rule"): every write to the database is handed to ``write`` and runs here, in the
transaction its service opens, in the order it was asked for, after whatever is under
way. The GUI thread therefore never waits on SQLite's write lock. A write is never
superseded (it has no key) and never skipped. When one has to wait behind a long task
(an import) for more than ``WAITING_NOTICE_MS``, ``writeWaiting`` says so in words
("Saving after the import…"; the running task's ``name``), and says "" once no write is
waiting any more.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QWidget

from relapp.ui import gc_collector

log = logging.getLogger(__name__)

Report = Callable[[int, int], None]
"""``report(done, total)``: how far a task is; safe to call from the worker thread."""

PROGRESS_INTERVAL = 0.03
POLL_INTERVAL_MS = 4  # how soon a result reaches the GUI thread (only while busy)
WAITING_NOTICE_MS = 150  # a write queued longer than this behind a task is announced
UNNAMED_TASK = "the work under way"


def waiting_text(name: str | None) -> str:
    """What the window says while a write waits behind the task ``name``."""
    return f"Saving after {name or UNNAMED_TASK}…"


class _Pending:
    """A task submitted and not delivered yet. (Not a dataclass: making one at import
    costs start-up 4 million instructions, issue 18.)"""

    __slots__ = ("fn", "key", "name", "on_done", "on_error", "on_progress", "writes")

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        key: str | None,
        on_progress: Callable[[int, int], None] | None = None,
        *,
        name: str | None = None,
        writes: bool = False,
    ) -> None:
        self.on_done = on_done
        self.on_error = on_error
        self.key = key
        self.on_progress = on_progress
        self.fn: Callable[[], Any] | None = None  # held here: freed on the GUI thread
        self.name = name  # what the task is, in words ("the import")
        self.writes = writes


class _Reporter:
    """The ``report`` handed to a task: throttled; the GUI thread reads the latest."""

    def __init__(self, worker: _Worker, task_id: int) -> None:
        self._worker = worker
        self._task_id = task_id
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self._worker.progress[self._task_id] = (int(done), int(total))


class _Wakeup:
    """How the worker wakes the GUI thread without Qt: one byte on a socket pair; a
    ``QSocketNotifier`` on the GUI thread reads them and calls ``on_wake``. (A poll alone
    handed a search result on 0-4 ms late, 2 ms a keystroke on average.)"""

    def __init__(self, on_wake: Callable[[], None], parent: QObject) -> None:
        import _socket  # not ``socket``: its enums and selectors, 16 million instructions

        self._reader, self._writer = _socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        # A child of the runner: it stops watching when the runner goes, before the
        # sockets do (a closed socket object refuses ``send``; no file number is reused).
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, parent)
        self._notifier.activated.connect(lambda *_args: self._woken(on_wake))

    def wake(self) -> None:
        """From the worker thread."""
        with contextlib.suppress(OSError):  # the buffer is full: a wake-up is pending
            self._writer.send(b"\0")

    def _woken(self, on_wake: Callable[[], None]) -> None:
        try:
            while self._reader.recv(4096):
                pass
        except OSError:  # nothing more to read
            pass
        on_wake()


class _Worker:
    """One daemon thread that runs tasks in the order they were queued and leaves what
    they return in ``results``; it ends after a while without work and starts again
    when the next task comes."""

    IDLE_EXIT = 10.0

    def __init__(
        self, superseded: Callable[[int], bool], finished: Callable[[], None] = lambda: None
    ) -> None:
        self._superseded = superseded
        self._finished = finished
        self._queue: queue.SimpleQueue[tuple[int, Callable[[], Any]]] = queue.SimpleQueue()
        self.results: collections.deque[tuple[int, Any, BaseException | None]] = collections.deque()
        self.progress: dict[int, tuple[int, int]] = {}
        self._outstanding = 0
        self.current = 0  # the id of the task running or last run (ids grow in order)
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def start(self, task_id: int, fn: Callable[[], Any]) -> None:
        with self._changed:
            self._outstanding += 1
            self._queue.put((task_id, fn))
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="relapp-tasks")
                self._thread.daemon = True
                self._thread.start()

    def wait(self, msecs: int = -1) -> bool:
        with self._changed:
            return self._changed.wait_for(
                lambda: self._outstanding == 0, None if msecs < 0 else msecs / 1000
            )

    def _loop(self) -> None:
        while True:
            try:
                task_id, fn = self._queue.get(timeout=self.IDLE_EXIT)
            except queue.Empty:
                with self._changed:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            self.current = task_id
            if self._superseded(task_id):
                outcome: tuple[int, Any, BaseException | None] = (task_id, None, _Skipped())
            else:
                try:
                    outcome = (task_id, fn(), None)
                except BaseException as exc:  # handed to the GUI thread, never lost
                    outcome = (task_id, None, exc)
            del fn
            self.results.append(outcome)
            del outcome
            with self._changed:
                self._outstanding -= 1
                self._changed.notify_all()
            self._finished()


class _Skipped(Exception):
    pass


class TaskRunner(QObject):
    """A single background worker; ``submit`` returns at once."""

    busyChanged = Signal(bool)
    progress = Signal(int, int, int)  # task id, done, total
    writeWaiting = Signal(str)  # "Saving after the import…" while a write waits; "" after

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wakeup = _Wakeup(self._deliver, self)
        self._worker = _Worker(self._is_superseded, self._wakeup.wake)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._deliver)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._writes: set[int] = set()  # writes not finished yet
        self.waiting_notice = ""
        self._notice = QTimer(self)
        self._notice.setSingleShot(True)
        self._notice.setInterval(WAITING_NOTICE_MS)
        self._notice.timeout.connect(self._say_waiting)
        self._held: list[tuple[int, Callable[[], Any]]] | None = None

    def hold_until_painted(self, widget: QWidget) -> None:
        """Tasks submitted from now on start, in order, once ``widget`` has painted
        (``paint_hold``); ``wait`` and a write start them at once."""
        if self._held is None:
            self._held = held = []
            from relapp.ui.paint_hold import after_paint

            after_paint(widget, lambda: self._release() if self._held is held else None)

    def _release(self) -> None:
        for task_id, fn in self._held or ():
            self._worker.start(task_id, fn)
        self._held = None

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        key: str | None = None,
        name: str | None = None,
    ) -> int:
        """Run ``fn()`` on the worker. ``key``: the newest task with this key wins (a
        search). ``name``: the task in words, for a write that has to wait for it."""
        task_id = next(self._ids)
        return self._start(task_id, fn, _Pending(on_done, on_error, key, name=name))

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        name: str | None = None,
    ) -> int:
        """Run a write on the worker, after everything asked for before it, never
        skipped. ``fn`` calls a service that owns its transaction; ``on_done`` gets what
        it returned, ``on_error`` what it raised (both on the GUI thread). ``name``: the
        write in words, for a write that has to wait for this one. Never held for a paint."""
        self._release()
        task_id = next(self._ids)
        self._writes.add(task_id)
        busy = bool(self._pending)
        pending = _Pending(on_done, on_error, None, name=name, writes=True)
        started = self._start(task_id, fn, pending)
        if busy and not self._notice.isActive() and not self.waiting_notice:
            self._notice.start()
        return started

    def _waiting_writes(self) -> list[int]:
        current = self._worker.current
        return [w for w in self._writes if w > current]

    def _say_waiting(self) -> None:
        if not self._waiting_writes():
            return
        running = self._pending.get(self._worker.current)
        self.waiting_notice = waiting_text(running.name if running is not None else None)
        self.writeWaiting.emit(self.waiting_notice)

    def _check_waiting(self) -> None:
        if self.waiting_notice and not self._waiting_writes():
            self.waiting_notice = ""
            self.writeWaiting.emit("")

    def submit_with_progress(
        self,
        fn: Callable[[Report], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        *,
        key: str | None = None,
        name: str | None = None,
    ) -> int:
        """Like ``submit``, for a task that reports progress: ``fn(report)`` runs in the
        worker; ``on_progress(done, total)`` runs on the GUI thread."""
        task_id = next(self._ids)
        report = _Reporter(self._worker, task_id)
        return self._start(
            task_id, lambda: fn(report), _Pending(on_done, on_error, key, on_progress, name=name)
        )

    def _start(self, task_id: int, fn: Callable[[], Any], pending: _Pending) -> int:
        was_idle = not self._pending
        pending.fn = fn
        self._pending[task_id] = pending
        if pending.key is not None:
            with self._lock:
                self._latest[pending.key] = task_id
        if self._held is None:
            self._worker.start(task_id, fn)
        else:  # hold_until_painted
            self._held.append((task_id, fn))
        if not self._timer.isActive():
            self._timer.start()
        if was_idle:
            gc_collector.set_busy(self, True)
            self.busyChanged.emit(True)
        return task_id

    @property
    def idle(self) -> bool:
        return not self._pending

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (shutdown and tests only). What it finished is
        handed on at the next turn of the event loop (``processEvents`` is enough), not
        only at the next tick of the delivery timer."""
        self._release()
        idle = self._worker.wait(msecs)
        if self._worker.results or self._worker.progress:
            QTimer.singleShot(0, self, self._deliver)
        return idle

    def _is_superseded(self, task_id: int) -> bool:
        pending = self._pending.get(task_id)
        if pending is None or pending.key is None:
            return False
        with self._lock:
            return self._latest.get(pending.key, task_id) != task_id

    def _deliver(self) -> None:
        """On the GUI thread: hand on the latest progress, then finished tasks in order."""
        worker = self._worker
        for task_id in list(worker.progress):
            done, total = worker.progress.pop(task_id)
            self._on_progress(task_id, done, total)
        while worker.results:
            task_id, result, error = worker.results.popleft()
            worker.progress.pop(task_id, None)
            self._writes.discard(task_id)
            self._on_finished(task_id, result, error)
            del result, error
        self._check_waiting()
        if not self._pending:
            self._timer.stop()

    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        pending = self._pending.get(task_id)
        if pending is None or self._is_stale(task_id, pending):
            return
        self.progress.emit(task_id, done, total)
        if pending.on_progress is not None:
            pending.on_progress(done, total)

    def _on_finished(self, task_id: int, result: Any, error: BaseException | None) -> None:
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            gc_collector.set_busy(self, False)
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
