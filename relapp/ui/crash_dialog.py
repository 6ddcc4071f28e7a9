"""An uncaught error shows a dialog that says where the log is, instead of vanishing.

``install(app)`` routes ``sys.excepthook`` and ``threading.excepthook`` (through
``relapp.app_logging``) to a dialog. Errors from other threads cross to the GUI thread by a
queued signal, so the dialog is always made on the GUI thread. All text is plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from relapp.app_logging import install_excepthooks
from relapp.domain.i18n import _
from relapp.ui.errors import explain_known

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

MAX_SHOWN_AT_ONCE = 3


def crash_box(text: str, log_file: Path | None) -> QMessageBox:
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    box = QMessageBox(QMessageBox.Icon.Critical, _("Relapp hit an unexpected error"), "")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(_("Something went wrong that Relapp did not expect:") + f"\n\n{text}")
    where = (
        _("The details are in the log:") + f"\n{log_file}"
        if log_file is not None
        else _("The log could not be written; the details went to the terminal.")
    )
    safe = _(
        "Your data is safe: every change is saved in a transaction. "
        "If this keeps happening, please send the log with a note of what you did."
    )
    box.setInformativeText(f"{where}\n\n{safe}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def known_box(title: str, text: str) -> QMessageBox:
    """An error that escaped but is known (a database locked by another program, a full
    disk): its own words, not "unexpected"."""
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    box = QMessageBox(QMessageBox.Icon.Warning, title, "")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setInformativeText(
        _("What you were doing was not saved; everything saved before is intact.")
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


class CrashReporter(QObject):
    """Lives on the GUI thread; ``report`` and ``report_known`` may be called from any
    thread."""

    _reported = Signal(str, str)
    _known = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_boxes = 0
        self.shown: list[str] = []
        # Always from the event loop, never inside the hook that reported: a report from
        # another thread arrives queued; on the GUI thread, the box waits for the loop
        # too (a queued connection would need the Qt namespace's enums at start-up).
        self._reported.connect(self._show_soon)
        self._known.connect(self._show_known_soon)

    def report(self, text: str, log_file: Path | None) -> None:
        self._reported.emit(text, str(log_file) if log_file is not None else "")

    def report_known(self, title: str, text: str) -> None:
        self._known.emit(title, text)

    def _show_soon(self, text: str, log_file: str) -> None:
        QTimer.singleShot(0, lambda: self._show(text, log_file))

    def _show_known_soon(self, title: str, text: str) -> None:
        QTimer.singleShot(0, lambda: self._show_known(title, text))

    def _show_known(self, title: str, text: str) -> None:
        if not text:  # known and not for the user (a read refused during a restore)
            return
        self.shown.append(text)
        if self.open_boxes >= MAX_SHOWN_AT_ONCE:
            return
        self.open_boxes += 1
        try:
            known_box(title, text).exec()
        finally:
            self.open_boxes -= 1

    def _show(self, text: str, log_file: str) -> None:
        self.shown.append(text)
        if self.open_boxes >= MAX_SHOWN_AT_ONCE:  # an error in a loop must not flood
            return
        self.open_boxes += 1
        try:
            crash_box(text, Path(log_file) if log_file else None).exec()
        finally:
            self.open_boxes -= 1


def install(app: QApplication) -> CrashReporter:
    reporter = CrashReporter(app)
    install_excepthooks(reporter.report, explain_known, reporter.report_known)
    return reporter
