"""A page or dialog heading: a bold label, larger than the text around it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def heading(text: str, scale: float) -> QLabel:
    """A bold label ``scale`` times the size of the default font."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label
