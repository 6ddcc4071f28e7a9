"""The GUI's side of the one writer: dialogs that save on the runner's worker, and the
window's "Saving after the import…".

Every write runs on the runner's worker (``TaskRunner.write``), so the GUI thread
never waits on SQLite's lock. A dialog saving through ``DialogWrite`` stays open while
its write waits and runs, disabled, its button saying "Saving…"; it closes when the
write is done (callers keep their ``exec()`` and read the result after it), or shows
the error and lets the user try again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QDialog, QPushButton, QStatusBar, QWidget
from shiboken6 import isValid

from relapp.domain.errors import InvalidInput
from relapp.ui.errors import show_error
from relapp.ui.tasks import TaskRunner

SAVING_TEXT = "Saving…"


class DialogWrite:
    """Saving ``dialog`` on ``runner``'s worker: ``write(work, done)``. While it runs,
    ``parts`` and the button are disabled and ``saving`` is true (the dialog's
    ``reject`` should then do nothing: the write finishes first). ``invalid`` shows a
    rule the input broke (``InvalidInput``) beside the fields; other errors get a box."""

    def __init__(
        self,
        dialog: QDialog,
        runner: TaskRunner,
        button: QPushButton,
        parts: Sequence[QWidget],
        invalid: Callable[[InvalidInput], None],
    ) -> None:
        self._dialog = dialog
        self._runner = runner
        self._button = button
        self._parts = tuple(parts)
        self._invalid = invalid
        self._text = ""
        self.saving = False

    def write(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work()`` (a service write) on the worker; then ``done(result)`` on the
        GUI thread (it usually accepts the dialog)."""
        self._set(True)
        dialog = self._dialog

        def landed(result: Any) -> None:
            if isValid(dialog):
                self._set(False)
                done(result)

        def failed(error: BaseException) -> None:
            if not isValid(dialog):
                return
            self._set(False)
            if isinstance(error, InvalidInput):
                self._invalid(error)
            else:
                show_error(dialog, error)

        self._runner.write(work, landed, failed)

    def _set(self, on: bool) -> None:
        self.saving = on
        for part in self._parts:
            part.setEnabled(not on)
        self._button.setEnabled(not on)
        if on:
            self._text = self._button.text()
            self._button.setText(SAVING_TEXT)
        elif self._text:
            self._button.setText(self._text)


def show_waiting_in(runner: TaskRunner, status_bar: QStatusBar) -> None:
    """Show the runner's "Saving after the import…" in a status bar while it holds."""

    def shown(text: str) -> None:
        if text:
            status_bar.showMessage(text)
        elif status_bar.currentMessage().startswith("Saving after"):
            status_bar.clearMessage()

    runner.writeWaiting.connect(shown)


def wait_for_the_worker(runner: TaskRunner, timeout_ms: int = 10_000) -> bool:
    """Wait until everything asked of the worker so far has run (a restore must not
    close the database under a running import), with the event loop turning: the window
    keeps painting and says what it waits for ("Saving after the import…"). True when
    the worker got there within ``timeout_ms``."""
    if runner.idle:
        return True
    loop = QEventLoop()
    reached: list[bool] = []

    def done(_value: object = None) -> None:
        reached.append(True)
        loop.quit()

    runner.write(lambda: None, done, done)  # FIFO: it runs after all that came before
    QTimer.singleShot(timeout_ms, loop.quit)
    if not reached:
        loop.exec()
    return bool(reached)
