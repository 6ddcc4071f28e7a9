"""Accessibility: what a screen reader is told about each focusable widget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from relapp.ui.main_window import MainWindow
from tests.ui.demo_people import demo_db, open_named  # noqa: F401 (shared with the theme tests)


def accessible_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def unnamed_focusable(root: QWidget) -> list[str]:
    """Each widget under ``root`` that takes the keyboard focus, is shown, and has no
    accessible name in words (what Orca or NVDA would read as "edit" or "button")."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if widget.focusProxy() is not None:  # the proxy takes the focus and is checked
            continue
        if not any(ch.isalnum() for ch in accessible_name(widget)):  # "⋯" or "✕" says nothing
            parent = widget.parentWidget()
            where = type(parent).__name__ if parent is not None else "-"
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return found


def action(window: MainWindow, text: str) -> QAction:
    for candidate in window.findChildren(QAction):
        if candidate.text().replace("&", "") == text:
            return candidate
    raise AssertionError(f"no action {text!r}")


def with_modal(qtbot, trigger: Callable[[], None], look: Callable[[QWidget], None]) -> None:
    """Trigger something that opens a dialog (modal with exec, or shown), call
    ``look(dialog)`` once it is up, then close it."""
    before = set(QApplication.topLevelWidgets())
    seen: list[QWidget] = []

    def opened() -> QWidget | None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            return modal
        new = [
            w
            for w in QApplication.topLevelWidgets()
            if w not in before and isinstance(w, QDialog) and w.isVisible()
        ]
        return new[0] if new else None

    def poll() -> None:
        dialog = opened()
        if dialog is None:
            QTimer.singleShot(50, poll)
            return
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        try:
            look(dialog)
        finally:
            seen.append(dialog)
            dialog.close()

    QTimer.singleShot(50, poll)
    trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
