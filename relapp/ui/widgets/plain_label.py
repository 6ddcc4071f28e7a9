"""A label for text that came from a user or a file: shown as plain text, never as
markup (a name like ``<b>x</b>`` shows literally). The one helper for such labels:
wrapped and selectable unless asked otherwise, bold on request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(
    text: str = "", *, wrap: bool = True, selectable: bool = True, bold: bool = False
) -> QLabel:
    """``wrap``: break long text over lines; ``selectable``: the mouse can select (and
    copy) it; ``bold``: the label's font in bold."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label
