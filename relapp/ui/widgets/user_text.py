"""Small widgets for user text: a label that elides to one line, and a person's name as
a link-like button that opens them. Both show names as plain text, always."""

from __future__ import annotations

from PySide6 import QtCore  # QtCore.Qt on use, not at import (relapp/ui/qt_values.py)
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from relapp.domain.i18n import _
from relapp.ui import theme

_LINK_STYLE = (
    "QPushButton { border: none; padding: 0 1px; color: $link; text-align: left; }"
    " QPushButton:hover { text-decoration: underline; }"
    " QPushButton:focus { text-decoration: underline; }"
)


def escape_tooltip(text: str) -> str:
    """Tooltips are rich text: user text must be escaped to show literally."""
    import html  # with the first tooltip, not at start-up

    return "<p style='white-space: pre-wrap'>" + html.escape(text) + "</p>"


class PersonLink(QPushButton):
    """A name that opens its person; ``person_id`` says whom."""

    def __init__(self, person_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.name = name
        self.setText(name.replace("&", "&&"))  # "&" would otherwise make a shortcut
        self.setFlat(True)
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        theme.set_style(self, _LINK_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Open {name}").format(name=name))


class ElidedLabel(QLabel):
    """One line of plain text, cut with "…" when too long; the whole text is the tooltip.

    With ``keep_from`` (" (" for a promise line), what follows its first occurrence is
    kept in sight and the part before it is cut instead: "send the pil… (snoozed, …)".
    """

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, keep_from: str = ""
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""
        self._keep_from = keep_from
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())
        self.setText(self._full)
        self.setToolTip(escape_tooltip(self._full) if self._full else "")
        self.update()

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """The text as drawn at the label's width."""
        metrics, width, right = self.fontMetrics(), self.width(), QtCore.Qt.TextElideMode.ElideRight
        head, found, tail = (
            self._full.partition(self._keep_from) if self._keep_from else ("", "", "")
        )
        if found and metrics.horizontalAdvance(self._full) > width:
            kept = found + tail
            room = width - metrics.horizontalAdvance(kept)
            if room >= metrics.horizontalAdvance("ab…"):  # a little of the head still shows
                return metrics.elidedText(head, right, room) + kept
        return metrics.elidedText(self._full, right, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.shown_text()
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.rect(), int(QtCore.Qt.AlignmentFlag.AlignVCenter), shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()
