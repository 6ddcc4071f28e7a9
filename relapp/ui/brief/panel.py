"""The brief as a panel: on top of every person page, and beside an outbound contact
being logged. One glance: how you met and through whom, the last contacts, what each of
you owes, favours both ways, how they want to be reached, their interests.

The brief is read on the task runner; a panel keeps showing the previous one until
the new one arrives, and ignores answers for someone no longer shown.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.brief import Brief, BriefLine
from relapp.domain.i18n import N_, _, ngettext
from relapp.services.brief import brief_for
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets import refguard
from relapp.ui.widgets.plain_label import plain_label
from relapp.ui.widgets.state_timer import StateTimer
from relapp.ui.widgets.user_text import ElidedLabel, PersonLink, escape_tooltip

_keys = itertools.count(1)
COLLAPSED_KEY = "introductions/brief-collapsed"
PROMISE_KEYS = ("you_owe", "they_owe")
LEFT = ("met", "introduction", "introduction_more", "recent")  # the rest: right-hand column

_STYLE = (
    "QFrame#briefPanel { background: $brief_background; border: 1px solid $brief_border;"
    " border-radius: 6px; }"
    " QFrame#briefPanel QLabel { background: transparent; }"
)


def _caption(text: str) -> QLabel:
    label = plain_label(text, wrap=False, selectable=False)
    theme.set_style(label, "color: $muted;")
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


class LinkedLine(QWidget):
    """A line of the brief whose name opens that person: "Introduced by [Carol Roth]
    · 1 Mar 2019, 7 years ago · at SmallBiz" (all plain text; the rest elides)."""

    def __init__(self, text: str, person_id: int, name: str) -> None:
        super().__init__()
        before, _sep, after = text.partition(name)
        self._full = " ".join(text.split())
        self.before = QLabel(before.rstrip())
        self.before.setTextFormat(Qt.TextFormat.PlainText)
        self.link = PersonLink(person_id, name)
        self.link.setToolTip(escape_tooltip(_("Open {name}").format(name=name)))
        self.after = ElidedLabel(after)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        if before.strip():
            layout.addWidget(self.before)
        else:
            self.before.hide()
        layout.addWidget(self.link)
        layout.addWidget(self.after, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def full_text(self) -> str:
        return self._full


class BriefPanel(QFrame):
    """``show_person(id)`` loads a brief; ``brief`` is the one shown. ``columns`` is 2 on
    the person page, 1 in a dialog; ``links`` offers to open the introducer."""

    openPersonRequested = Signal(int)
    loaded = Signal(object)  # the Brief now shown

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        columns: int = 2,
        settings: QSettings | None = None,
        title: str = N_("Brief"),
        links: bool = True,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("briefPanel")
        theme.set_style(self, _STYLE)
        self._db = db
        self._runner = runner
        self._columns = columns
        self._settings = settings
        self._links = links
        self._key = f"brief-{next(_keys)}"
        self._wanted: int | None = None
        self.brief: Brief | None = None
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        # Read the brief again when a promise line changes ("due in 2 minutes" -> overdue).
        self.state_timer = StateTimer(lambda: self.clock(), self)
        self.state_timer.fired.connect(lambda: self.show_person(self._wanted))
        self._asks = self._shown_ask = 0  # readings asked for, and the latest one shown
        self.line_labels: dict[str, list[ElidedLabel | LinkedLine]] = {}
        self.links: list[PersonLink] = []

        self.toggle = QToolButton()
        self.toggle.setAutoRaise(True)
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(_("Show or hide the brief"))
        self.toggle.setAccessibleName(_("Show or hide the brief"))
        self.toggle.toggled.connect(self._set_collapsed)
        self.title = QLabel(_(title))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.summary = ElidedLabel()
        theme.set_style(self.summary, "color: $muted;")
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle)
        header.addWidget(self.title)
        header.addWidget(self.summary, 1)

        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(4, 0, 4, 2)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.body)
        collapsed = bool(settings.value(COLLAPSED_KEY, False, bool)) if settings else False
        self.toggle.setChecked(collapsed)
        self._set_collapsed(collapsed)

    # --- loading -----------------------------------------------------------------------
    def show_person(self, person_id: int | None) -> None:
        self._wanted = person_id
        if person_id is None:
            self.brief = None
            self.state_timer.arm(())
            return
        db, now = self._db, self.clock()
        self._asks += 1
        asked = self._asks
        self._runner.submit(
            lambda: brief_for(db, person_id, now=now),
            lambda brief: self._arrived(person_id, brief, asked),
            lambda _error: None,
            key=self._key,
        )

    def _arrived(self, person_id: int, brief: Brief, asked: int) -> None:
        if asked < self._shown_ask:
            return  # an older reading arrived late: the newer one stays
        self._shown_ask = asked
        if person_id == self._wanted:
            self.set_brief(brief)

    def set_brief(self, brief: Brief) -> None:
        self.brief = brief
        self._fill(brief)
        self.state_timer.arm((brief.next_change(),))
        self.loaded.emit(brief)

    # --- showing ----------------------------------------------------------------------
    def _fill(self, brief: Brief) -> None:
        refguard.reserve(400)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.line_labels = {}
        self.links = []
        rows = [0, 0]
        for line in brief.lines():
            column = 0 if self._columns == 1 or line.key in LEFT else 1
            self._add_line(line, 3 * column, rows[column])
            rows[column] += 1
        for column in range(self._columns):  # how you met and the contacts need room
            self.grid.setColumnStretch(3 * column + 1, 3 if column == 0 else 2)
        self.summary.set_full_text(self._summary(brief))

    def _add_line(self, line: BriefLine, column: int, row: int) -> None:
        self.grid.addWidget(_caption(line.caption), row, column)
        linked = line.link_id is not None and self._links and line.link_text in line.text
        if linked:
            assert line.link_id is not None
            text: ElidedLabel | LinkedLine = LinkedLine(line.text, line.link_id, line.link_text)
            link = text.link
            link.clicked.connect(
                lambda _=False, pid=line.link_id: self.openPersonRequested.emit(pid)
            )
            self.links.append(link)
        else:  # a promise line keeps its state in sight when cut: "(snoozed, …)"
            text = ElidedLabel(line.text, keep_from=" (" if line.key in PROMISE_KEYS else "")
        text.setObjectName(f"brief-{line.key}")
        if line.warn:
            theme.set_style(text, "color: $error;")
        self.line_labels.setdefault(line.key, []).append(text)
        self.grid.addWidget(text, row, column + 1, 1, 2)

    @staticmethod
    def _summary(brief: Brief) -> str:
        """What the collapsed brief still says in one line."""
        lines = {line.key: line for line in brief.lines()}
        parts = []
        if brief.introducer_name:
            parts.append(_("introduced by {name}").format(name=brief.introducer_name))
        if brief.recent:
            when = lines["recent"].text.split(" · ")[0]
            parts.append(_("last contact: {when}").format(when=when))
        owed = len(brief.mine()) + len(brief.theirs())
        if owed:
            parts.append(ngettext("{n} open promise", "{n} open promises", owed).format(n=owed))
        return " · ".join(parts)

    def texts(self, key: str) -> list[str]:
        return [label.full_text() for label in self.line_labels.get(key, [])]

    def _set_collapsed(self, collapsed: bool) -> None:
        self.body.setVisible(not collapsed)
        self.summary.setVisible(collapsed)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.DownArrow)
        if self._settings is not None:
            self._settings.setValue(COLLAPSED_KEY, collapsed)
