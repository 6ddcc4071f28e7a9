"""Turning errors into words for the user, in one place."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from relapp.domain.errors import RelappError

log = logging.getLogger(__name__)


def describe(error: BaseException) -> tuple[str, str]:
    """(title, text) for an error; unknown errors name their type for the log."""
    if isinstance(error, RelappError):
        return error.title, str(error)
    return "Something went wrong", f"{type(error).__name__}: {error}"


def show_error(parent: QWidget | None, error: BaseException) -> None:
    if not isinstance(error, RelappError):
        log.error("unexpected error", exc_info=error)
    title, text = describe(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
