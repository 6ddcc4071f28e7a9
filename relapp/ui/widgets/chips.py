"""Badges: small rounded labels for channels to use or avoid, and tags."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

_STYLES = {
    "prefer": ("#1b5e20", "#e8f5e9", "#a5d6a7"),
    "avoid": ("#b71c1c", "#ffebee", "#ef9a9a"),
    "tag": ("#37474f", "#eceff1", "#cfd8dc"),
    "info": ("#0d47a1", "#e3f2fd", "#90caf9"),
}


def chip(text: str, kind: str = "tag", tooltip: str = "", parent: QWidget | None = None) -> QLabel:
    """A badge whose text is always shown literally."""
    fg, bg, border = _STYLES[kind]
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(f"chip-{kind}")
    label.setStyleSheet(
        f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border};"
        " border-radius: 9px; padding: 1px 8px; }"
    )
    if tooltip:
        label.setToolTip(tooltip)  # our own words, never user text
    return label
