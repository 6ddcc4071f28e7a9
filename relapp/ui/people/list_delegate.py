"""The people list's cells, painted as Qt's own delegate paints them, for a third of it.

Qt's ``QStyledItemDelegate`` asks the model for seven roles of each cell (one call into
Python, and fourteen back out of it) and Fusion lays the cell's text out three times to
draw it (its size, its elision, its drawing: a ``QTextLayout`` each). A repaint of the
list (52 cells on a 760-pixel window) took 23 million instructions, 4.8 ms of the GUI
thread, at every keystroke of a search and again in every paint of the window with a
person open (issue 18: the window's rows, 37.6 ms against 35; callgrind on
``viewport().repaint()``: 45% in drawing the text, 33% in Python, 12% in measuring it).

Most cells are plain: not selected, not current, a name in the letters of the list's
own font. Such a cell is painted here the way Fusion does it (the text in the palette's
text colour, inset by the focus frame's margin plus one, elided at the right, centred
as Qt centres a line of it), with no role asked for, from a ``QStaticText`` kept for
each (text, width): laid out once, drawn again at every paint without being shaped
again (a keystroke's rows are mostly new; the window's next paints, a person opened,
the selection moved, are not). A repaint costs half: 2.1-2.7 ms instead of 4.5-5.2
(GUI-thread CPU, the full-size database's window). Every other cell (the selected row,
the current cell, a name with letters another font draws, which may stand higher or
lower, a disabled list) is left to Qt. tests/ui/people/test_list_delegate.py compares
the two pixel for pixel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPalette,
    QStaticText,
    QTextLayout,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from relapp.ui import theme

if TYPE_CHECKING:
    from relapp.ui.people_model import PeopleListModel

Index = QModelIndex | QPersistentModelIndex

_LEFT_TO_QT = (
    QStyle.StateFlag.State_Selected.value
    | QStyle.StateFlag.State_HasFocus.value
    | QStyle.StateFlag.State_Editing.value
)
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_OWN_LETTERS_BELOW = 0x0370  # Latin, its accents and IPA: drawn by the list's font if it has them
_KEPT = 4096  # laid-out texts kept; past that they are forgotten and made again


class PeopleListDelegate(QStyledItemDelegate):
    """Paints the plain cells of ``model`` in ``view`` (see the module's text). What
    the cells have in common (the font's measures, the text's colours, the margin) is
    read once, and again after a change of scheme or of the application's font."""

    def __init__(self, model: PeopleListModel, view: QWidget) -> None:
        super().__init__(view)
        self._model = model
        self._texts: dict[tuple[str, int], QStaticText] = {}  # (text, width) -> laid out
        self._own_letters: dict[str, bool] = {}
        self._lines: dict[int, float] = {}  # a cell's height -> where its text's top is
        self._look: _Look | None = None
        theme.on_change(self.forget_look)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.fontChanged.connect(self.forget_look)

    def forget_look(self, *_args: object) -> None:
        self._look = None
        self._texts.clear()
        self._own_letters.clear()
        self._lines.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        state = option.state.value
        text = self._model.cell_text(index.row(), index.column())
        look = self._look
        if look is None:
            look = self._look = _Look(painter, option)
        if state & _LEFT_TO_QT or not state & _ENABLED or look.font_differs:
            super().paint(painter, option, index)
            return
        if not text:
            return  # nothing but the row's background, which the view has drawn
        if not text.isascii() and not self._drawn_by_own_font(look, text):
            super().paint(painter, option, index)
            return
        cell: tuple[int, int, int, int] = option.rect.getRect()  # type: ignore[assignment]
        x, y, width, height = cell
        width -= 2 * look.margin
        shown = self._texts.get((text, width))
        if shown is None:
            if len(self._texts) > _KEPT:
                self._texts.clear()
            shown = self._texts[(text, width)] = look.laid_out(text, width)
        top = self._lines.get(height)
        if top is None:
            top = self._lines[height] = look.text_top(height)
        painter.setPen(look.active_text if state & _ACTIVE else look.inactive_text)
        painter.drawStaticText(QPointF(x + look.margin, y + top), shown)

    def _drawn_by_own_font(self, look: _Look, text: str) -> bool:
        """Whether every letter of ``text`` is one the list's own font draws."""
        for char in set(text):
            if char.isascii():
                continue
            known = self._own_letters.get(char)
            if known is None:
                known = ord(char) < _OWN_LETTERS_BELOW and look.metrics.inFontUcs4(ord(char))
                self._own_letters[char] = known
            if not known:
                return False
        return True


class _Look:
    """What the plain cells share, read from the first cell painted."""

    def __init__(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        self.font = QFont(option.font)
        self.font_differs = painter.font() != self.font  # then every cell is Qt's
        self.metrics = QFontMetrics(self.font)
        self.metrics_f = QFontMetricsF(self.font)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        self.margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        palette, text = option.palette, QPalette.ColorRole.Text
        self.active_text = QColor(palette.color(QPalette.ColorGroup.Normal, text))
        self.inactive_text = QColor(palette.color(QPalette.ColorGroup.Inactive, text))

    def laid_out(self, text: str, width: int) -> QStaticText:
        """``text`` elided as Qt elides it to ``width``, laid out in the font."""
        shown = QStaticText(self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.prepare(QTransform(), self.font)
        return shown

    def text_top(self, height: int) -> float:
        """Where the top of a line of the font stands in a cell ``height`` high: the
        line centred as Qt centres the lines it lays out (whole pixels), its baseline an
        ascent below that, and a static text's top an ascent above its baseline."""
        layout = QTextLayout("x", self.font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.ManualWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1000)
        layout.endLayout()
        return (height - int(line.height())) // 2 + line.ascent() - self.metrics_f.ascent()
