"""The right-hand page: who a person is, how to reach them, and your whole history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.contact_labels import label_text
from relapp.domain.dates import long_day_text, number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.model import HistoryEntry, Person
from relapp.domain.timefmt import relative
from relapp.services import interactions as interaction_service
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.history_delegate import HistoryDelegate, row_height
from relapp.ui.history_model import ENTRY_ROLE, PAGE, HistoryModel
from relapp.ui.widgets.avatar import Avatar
from relapp.ui.widgets.flow_layout import FlowLayout
from relapp.ui.widgets.plain_label import plain_label
from relapp.ui.widgets.refill import Chip, FormRows, Row, fill_chips

if TYPE_CHECKING:
    from relapp.ui.tasks import TaskRunner

MAX_TAG_CHIPS = 60
"""Tags shown as chips on the page; more are summed up in one chip ("+1,940 more tags")."""


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    theme.set_style(label, "color: $muted; margin-top: 6px;")
    return label


class PersonPage(QWidget):
    """Features add to the page through ``add_top_section`` (under the header: the
    brief, open promises), ``add_detail_section`` (the left column) and
    ``add_history_header`` (above the history: a chart), and follow ``personShown``."""

    personShown = Signal(object)  # the Person now shown
    logInteractionRequested = Signal(int)
    editPersonRequested = Signal(int)
    archiveRequested = Signal(int)
    editInteractionRequested = Signal(int)
    deleteInteractionRequested = Signal(int)

    def __init__(
        self, db: Database, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        """``runner``: where a long history is counted (without one: at once, here)."""
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._titled_for: int | None = None  # whose count the history's title shows
        self.person: Person | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)  # the page's clock

        self.avatar = Avatar(64)
        self.name_label = plain_label(wrap=True)
        name_font = QFont(self.font())
        name_font.setPointSizeF(self.font().pointSizeF() * 1.6)
        name_font.setBold(True)
        self.name_label.setFont(name_font)
        self.subtitle_label = plain_label()
        theme.set_style(self.subtitle_label, "color: $muted;")
        self.badges = FlowLayout(spacing=6)
        badge_box = QWidget()
        badge_box.setLayout(self.badges)

        self.log_button = QPushButton(icons.icon("log-interaction"), _("Log interaction…"))
        self.log_button.setToolTip(_("Log a call, email, meeting… (Ctrl+L)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setToolTip(_("Edit this person (Ctrl+E)"))
        self.archive_button = QPushButton(icons.icon("archive"), _("Archive"))
        self.archive_button.setToolTip(_("Move out of the list; Undo (Ctrl+Z) brings them back"))
        self.log_button.clicked.connect(lambda: self._emit_for_person(self.logInteractionRequested))
        self.edit_button.clicked.connect(lambda: self._emit_for_person(self.editPersonRequested))
        self.archive_button.clicked.connect(lambda: self._emit_for_person(self.archiveRequested))

        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        title_box.addWidget(self.name_label)
        title_box.addWidget(self.subtitle_label)
        title_box.addWidget(badge_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        title_box.addLayout(buttons)
        header = QHBoxLayout()
        header.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(title_box, 1)

        # Details column: sections stacked in a scroll area; later features add theirs.
        self.details = QWidget()
        self.details_layout = QVBoxLayout(self.details)
        self.details_layout.setContentsMargins(0, 0, 8, 0)
        self.contact_form = QFormLayout()
        self.contact_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.met_label = plain_label()
        self.facts_form = QFormLayout()
        self._contact_rows = FormRows(
            self.contact_form, lambda caption: plain_label(caption, selectable=False)
        )
        self._facts_rows = FormRows(self.facts_form)
        self.notes_label = plain_label()
        self.details_layout.addWidget(section_title(_("Contact")))
        self.details_layout.addLayout(self.contact_form)
        self.details_layout.addWidget(section_title(_("How you met")))
        self.details_layout.addWidget(self.met_label)
        self.details_layout.addLayout(self.facts_form)
        self.details_layout.addWidget(section_title(_("Notes and interests")))
        self.details_layout.addWidget(self.notes_label)
        self.details_layout.addStretch(1)
        self._detail_insert_at = self.details_layout.count() - 1
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Details"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Long emails and notes wrap in the column instead of scrolling it sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.details)

        self.history_title = section_title(_("History"))
        self.history_model = HistoryModel(self)
        self.history_view = QListView()
        self.history_view.setAccessibleName(_("History"))
        self.history_view.setModel(self.history_model)
        self.history_view.setItemDelegate(HistoryDelegate(self.history_view))
        self.history_view.setUniformItemSizes(True)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.history_view.customContextMenuRequested.connect(self._history_menu)
        self.history_view.doubleClicked.connect(
            lambda index: self._emit_interaction(self.editInteractionRequested, index.row())
        )
        self.history_empty = QLabel(
            _(
                "Nothing logged yet. Press Ctrl+L after your next call, email or meeting, "
                "and it will be remembered here."
            )
        )
        self.history_empty.setWordWrap(True)
        theme.set_style(self.history_empty, "color: $muted; padding: 12px;")
        delete_action = QAction(_("Delete entry"), self.history_view)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self._delete_current)
        self.history_view.addAction(delete_action)

        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(8, 0, 0, 0)
        self.history_headers = QVBoxLayout()
        history_layout.addLayout(self.history_headers)
        history_layout.addWidget(self.history_title)
        history_layout.addWidget(self.history_empty)
        history_layout.addWidget(self.history_view, 1)
        self.history_layout = history_layout

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(history_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([290, 510])  # until the user moves it (kept in window.ini)

        self.top_sections = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.top_sections)
        layout.addWidget(self.splitter, 1)

    # --- extension points --------------------------------------------------------
    def add_top_section(self, widget: QWidget) -> None:
        self.top_sections.addWidget(widget)

    def add_detail_section(self, title: str, widget: QWidget) -> None:
        """A titled section in the left column, after the built-in ones."""
        self.details_layout.insertWidget(self._detail_insert_at, section_title(title))
        self.details_layout.insertWidget(self._detail_insert_at + 1, widget)
        self._detail_insert_at += 2

    def add_history_header(self, widget: QWidget) -> None:
        self.history_headers.addWidget(widget)

    def scroll_history_to(self, interaction_id: int) -> bool:
        """Select an interaction in the history (reading further pages if needed)."""
        row = self.history_model.row_of_interaction(interaction_id)
        if row is None:
            return False
        index = self.history_model.index(row)
        self.history_view.setCurrentIndex(index)
        self.history_view.scrollTo(index)
        return True

    # --- showing a person ------------------------------------------------------
    def show_person(self, person: Person) -> None:
        self.person = person
        self.avatar.set_person(person.display_name, person.photo)
        self.name_label.setText(person.display_name)
        self.subtitle_label.setText(" · ".join(t for t in (person.title, person.organisation) if t))
        self.subtitle_label.setVisible(bool(person.title or person.organisation))
        self._fill_badges(person)
        self._fill_contact(person)
        self._fill_facts(person)
        self.notes_label.setText(person.notes or _("No notes yet."))
        self.reload_history()
        self.personShown.emit(person)

    def reload_history(self) -> None:
        if self.person is None:
            self.history_model.load(None, 0)
            return
        person_id, db = self.person.id, self._db
        # The first screen's entries at once (the view is never taller than the window),
        # the rest as one scrolls: a person's page shows before 50 entries are read. A
        # history longer than that is counted apart, on the worker (an index entry read
        # per interaction: the one part of the opening that grows with the history).
        first = self.window().height() // row_height(self.history_view.font()) + 1
        self.history_model.load(
            lambda offset, limit: interaction_service.history_page(db, person_id, offset, limit),
            None,
            min(first, PAGE),
        )
        if self.history_model.total is not None:
            self._show_total(person_id, self.history_model.total)
        elif self._runner is None:
            self._show_total(person_id, interaction_service.history_count(db, person_id))
        else:
            if self._titled_for != person_id:  # the same person's last count stays meanwhile
                self.history_title.setText(_("History"))
            self.history_empty.setVisible(False)
            self.history_view.setVisible(True)
            self._runner.submit(
                lambda: interaction_service.history_count(db, person_id),
                lambda total: self._show_total(person_id, total),
                key="history-count",
            )

    def _show_total(self, person_id: int, total: int) -> None:
        """The history's count in its title, and whether it is empty."""
        if self.person is None or self.person.id != person_id:
            return  # counted for someone shown before
        self.history_model.set_total(total)
        self._titled_for = person_id
        self.history_title.setText(
            _("History")
            if total == 0
            else ngettext("History · {n} interaction", "History · {n} interactions", total).format(
                n=number_text(total)
            )
        )
        self.history_empty.setVisible(total == 0)
        self.history_view.setVisible(total > 0)

    def _fill_badges(self, person: Person) -> None:
        chips: list[Chip] = []
        if person.preferred_channel is not None:
            label = person.preferred_channel.word
            chips.append(
                (
                    _("Prefers {channel}").format(channel=label),
                    "prefer",
                    _("Their preferred channel"),
                )
            )
        for channel in sorted(person.avoid_channels, key=lambda c: c.value):
            chips.append(
                (
                    _("Avoid {channel}").format(channel=channel.word),
                    "avoid",
                    _("They asked not to be reached this way"),
                )
            )
        chips.extend((tag, "tag", "") for tag in person.tags[:MAX_TAG_CHIPS])
        more = len(person.tags) - MAX_TAG_CHIPS
        if more > 0:
            tip = _("Every tag is listed when you edit the person")
            label = ngettext("+{n} more tag", "+{n} more tags", more).format(n=number_text(more))
            chips.append((label, "tag", tip))
        fill_chips(self.badges, chips)  # the chips there kept (see ``refill``)

    def _fill_contact(self, person: Person) -> None:
        rows: list[Row] = [
            ((label_text(p.label) if p.label else p.kind.label).capitalize(), p.value, True)
            for p in person.contact_points
        ]
        self._contact_rows.fill(rows or [(None, _("No email or phone yet."), False)])

    def _fill_facts(self, person: Person) -> None:
        met = []
        if person.met_on:
            met.append(long_day_text(person.met_on))
        if person.met_how:
            met.append(person.met_how)
        self.met_label.setText(" — ".join(met) if met else _("Not recorded yet."))
        rows: list[Row] = []
        if person.birthday:
            rows.append((_("Birthday"), person.birthday.display(), True))
        if person.anniversary:
            rows.append((_("Anniversary"), person.anniversary.display(), True))
        if person.cadence_days:
            every = ngettext("every {n} day", "every {n} days", person.cadence_days)
            rows.append((_("Keep in touch"), every.format(n=person.cadence_days), False))
        rows.append((_("Last contact"), relative(person.last_contact_at, self.now()), False))
        self._facts_rows.fill(rows)

    # --- history actions -------------------------------------------------------
    def current_entry(self) -> HistoryEntry | None:
        index = self.history_view.currentIndex()
        entry = index.data(ENTRY_ROLE) if index.isValid() else None
        return entry if isinstance(entry, HistoryEntry) else None

    def _emit_for_person(self, signal: Signal) -> None:
        if self.person is not None:
            signal.emit(self.person.id)

    def _emit_interaction(self, signal: Signal, row: int) -> None:
        entry = self.history_model.entry(row)
        if entry is not None:
            signal.emit(entry.interaction.id)

    def _delete_current(self) -> None:
        self._emit_interaction(
            self.deleteInteractionRequested, self.history_view.currentIndex().row()
        )

    def _history_menu(self, pos: QPoint) -> None:
        index = self.history_view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction(
            _("Edit…"), lambda: self._emit_interaction(self.editInteractionRequested, index.row())
        )
        menu.addAction(
            _("Delete"),
            lambda: self._emit_interaction(self.deleteInteractionRequested, index.row()),
        )
        menu.exec(self.history_view.viewport().mapToGlobal(pos))
