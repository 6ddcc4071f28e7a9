"""The people list's second section, "In your notes": the interactions, promises and
introductions whose text matches the search, each as where it is and a plain-text
snippet around the match (``domain.text_search``). Choosing one (the keyboard or a
click) shows the person at that entry; Up on the first row goes back to the people."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.text_search import HitKind, TextHit, TextHits
from relapp.ui import icons, theme
from relapp.ui.widgets.plain_label import plain_label

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
ICON = 18
PAD = 6


class TextHitsModel(QAbstractListModel):
    """The hits of one search (at most ``services.search.TEXT_HITS``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: tuple[TextHit, ...] = ()

    def set_hits(self, hits: tuple[TextHit, ...]) -> None:
        if hits == self._hits:  # a keystroke on a word finding the same: left as shown
            return
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit_at(self, row: int) -> TextHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, key: tuple[HitKind, int]) -> int | None:
        return next((row for row, hit in enumerate(self._hits) if hit.key == key), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:  # the delegate draws it as plain text
            return f"{hit.where}\n{hit.snippet}" if hit.snippet else hit.where
        if role == Qt.ItemDataRole.ToolTipRole:  # tooltips are rich text: escaped
            from html import escape  # on the first tooltip, not at start-up

            return f"<p style='white-space: pre-wrap'>{escape(hit.line())}</p>"
        if role == HIT_ROLE:
            return hit
        return None


class TextHitDelegate(QStyledItemDelegate):
    """Where the hit is (small, muted, with the channel's icon) over the snippet; both
    drawn as plain text, so a note like ``<b>x</b>`` shows literally."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, 2 * QFontMetrics(option.font).height() + PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, TextHit):
            return super().paint(painter, option, index)
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        line = QFontMetrics(option.font).height()
        left = rect.left()
        if hit.match.channel is not None and hit.match.kind is HitKind.INTERACTION:
            box = QRect(left, rect.top() + (line - ICON) // 2, ICON, ICON)
            icons.channel_icon(hit.match.channel).paint(painter, box)
            left = box.right() + PAD
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        painter.setFont(small)
        muted = option.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setPen(text if selected else muted)
        top = QRect(left, rect.top(), rect.right() - left, line)
        where = QFontMetrics(small).elidedText(hit.where, Qt.TextElideMode.ElideRight, top.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(top, align, where)
        painter.setFont(option.font)
        painter.setPen(text)
        bottom = QRect(rect.left(), rect.top() + line + 2, rect.width(), line)
        snippet = QFontMetrics(option.font).elidedText(
            hit.snippet, Qt.TextElideMode.ElideRight, bottom.width()
        )
        painter.drawText(bottom, align, snippet)
        painter.restore()
        return None


class TextHitsSection(QWidget):
    """A title ("In your notes · 12 matches") over the list of hits; hidden when there
    are none. ``hitChosen(TextHit)``: the current row moved to a hit (not while the
    list is being filled); ``hitActivated(TextHit)``: Return or a double click on it;
    ``leftUp``: Up was pressed on the first row."""

    hitChosen = Signal(object)
    hitActivated = Signal(object)
    leftUp = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.title = plain_label(wrap=False, selectable=False, bold=True)
        theme.set_style(self.title, "color: $muted; margin-top: 6px;")
        self.model = TextHitsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TextHitDelegate(self.view))
        self.view.setWordWrap(False)
        self.view.setUniformItemSizes(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._current_moved(current.row())
        )
        self.view.activated.connect(lambda index: self._emit(self.hitActivated, index.row()))
        self.view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.hide()

    def set_hits(self, found: TextHits, keep: tuple[HitKind, int] | None = None) -> bool:
        """Show these hits; select the hit ``keep`` again if it is among them (without
        ``hitChosen``). Returns whether it was."""
        self._filling = True
        try:
            self.model.set_hits(found.hits)
            row = self.model.row_of(keep) if keep is not None else None
            if row is not None:
                self.view.setCurrentIndex(self.model.index(row))
        finally:
            self._filling = False
        n = len(found.hits)
        if found.more:
            title = ngettext(
                "In your notes · {n} match, the latest written",
                "In your notes · {n} matches, the latest written",
                n,
            )
        else:
            title = ngettext("In your notes · {n} match", "In your notes · {n} matches", n)
        self.title.setText(title.format(n=number_text(n)))
        self.title.setToolTip(
            _(
                "More match: these are the ones written last, newest date first. "
                "Type more words to narrow them down."
            )
            if found.more
            else ""
        )
        self.setVisible(n > 0)
        return row is not None

    def current_hit(self) -> TextHit | None:
        index = self.view.currentIndex()
        return self.model.hit_at(index.row()) if index.isValid() else None

    def count(self) -> int:
        return self.model.rowCount()

    def enter(self, row: int = 0) -> None:
        """Give the list the focus, on ``row`` (which is chosen)."""
        self.view.setFocus()
        if self.count():
            self.view.setCurrentIndex(self.model.index(max(0, min(row, self.count() - 1))))

    def clear_current(self) -> None:
        """No hit chosen (the people list has the selection now), silently."""
        self._filling = True
        try:
            self.view.setCurrentIndex(QModelIndex())
            self.view.clearSelection()
        finally:
            self._filling = False

    def _current_moved(self, row: int) -> None:
        if not self._filling and row >= 0:
            self._emit(self.hitChosen, row)

    def _emit(self, signal: Signal, row: int) -> None:
        hit = self.model.hit_at(row)
        if hit is not None:
            signal.emit(hit)  # type: ignore[attr-defined]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Up
            and self.view.currentIndex().row() <= 0
        ):
            self.leftUp.emit()
            return True
        return super().eventFilter(watched, event)
