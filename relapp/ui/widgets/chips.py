"""Badges: small rounded labels for channels to use or avoid, and tags."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from relapp.ui import theme


def chip(text: str, kind: str = "tag", tooltip: str = "", parent: QWidget | None = None) -> QLabel:
    """A badge whose text is always shown literally."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(f"chip-{kind}")
    theme.set_style(  # colours per kind: theme.colours.CHIPS
        label,
        f"QLabel {{ color: ${kind}_text; background: ${kind}_background;"
        f" border: 1px solid ${kind}_border; border-radius: 9px; padding: 1px 8px; }}",
    )
    if tooltip:
        label.setToolTip(tooltip)  # our own words, never user text
    return label
