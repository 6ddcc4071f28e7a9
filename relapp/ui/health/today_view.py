"""The "Today" view beside People: who needs you today and why, most important first.
A row opens the person (with their brief). Computed in the task runner when the view is
shown and again, after a pause, when data changes while it is visible."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.attention import AttentionList, AttentionRow
from relapp.domain.clock import Clock
from relapp.domain.dates import number_text, today_heading
from relapp.domain.i18n import _, ngettext
from relapp.services import health
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.health import style
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.heading import heading
from relapp.ui.widgets.state_timer import StateTimer

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_DELAY_MS = 800
Index = QModelIndex | QPersistentModelIndex


class TodayModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[AttentionRow, ...] = ()

    def set_rows(self, rows: tuple[AttentionRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name} — {row.why}"
        if role == Qt.ItemDataRole.ToolTipRole:  # rich text in Qt: escape user words
            return f"<qt><b>{html.escape(row.name)}</b><br>{html.escape(row.why)}</qt>"
        if role == ROW_ROLE:
            return row
        return None


class TodayDelegate(QStyledItemDelegate):
    """A row: a coloured label for the main reason, the name, and why (two lines at
    most). Everything is drawn as plain text."""

    LINES = 3

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, option.fontMetrics.height() * self.LINES + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, AttentionRow):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        qstyle = widget.style() if widget is not None else QApplication.style()
        qstyle.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect = opt.rect.adjusted(8, 6, -8, -6)
        line = QFontMetrics(opt.font).height()
        painter.save()

        # The reason, as a small rounded label on the right of the first line.
        small = QFont(opt.font)
        small.setPointSizeF(max(6.0, opt.font.pointSizeF() * 0.85))
        fg, bg = style.REASON_COLOURS[row.reason]
        label = row.reason.label
        width = QFontMetrics(small).horizontalAdvance(label) + 14
        pill = QRect(rect.right() - width, rect.top() + 1, width, line - 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(theme.colour(fg))
        painter.setBrush(theme.colour(bg))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setFont(small)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)

        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - width - 8, line)
        name = QFontMetrics(bold).elidedText(
            row.name or "(no name)", Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
        )

        painter.setFont(opt.font)
        if not selected:
            painter.setPen(theme.colour(theme.colours.MUTED))
        why_rect = QRect(rect.left(), rect.top() + line, rect.width(), line * (self.LINES - 1))
        painter.drawText(why_rect, WRAP_FLAGS, _two_lines(row.why, opt.font, why_rect.width()))
        painter.restore()


WRAP_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def _two_lines(text: str, font: QFont, width: int) -> str:
    """``text`` cut so that it fits in two wrapped lines, with an ellipsis if cut: the
    most words that fit, found by halving (a few text layouts, not one per word: 413
    for the ten rows of a full-size list took 30 ms of the GUI thread; issue 18)."""
    metrics = QFontMetrics(font)
    most = metrics.height() * 2 + 1

    def fits(candidate: str) -> bool:
        return (
            metrics.boundingRect(QRect(0, 0, width, 10_000), WRAP_FLAGS, candidate).height() <= most
        )

    if fits(text):
        return text
    words = text.split()
    best = None  # the most words (fewer than all) that fit with "…"
    low, high = 0, len(words) - 1
    while low <= high:
        middle = (low + high) // 2
        if fits(" ".join(words[:middle]) + "…"):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    if best is not None:
        return " ".join(words[:best]) + "…"
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class TodayView(QWidget):
    openPersonRequested = Signal(int)
    loaded = Signal()

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("today-view")
        self._db = db
        self._runner = runner
        self._clock = clock or (lambda: datetime.now(UTC))
        # Look again when a listed promise turns broken or another one falls due.
        self.state_timer = StateTimer(lambda: self._clock(), self)
        self.state_timer.fired.connect(self.data_edited)
        self._dirty = True
        self._computed_for: date | None = None
        self.result: AttentionList | None = None

        title = heading(_("Needs you today"), 1.15)
        self.date_label = QLabel()
        theme.set_style(self.date_label, "color: $muted;")
        self.refresh_button = QToolButton()
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(
            _("Look again at everyone's health, promises, birthdays and anniversaries")
        )
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.date_label)
        header.addStretch(1)
        header.addWidget(self.refresh_button)

        self.model = TodayModel(self)
        self.list = QListView()
        self.list.setObjectName("today-list")
        self.list.setAccessibleName(_("Needs you today"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(TodayDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.clicked.connect(self._open)
        self.list.activated.connect(self._open)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        theme.set_style(self.status, "color: $muted; padding: 4px;")
        self.empty = QLabel(
            _(
                "Nothing needs you today.\n\nOverdue promises, birthdays and anniversaries in "
                "the next two weeks, "
                "friends you have not talked to for longer than you wanted, and relationships "
                "that are fading will show up here."
            )
        )
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_style(self.empty, "color: $muted; padding: 24px;")
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addLayout(header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.status)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self._refresh_if_visible)

    # --- when to compute ------------------------------------------------------------------
    def set_clock(self, clock: Clock) -> None:
        """Read another clock from now on (tests)."""
        self._clock = clock

    def data_edited(self) -> None:
        """Data changed: look again after a pause (only while visible; else when shown)."""
        self._dirty = True
        self._debounce.start()

    def _refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        today = self._clock().astimezone().date()
        if self._dirty or self._computed_for != today:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        now = self._clock()
        self._computed_for = now.astimezone().date()
        self.date_label.setText(today_heading(now.astimezone().date()))
        if self.result is None:
            self.status.setText(_("Looking at everyone…"))
        db = self._db
        self._runner.submit(
            lambda: health.needs_attention(db, now),
            self._show,
            self._failed,
            key="health-today",
        )

    # --- showing --------------------------------------------------------------------------
    def _show(self, result: AttentionList) -> None:
        self.result = result
        self.state_timer.arm((result.next_change,))
        self.model.set_rows(result.rows)
        empty = len(result) == 0
        self.list.setVisible(not empty)
        self.empty.setVisible(empty)
        if empty:
            self.status.setText("")
        elif result.left_off:
            more = ngettext(
                "{more} more person has something due and will come up as you work through these.",
                "{more} more people have something due and will come up as you work through these.",
                result.left_off,
            ).format(more=number_text(result.left_off))
            self.status.setText(_("The {n} most important.").format(n=len(result)) + " " + more)
        else:
            count = len(result)
            self.status.setText(
                ngettext("{n} person.", "{n} people.", count).format(n=number_text(count))
            )
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(_("Could not work out today's list: {error}").format(error=error))

    def names(self) -> list[str]:
        return [row.name for row in self.model.rows]

    def _open(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, AttentionRow):
            self.openPersonRequested.emit(row.person_id)
