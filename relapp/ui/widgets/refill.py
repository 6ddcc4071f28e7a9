"""The person page's rows of labels and its chips, filled again in place.

Opening a person made every chip (a label with a style sheet of its own, parsed and
polished for each) and every contact and fact label anew, and deleted the last
person's: 1.7 ms of the GUI thread before the page could paint, and more in its first
paint, where each new widget is polished (issue 18: opening the busiest person in the
window, 37.6 ms against 35). The labels of a row, and the chips, are kept and given the
new text when the next person has rows of the same kinds; only what differs is made or
removed. What is shown is the same as if made anew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFormLayout, QLabel, QLayout, QWidget

from relapp.ui.widgets.chips import chip
from relapp.ui.widgets.plain_label import plain_label

Chip = tuple[str, str, str]  # text, kind ("tag", "prefer", "avoid"), tooltip
# (caption or None for a row of the value alone, value, whether it can be selected)
Row = tuple[str | None, str, bool]


def _drop(layout: QLayout, keep: int) -> None:
    """Remove the items after the first ``keep`` (their widgets deleted later)."""
    while layout.count() > keep:
        item = layout.takeAt(layout.count() - 1)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # out of the page at once
            widget.deleteLater()


def fill_chips(layout: QLayout, chips: Sequence[Chip]) -> None:
    """The chips ``layout`` shows, the ones there of the same kind given the new text."""
    kept = 0
    for _text, kind, _tooltip in chips:
        item = layout.itemAt(kept)
        widget = item.widget() if item is not None else None
        if not isinstance(widget, QLabel) or widget.objectName() != f"chip-{kind}":
            break
        kept += 1
    _drop(layout, kept)
    for n, (text, kind, tooltip) in enumerate(chips):
        if n < kept:
            item = layout.itemAt(n)
            label = item.widget() if item is not None else None
            assert isinstance(label, QLabel)
            label.setText(text)
            label.setToolTip(tooltip)
        else:
            layout.addWidget(chip(text, kind, tooltip))


class FormRows:
    """Rows of plain labels in ``form``: a caption (made by ``caption``, or by the form
    from the text when None) and a value, or a value alone. Filled again in place while
    the rows keep their kinds (a caption or not, selectable or not)."""

    def __init__(self, form: QFormLayout, caption: Callable[[str], QWidget] | None = None) -> None:
        self.form = form
        self._caption = caption
        self._kinds: tuple[tuple[bool, bool], ...] = ()
        self._labels: list[tuple[QLabel | None, QLabel]] = []

    def fill(self, rows: Sequence[Row]) -> None:
        kinds = tuple((caption is None, selectable) for caption, _value, selectable in rows)
        if kinds != self._kinds:
            self._rebuild(rows)
            self._kinds = kinds
            return
        for (caption_label, value_label), (caption, value, _selectable) in zip(
            self._labels, rows, strict=True
        ):
            if caption_label is not None and caption is not None:
                caption_label.setText(caption)
            value_label.setText(value)

    def _rebuild(self, rows: Sequence[Row]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._labels = []
        for caption, value, selectable in rows:
            field = plain_label(value, selectable=selectable)
            if caption is None:
                self.form.addRow(field)
                self._labels.append((None, field))
                continue
            if self._caption is not None:
                self.form.addRow(self._caption(caption), field)
            else:
                self.form.addRow(caption, field)
            item = self.form.itemAt(self.form.rowCount() - 1, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            self._labels.append((label if isinstance(label, QLabel) else None, field))
