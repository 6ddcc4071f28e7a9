"""The "Due" view beside People: your overdue, today's and upcoming promises, and what
others owe you. A row opens its person; its context menu keeps, snoozes, edits or
cancels the promise. Loaded off the GUI thread."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.clock import Clock
from relapp.domain.i18n import _
from relapp.domain.promises import promise_state
from relapp.services import promises as service
from relapp.services.promises import DueBoard
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.promises.clock import local_zone
from relapp.ui.promises.due_lines import GROUPS, DueGroup, DueWords, due_words
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.state_timer import StateTimer

PROMISE_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
DUE_ROLE = Qt.ItemDataRole.UserRole + 3  # "was due yesterday at 15:00"
LATE_ROLE = Qt.ItemDataRole.UserRole + 4


class DueDelegate(QStyledItemDelegate):
    """A promise in two lines: what to do (elided), and when, smaller; red when late.
    Text is drawn as plain text, never as markup."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(PROMISE_ROLE) is None:
            return size
        return QSize(size.width(), option.fontMetrics.height() * 2 + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(PROMISE_ROLE) is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, due = opt.text, str(index.data(DUE_ROLE) or "")
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(4, 3, -4, -3)
        # The icon's place is kept when there is none (no channel): titles stay in line.
        rect.setLeft(rect.left() + opt.decorationSize.width() + 6)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        painter.save()
        painter.setPen(
            opt.palette.color(
                group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        metrics = QFontMetrics(opt.font)
        line = metrics.height()
        painter.setFont(opt.font)
        painter.drawText(
            rect.adjusted(0, 0, 0, -line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        small = QFont(opt.font)
        small.setPointSizeF(max(6.0, opt.font.pointSizeF() * 0.9))
        painter.setFont(small)
        if not selected:
            late = bool(index.data(LATE_ROLE))
            painter.setPen(theme.colour(theme.colours.LATE if late else theme.colours.MUTED))
        painter.drawText(
            rect.adjusted(0, line, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            QFontMetrics(small).elidedText(due, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()


class DueView(QWidget):
    """Emits intent; the feature carries it out."""

    openPersonRequested = Signal(int)
    doneRequested = Signal(int)
    doneAndLogRequested = Signal(int)
    snoozeRequested = Signal(int)
    tomorrowRequested = Signal(int)
    editRequested = Signal(int)
    cancelRequested = Signal(int)
    loaded = Signal(object)  # the DueBoard just shown

    def __init__(
        self, db: Database, runner: TaskRunner, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._clock = clock
        self.board = DueBoard()
        self.shown_at: datetime | None = None
        self.state_timer = StateTimer(clock, self)  # re-read when a row changes state
        self.state_timer.fired.connect(self.refresh)
        theme.on_change(self._recolour)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Promises due"))
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setIconSize(QSize(20, 20))
        self.tree.setItemDelegate(DueDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.empty = QLabel(
            _(
                "No open promises.\n\nWhen you log a call or an email, tick “…and I promised "
                "to” — or use “New promise…” on a person's page — and Relapp will remind you "
                "on time."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_style(self.empty, "color: $muted; padding: 24px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        self.empty.hide()

    def _recolour(self) -> None:
        """A new colour scheme: the "Overdue" heading takes its red."""
        for i in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(i)
            if header.text(0).startswith(f"{_(GROUPS[0][1])} ·"):
                header.setForeground(0, QBrush(theme.colour(theme.colours.LATE)))

    # --- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        db, now_local = self._db, self._clock().astimezone(local_zone())
        zone = now_local.tzinfo or local_zone()
        self._runner.submit(
            lambda: due_words(service.due_board(db, now_local), now_local, zone),
            self._show,
            key="promises-due-view",
        )

    def _show(self, words: DueWords) -> None:
        """Only items are made here: the words were found on the worker."""
        self.board = words.board
        self.shown_at = words.now
        selected = self.selected_promise()
        self.tree.clear()
        for group in words.groups:
            self._add_group(group, selected)
        self.tree.expandAll()
        self.state_timer.arm(words.changes)
        empty = len(words.board) == 0
        self.tree.setVisible(not empty)
        self.empty.setVisible(empty)
        self.loaded.emit(words.board)

    def waiting(self) -> int:
        """How many are due now: your overdue ones and theirs that are late."""
        now = self.shown_at
        late_theirs = sum(
            1 for e in self.board.owed_to_me if now and promise_state(e.promise, now).is_late
        )
        return len(self.board.overdue) + late_theirs

    def _add_group(self, group: DueGroup, selected: int | None) -> None:
        header = QTreeWidgetItem([group.heading])
        font = QFont(self.font())
        font.setBold(True)
        header.setFont(0, font)
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if group.key == "overdue":
            header.setForeground(0, QBrush(theme.colour(theme.colours.LATE)))
        self.tree.addTopLevelItem(header)
        for line in group.lines:
            item = QTreeWidgetItem([line.title])
            item.setData(0, DUE_ROLE, line.due)
            item.setToolTip(0, line.tooltip)  # rich text: the user's words are escaped
            item.setData(0, LATE_ROLE, line.late)
            if line.channel is not None:
                item.setIcon(0, icons.channel_icon(line.channel))
            item.setData(0, PROMISE_ROLE, line.promise_id)
            item.setData(0, PERSON_ROLE, line.person_id)
            header.addChild(item)
            if line.promise_id == selected:
                self.tree.setCurrentItem(item)
        if group.more:
            more = QTreeWidgetItem([_("…and {n} more").format(n=group.more)])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            header.addChild(more)

    # --- reading rows -------------------------------------------------------------------
    def rows(self) -> dict[str, list[str]]:
        """Group title -> row titles, as shown (for tests and accessibility checks)."""
        out: dict[str, list[str]] = {}
        for i in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(i)
            out[header.text(0)] = [header.child(j).text(0) for j in range(header.childCount())]
        return out

    def item_for(self, promise_id: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(i)
            for j in range(header.childCount()):
                if header.child(j).data(0, PROMISE_ROLE) == promise_id:
                    return header.child(j)
        return None

    def selected_promise(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, PROMISE_ROLE) if item is not None else None
        return int(value) if value is not None else None

    # --- acting -------------------------------------------------------------------------
    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        person = item.data(0, PERSON_ROLE)
        if person is not None:
            self.openPersonRequested.emit(int(person))

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None or item.data(0, PROMISE_ROLE) is None:
            return
        self.menu_for(item).exec(self.tree.viewport().mapToGlobal(pos))

    def menu_for(self, item: QTreeWidgetItem) -> QMenu:
        pid = int(item.data(0, PROMISE_ROLE))
        person = int(item.data(0, PERSON_ROLE))
        menu = QMenu(self)
        for key, text, signal, arg in (
            ("open", _("Open person"), self.openPersonRequested, person),
            ("done", _("Done"), self.doneRequested, pid),
            ("done-log", _("Done and log…"), self.doneAndLogRequested, pid),
            ("snooze", _("Snooze 1 hour"), self.snoozeRequested, pid),
            ("tomorrow", _("Snooze until tomorrow morning"), self.tomorrowRequested, pid),
            ("edit", _("Edit…"), self.editRequested, pid),
            ("cancel", _("Cancel promise"), self.cancelRequested, pid),
        ):
            if key in ("done", "edit"):
                menu.addSeparator()
            action = menu.addAction(text)
            action.setObjectName(key)
            action.triggered.connect(lambda _=False, s=signal, a=arg: s.emit(a))
        return menu
