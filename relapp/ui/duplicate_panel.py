"""The duplicate guard in a form: "you already know this person", before a duplicate exists.

Each known person the new one may be is shown with what helps you recognise them (name,
organisation, last contact, how you met) and why the guard thinks so ("same email
carol@x.com"). Everything that came from the user is shown as plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import N_, _
from relapp.domain.model import PersonDraft
from relapp.domain.timefmt import relative
from relapp.services.duplicates import KnownMatch, find_known
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.plain_label import plain_label

log = logging.getLogger(__name__)

GUARD_DELAY_MS = 200
GUARD_KEY = "dupguard"
MAX_ROWS_HEIGHT = 230  # about three people; more scroll

_PANEL_STYLE = (
    "QFrame#duplicatePanel { background: $duplicate_background;"
    " border: 1px solid $duplicate_border; border-radius: 6px; }"
    " QFrame#duplicatePanel QLabel { color: $duplicate_text; background: transparent; }"
    " QFrame#duplicateRow { border-top: 1px solid $duplicate_rule; }"
)


def last_contact_words(moment: datetime | None, now: datetime) -> str:
    """Words for the last contact: "last contact 3 weeks ago" or "never contacted"."""
    if moment is None:
        return _("never contacted")
    return _("last contact {when}").format(when=relative(moment, now))


class DuplicateRow(QFrame):
    """One known person: who they are, why they match, and what you can do."""

    def __init__(
        self,
        known: KnownMatch,
        now: datetime,
        *,
        can_merge: bool,
        merge_text: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("duplicateRow")
        self.person_id = known.row.id
        self.strong = known.match.strong
        row = known.row
        heading = row.display_name
        if row.organisation:
            heading += f" · {row.organisation}"
        self.name_label = plain_label(heading, bold=self.strong)
        details = [last_contact_words(row.last_contact_at, now)]
        if known.met_how.strip():
            details.append(_("met: {how}").format(how=known.met_how.strip()))
        self.details_label = plain_label(" · ".join(details))
        self.reasons_label = plain_label("; ".join(known.match.reasons))
        self.reasons_label.setStyleSheet("font-style: italic;")

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name_label)
        text.addWidget(self.details_label)
        text.addWidget(self.reasons_label)

        self.open_button = QPushButton(_("Open"))
        self.open_button.setToolTip(_("Close this dialog and show the person you already know"))
        label, tip = merge_text or (
            N_("Add to this person"),
            N_("Add the new emails, phones and notes to the person you already know"),
        )
        self.merge_button = QPushButton(_(label))
        self.merge_button.setToolTip(_(tip))
        self.merge_button.setVisible(can_merge)
        for button in (self.open_button, self.merge_button):
            button.setAutoDefault(False)

        buttons = QVBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)


class DuplicatePanel(QFrame):
    """Hidden while there is nothing to say; otherwise lists the people you may mean."""

    openRequested = Signal(int)  # person id
    mergeRequested = Signal(int)  # person id

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        can_merge: bool = True,
        merge_text: tuple[str, str] | None = None,
    ) -> None:
        """``merge_text``: the merge button's (label, tooltip) where it means something
        else than adding the new details (editing: merging two people you have)."""
        super().__init__(parent)
        self.setObjectName("duplicatePanel")
        theme.set_style(self, _PANEL_STYLE)
        self._can_merge = can_merge
        self._merge_text = merge_text
        self.rows: list[DuplicateRow] = []

        self.icon_label = QLabel()
        self.icon_label.setTextFormat(Qt.TextFormat.PlainText)
        self.icon_label.setPixmap(icons.icon("warning").pixmap(20, 20))
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        top = QHBoxLayout()
        top.addWidget(self.icon_label)
        top.addWidget(self.heading, 1)

        self._rows_box = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(0)
        self._rows_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(self._rows_box)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self._scroll)
        self.hide()

    @property
    def has_matches(self) -> bool:
        return bool(self.rows)

    @property
    def has_strong(self) -> bool:
        return any(row.strong for row in self.rows)

    def strong_ids(self) -> set[int]:
        return {row.person_id for row in self.rows if row.strong}

    def shown_ids(self) -> list[int]:
        return [row.person_id for row in self.rows]

    def set_matches(self, matches: Sequence[KnownMatch], now: datetime | None = None) -> None:
        """Show these matches (best first); an empty list hides the panel."""
        now = now or datetime.now(UTC)
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for known in matches:
            row = DuplicateRow(known, now, can_merge=self._can_merge, merge_text=self._merge_text)
            pid = row.person_id
            row.open_button.clicked.connect(lambda _=False, pid=pid: self.openRequested.emit(pid))
            row.merge_button.clicked.connect(lambda _=False, pid=pid: self.mergeRequested.emit(pid))
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
            self.rows.append(row)
        self._fit_rows()
        strong = self.has_strong
        if strong:
            self.heading.setText(_("You already know this person"))
        elif len(self.rows) == 1:
            self.heading.setText(_("You may already know this person"))
        else:
            self.heading.setText(_("You may already know one of these people"))
        self.icon_label.setVisible(strong)
        self.setVisible(bool(self.rows))

    def _fit_rows(self) -> None:
        """As tall as the rows need at the current width, up to MAX_ROWS_HEIGHT."""
        width = self._scroll.viewport().width()
        layout = self._rows_layout
        need = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        if need < 0:
            need = layout.sizeHint().height()
        self._scroll.setFixedHeight(min(need, MAX_ROWS_HEIGHT))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_rows()

    def clear(self) -> None:
        self.set_matches([])

    def focus_chain(self) -> list[QWidget]:
        """The panel's buttons in tab order (for the dialog's tab order)."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain.append(row.open_button)
            if self._can_merge:
                chain.append(row.merge_button)
        return chain


