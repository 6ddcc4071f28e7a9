"""Small pieces of the person form: two fields on one row, the tags field's text, and
accessible names where Qt finds none by itself (a row whose field is a box of widgets
names its first field after the row's label, and the label's mnemonic goes to it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFormLayout, QHBoxLayout, QLabel, QWidget


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


def label_words(text: str) -> str:
    """A label's text as a name: no mnemonic "&", no trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")


def _first_focusable(box: QWidget) -> QWidget | None:
    for child in box.findChildren(QWidget):
        if child.focusPolicy() != Qt.FocusPolicy.NoFocus and child.focusProxy() is None:
            return child
    return None


def name_form_fields(form: QFormLayout) -> None:
    """Name what Qt leaves unnamed: the first field inside each boxed row after the row's
    label, and a field whose row starts with a check box ("Met on:") after that box."""
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        box = field_item.widget() if field_item is not None else None
        if box is None:
            continue
        if isinstance(label, QAbstractButton) and not box.accessibleName():
            box.setAccessibleName(label_words(label.text()))
        if not isinstance(label, QLabel):
            continue
        if box.focusPolicy() != Qt.FocusPolicy.NoFocus or label.buddy() not in (None, box):
            continue  # a field of its own (Qt names it from its label), or a buddy chosen
        field = _first_focusable(box)
        if field is not None and not field.accessibleName():
            field.setAccessibleName(label_words(label.text()))
            label.setBuddy(field)
