"""Small pieces of the person form: two fields on one row, and the tags field's text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma separated tags, tidied, each once (the first spelling wins)."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def pair_row(first: QWidget, second_label: str, second: QWidget) -> QWidget:
    """``first``, then a plain-text label (with its mnemonic) and ``second``."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(second_label)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(second)
    row.addWidget(first, 1)
    row.addWidget(label)
    row.addWidget(second, 1)
    return box
