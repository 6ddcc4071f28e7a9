"""Turning errors into words for the user, in one place."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from relapp.domain.errors import DatabaseClosedForRestore, RelappError
from relapp.domain.i18n import _
from relapp.services.errors import explain_database_error

log = logging.getLogger(__name__)


def describe(error: BaseException) -> tuple[str, str]:
    """(title, text) for an error; an error of the database itself (locked by another
    program, a full disk, a read-only file) in words; other unknown errors name their
    type for the log."""
    if isinstance(error, RelappError):
        return _(error.title), str(error)
    explained = explain_database_error(Path(_("the database")), error)
    if explained is not None:
        return _(explained.title), f"{explained.message[:1].upper()}{explained.message[1:]}"
    return _("Something went wrong"), f"{type(error).__name__}: {error}"


def explain_known(error: BaseException) -> tuple[str, str] | None:
    """(title, text) for an error of the database itself that escaped (locked by another
    program, a full disk, read-only), None for others."""
    if isinstance(error, DatabaseClosedForRestore):
        return ("", "")  # known, and nothing to show (``CrashReporter.report_known``)
    if isinstance(error, RelappError) or explain_database_error(Path("."), error) is not None:
        return describe(error)
    return None


def show_error(parent: QWidget | None, error: BaseException) -> None:
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    if isinstance(error, DatabaseClosedForRestore):  # the restore reports how it ended
        log.info("refused during a restore: %s", error)
        return
    if not isinstance(error, RelappError):
        log.error("error: %s", type(error).__name__, exc_info=error)
    title, text = describe(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