def worth_checking(draft: PersonDraft) -> bool:
    """A name, an email or a phone: anything the guard can match on."""
    names = (draft.display_name, draft.given_name, draft.family_name, draft.nickname)
    return any(n.strip() for n in names) or bool(draft.emails() or draft.phones())


class DuplicateGuard(QObject):
    """Keeps a DuplicatePanel up to date with a form's input.

    ``schedule()`` on every keystroke; ~200 ms after the last one the check runs on the
    task runner (key "dupguard", latest wins). ``check_now()`` runs it at once on the
    calling thread, for the moment before saving.
    """

    matchesShown = Signal()

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        panel: DuplicatePanel,
        read_input: Callable[[], PersonDraft],
        *,
        exclude_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._panel = panel
        self._read_input = read_input
        self._exclude_id = exclude_id
        self._checked: PersonDraft | None = None
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GUARD_DELAY_MS)
        self._timer.timeout.connect(self.run)

    @property
    def active(self) -> bool:
        """False once stopped (the dialog closed)."""
        return not self._stopped

    @property
    def waiting(self) -> bool:
        """True while a check is scheduled but has not started (the debounce)."""
        return self._timer.isActive()

    def mark_seen(self) -> None:
        """Take the current input as checked (a stored person's own details)."""
        self._checked = self._read_input()

    def schedule(self) -> None:
        if not self._stopped:
            self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def run(self) -> None:
        """Ask, off the GUI thread, whom this may be."""
        draft = self._read_input()
        if self._stopped or draft == self._checked:
            return
        if not worth_checking(draft):
            self._show(draft, [])
            return
        db, exclude = self._db, self._exclude_id
        self._runner.submit(
            lambda: find_known(db, draft, exclude_id=exclude),
            lambda matches: self._done(draft, matches),
            self._failed,
            key=GUARD_KEY,
        )

    def check_now(self) -> None:
        """Make sure the panel shows the matches for exactly the current input."""
        self._timer.stop()
        draft = self._read_input()
        if draft == self._checked:
            return
        matches = (
            find_known(self._db, draft, exclude_id=self._exclude_id)
            if worth_checking(draft)
            else []
        )
        self._show(draft, matches)

    def _done(self, draft: PersonDraft, matches: list[KnownMatch]) -> None:
        if self._stopped or draft != self._read_input():
            return  # the input moved on; a newer check is coming
        self._show(draft, matches)

    def _failed(self, error: BaseException) -> None:
        # The guard is advice: a failure must not stop the user, but is never silent.
        log.error("duplicate check failed", exc_info=error)

    def _show(self, draft: PersonDraft, matches: list[KnownMatch]) -> None:
        self._checked = draft
        self._panel.set_matches(matches)
        self.matchesShown.emit()
