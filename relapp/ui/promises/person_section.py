"""The top of a person's page: open promises both ways ("You: email the pricing, due
tomorrow at 09:00" / "They: send the quotes"), with Done and Snooze, and New promise…

Each row reads the promise's one state (``promise_state``): red when overdue or broken,
"snoozed until …" while snoozed. A timer re-reads the rows when the next of them
changes state. At most ``VISIBLE_ROWS`` rows show at once; more scroll, so five open
promises never push the window past the screen."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.clock import Clock
from relapp.domain.i18n import _
from relapp.domain.model import Person
from relapp.domain.promise_wording import due_phrase, next_change, repeat_text
from relapp.domain.promises import Promiser, promise_state
from relapp.services import promises as service
from relapp.services.promises import PromiseEntry
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.promises.clock import local_zone
from relapp.ui.widgets.plain_label import plain_label
from relapp.ui.widgets.state_timer import StateTimer

MAX_ROWS = 6
VISIBLE_ROWS = 3  # more scroll inside the section


class OpenPromisesSection(QFrame):
    """Reads the shown person's open promises (a handful, on an index) when the page
    shows someone; emits intent for the buttons."""

    newRequested = Signal(int)  # person id
    doneRequested = Signal(int)  # promise id
    snoozeRequested = Signal(int)
    tomorrowRequested = Signal(int)
    editRequested = Signal(int)
    cancelRequested = Signal(int)

    def __init__(self, db: Database, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._clock = clock
        self.person: Person | None = None
        self.entries: list[PromiseEntry] = []
        self.setObjectName("open-promises")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = plain_label(_("Open promises"), wrap=False, selectable=False)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.new_button = QPushButton(_("New promise…"))
        self.new_button.setToolTip(_("Record something you promised them, or they promised you"))
        self.new_button.clicked.connect(self._new)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.new_button)
        self.rows_widget = QWidget()
        self.rows = QVBoxLayout(self.rows_widget)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("open-promises-rows")
        self.scroll.setAccessibleName(_("Open promises"))
        self.scroll.setWidget(self.rows_widget)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.more = plain_label(wrap=False, selectable=False)
        theme.set_style(self.more, "color: $muted;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.scroll)
        layout.addWidget(self.more)
        self.state_timer = StateTimer(self._clock, self)
        self.state_timer.fired.connect(self._fill)

    def show_person(self, person: Person | None) -> None:
        self.person = person
        self.reload()

    def reload(self) -> None:
        self.entries = (
            service.open_promises_for(self._db, self.person.id) if self.person is not None else []
        )
        self._fill()

    def _fill(self) -> None:
        """The rows for ``entries``: the rows already there are filled again (opening a
        person builds no widgets when the row count stays), extra ones are removed."""
        count = len(self.entries)
        self.title.setText(
            _("No open promises") if not count else _("Open promises · {n}").format(n=count)
        )
        now = self._clock()
        zone = local_zone()
        shown = self.entries[:MAX_ROWS]
        while self.rows.count() > len(shown):
            item = self.rows.takeAt(self.rows.count() - 1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # out of the page at once, deleted later
                widget.deleteLater()
        while self.rows.count() < len(shown):
            self.rows.addWidget(_PromiseRow(self))
        row_height = 0
        for i, entry in enumerate(shown):
            row = self.rows.itemAt(i).widget()
            assert isinstance(row, _PromiseRow)
            row.fill(entry, now, zone)
            row_height = max(row_height, row.sizeHint().height())
        visible = min(len(shown), VISIBLE_ROWS)
        spacing = self.rows.spacing()
        self.scroll.setFixedHeight(max(0, visible * (row_height + spacing) - spacing))
        self.scroll.setVisible(bool(shown))
        self.more.setText(_("…and {n} more in the Due view").format(n=count - MAX_ROWS))
        self.more.setVisible(count > MAX_ROWS)
        self.state_timer.arm(next_change(e.promise, now) for e in shown)

    def when_texts(self) -> list[str]:
        """The rows' "when" words as shown (tests, accessibility)."""
        return [label.text() for label in self.when_labels()]

    def when_labels(self) -> list[QLabel]:
        return [row.when for row in self._rows()]

    def what_texts(self) -> list[str]:
        return [row.what.text() for row in self._rows()]

    def _rows(self) -> list[_PromiseRow]:
        found = (self.rows.itemAt(i).widget() for i in range(self.rows.count()))
        return [row for row in found if isinstance(row, _PromiseRow)]

    def _new(self) -> None:
        if self.person is not None:
            self.newRequested.emit(self.person.id)


class _PromiseRow(QWidget):
    """One open promise: who, what, when, Done and Snooze (with its menu). Built once and
    filled for whichever promise it shows; its buttons act on that promise."""

    def __init__(self, section: OpenPromisesSection) -> None:
        super().__init__()
        self.promise_id = 0
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.who = plain_label(wrap=False, selectable=False)
        theme.set_style(self.who, "color: $muted;")
        self.what = plain_label(wrap=False, selectable=False)
        self.what.setObjectName("what")
        self.what.setWordWrap(True)
        self.when = plain_label(wrap=False, selectable=False)
        self.when.setObjectName("when")
        self.done = QPushButton(_("Done"))
        self.done.setObjectName("done")
        self.done.clicked.connect(lambda: section.doneRequested.emit(self.promise_id))
        self.snooze = QPushButton(_("Snooze"))
        self.snooze.setObjectName("snooze")
        menu = QMenu(self.snooze)
        for text, signal in (
            (_("1 hour"), section.snoozeRequested),
            (_("Until tomorrow morning"), section.tomorrowRequested),
        ):
            menu.addAction(text).triggered.connect(
                lambda _=False, s=signal: s.emit(self.promise_id)
            )
        menu.addSeparator()
        menu.addAction(_("Edit…")).triggered.connect(
            lambda: section.editRequested.emit(self.promise_id)
        )
        menu.addAction(_("Cancel promise")).triggered.connect(
            lambda: section.cancelRequested.emit(self.promise_id)
        )
        self.snooze.setMenu(menu)
        line.addWidget(self.who)
        line.addWidget(self.what, 1)
        line.addWidget(self.when)
        line.addWidget(self.done)
        line.addWidget(self.snooze)

    def fill(self, entry: PromiseEntry, now: datetime, zone: tzinfo) -> None:
        p = entry.promise
        self.promise_id = p.id
        self.setObjectName(f"promise-{p.id}")
        self.who.setText(_("You:") if p.promiser is Promiser.ME else _("They:"))
        self.what.setText(p.what)
        how = _("by {channel} · ").format(channel=p.channel.word) if p.channel is not None else ""
        repeats = repeat_text(p, zone)
        self.when.setText(how + due_phrase(p, now, zone) + (f" · {repeats}" if repeats else ""))
        late = promise_state(p, now).is_late
        if self.when.property("late") != late:
            self.when.setProperty("late", late)
            theme.set_style(self.when, "color: $error;" if late else "color: $muted;")
        # which of the rows, said aloud
        self.done.setAccessibleName(_("Done: {what}").format(what=p.what))
        self.snooze.setAccessibleName(_("Snooze or change: {what}").format(what=p.what))
