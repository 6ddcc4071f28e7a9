"""Logging (or editing) what passed between you and someone: when, how, which way, what.

The time is picked in local time and stored in UTC. The main person is fixed; others
who were there are picked by typing their names. Saving is a write on the runner's
worker (``ui/writer.DialogWrite``); a promise made with the interaction is stored in the
same transaction (``services.logbook``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.errors import InvalidInput, RelappError
from relapp.domain.i18n import _
from relapp.domain.model import (
    Channel,
    Direction,
    Interaction,
    InteractionDraft,
    InteractionKind,
    Person,
)
from relapp.domain.promises import PromiseDraft
from relapp.domain.reaching import channel_for_logging
from relapp.services import interactions, logbook, people
from relapp.services.logbook import Logged
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.errors import show_error
from relapp.ui.person_picker import PersonPicker
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.date_format import weekday_day_clock_format
from relapp.ui.writer import DialogWrite

# The domain's words, each with its keyboard mnemonic (Alt+Y, Alt+H, Alt+B).
_MNEMONIC_AT = {Direction.OUTBOUND: 0, Direction.INBOUND: 1, Direction.BOTH: 0}
_DIRECTION_TEXT = {d: d.label[:at] + "&" + d.label[at:] for d, at in _MNEMONIC_AT.items()}
_EVERYDAY_KINDS = (
    InteractionKind.ORDINARY,
    InteractionKind.FAVOUR_GIVEN,
    InteractionKind.FAVOUR_RECEIVED,
)


def last_channel(db: Database, person_id: int) -> Channel | None:
    """The channel of the latest contact with a person, if any."""
    last = interactions.history_page(db, person_id, 0, 1)
    return last[0].interaction.channel if last else None


def default_channel(db: Database, person: Person) -> Channel:
    """Their preferred channel; else the one you last used with them; never an avoided
    one (the rule is ``domain.reaching.channel_for_logging``)."""
    return channel_for_logging(
        person.preferred_channel, person.avoid_channels, last_channel(db, person.id)
    )


def to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def from_qdatetime(value: QDateTime) -> datetime:
    """The moment a (local) QDateTime shows, as an aware UTC datetime."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class InteractionDialog(QDialog):
    """Log an interaction with ``person_ids[0]`` (others in ``person_ids`` are preselected
    as present), or edit ``interaction``. After ``exec()``, ``interaction`` is the stored
    Interaction (None when cancelled) and ``logged`` it with the promise made with it.

    Features extend the dialog without editing it: each function in ``extensions``
    (the shell's ``dialog_extensions``, passed by whoever opens the dialog) is called
    with the new dialog and may add widgets to ``extras`` (above the buttons),
    put them in the tab order (``extra_focus``, a callable giving widgets in order, just
    before the buttons), follow ``changed`` (channel, direction, time or kind edited) and
    ``saved``; ``promise_with`` (a callable giving a promise draft and the time, or None)
    adds a promise to store with the interaction, in the same transaction. The dialog
    grows to fit when what it shows grows (a warning, the brief),
    rather than squeezing the notes.
    """

    changed = Signal()
    saved = Signal(object)  # the stored Interaction, just before the dialog closes

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        person_ids: tuple[int, ...],
        interaction: Interaction | None = None,
        parent: QWidget | None = None,
        *,
        extensions: Sequence[Callable[[InteractionDialog], None]] = (),
    ) -> None:
        super().__init__(parent)
        if not person_ids:
            raise ValueError("an interaction dialog needs a person")
        self.db = db
        self.runner = runner
        self.original = interaction
        self.interaction: Interaction | None = None
        self.logged: Logged | None = None
        self.promise_with: Callable[[], tuple[PromiseDraft, datetime] | None] | None = None
        self.extra_focus: list[Callable[[], list[QWidget]]] = []
        self._grow_pending = False
        self.main_id = person_ids[0]
        self.main_person = people.get_person(db, self.main_id)
        earlier = interaction.person_ids if interaction is not None else ()
        others = [pid for pid in dict.fromkeys((*person_ids, *earlier)) if pid != self.main_id]

        self.setWindowTitle(_("Log Interaction") if interaction is None else _("Edit Interaction"))
        self.setWindowIcon(icons.icon("log-interaction"))
        self.setMinimumSize(520, 500)
        self._build()
        rows = people.person_rows(db, others)
        self.picker.set_people([(pid, rows[pid].display_name) for pid in others if pid in rows])
        if interaction is None:
            self._set_defaults()
        else:
            self._load(interaction)
        self.channel_combo.currentIndexChanged.connect(self.changed)
        self.kind_combo.currentIndexChanged.connect(self.changed)
        self.when_edit.dateTimeChanged.connect(self.changed)
        for button in self.direction_buttons.values():
            button.toggled.connect(lambda on: on and self.changed.emit())
        for extend in extensions:
            extend(self)
        self._update_tab_order()

    def _build(self) -> None:
        self.with_label = QLabel(self.main_person.display_name)
        self.with_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.with_label.font()
        font.setBold(True)
        self.with_label.setFont(font)
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat(weekday_day_clock_format())
        self.channel_combo = QComboBox()
        for channel in Channel:
            self.channel_combo.addItem(icons.channel_icon(channel), channel.label, channel)
        self.direction_group = QButtonGroup(self)
        self.direction_buttons: dict[Direction, QRadioButton] = {}
        directions = QWidget()
        row = QHBoxLayout(directions)
        row.setContentsMargins(0, 0, 0, 0)
        for direction in Direction:
            button = QRadioButton(_DIRECTION_TEXT[direction])
            self.direction_group.addButton(button)
            self.direction_buttons[direction] = button
            row.addWidget(button)
        row.addStretch(1)
        self.kind_combo = QComboBox()
        for kind in _EVERYDAY_KINDS:
            self.kind_combo.addItem(kind.label, kind)
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText(_("What was it about? e.g. asked about the new job"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(70)
        self.picker = PersonPicker(self.db, self.runner, exclude=(self.main_id,))
        self.picker.changed.connect(self._update_tab_order)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("With:"), self.with_label)
        form.addRow(_("&When:"), self.when_edit)
        form.addRow(_("&Channel:"), self.channel_combo)
        direction_label = QLabel(_("Direction:"))
        direction_label.setBuddy(self.direction_buttons[Direction.OUTBOUND])
        form.addRow(direction_label, directions)
        form.addRow(_("&Kind:"), self.kind_combo)
        form.addRow(_("S&ummary:"), self.summary_edit)
        form.addRow(_("&Notes:"), self.notes_edit)
        form.addRow(_("&Others present:"), self.picker)

        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        theme.set_style(self.error_label, "color: $error; font-weight: bold;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox()
        save_text = _("&Log") if self.original is None else _("&Save")
        self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

        self.writing = DialogWrite(
            self,
            self.runner,
            self.save_button,
            (
                self.when_edit,
                self.channel_combo,
                *self.direction_buttons.values(),
                self.kind_combo,
                self.summary_edit,
                self.notes_edit,
                self.picker,
                self.cancel_button,
            ),
            self._show_invalid,
        )
        self.extras = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addLayout(self.extras)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and not self._grow_pending:
            self._grow_pending = True
            QTimer.singleShot(0, self._grow_to_fit)
        return handled

    def _grow_to_fit(self) -> None:
        """Taller when the contents want more height (never past the screen), so a
        warning or a longer brief does not squeeze the notes or clip rows."""
        self._grow_pending = False
        wanted = self.sizeHint().height()
        if not self.isVisible() or self.height() >= wanted:
            return
        screen = self.screen()
        room = screen.availableGeometry().height() if screen is not None else wanted
        height = min(wanted, max(room - 40, self.height()))
        if height > self.height():
            self.resize(self.width(), height)

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.when_edit,
            self.channel_combo,
            *self.direction_buttons.values(),
            self.kind_combo,
            self.summary_edit,
            self.notes_edit,
            *self.picker.focus_chain(),
            *(widget for more in self.extra_focus for widget in more()),
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _set_defaults(self) -> None:
        self.when_edit.setDateTime(QDateTime.currentDateTime())
        self.set_channel(default_channel(self.db, self.main_person))
        self.direction_buttons[Direction.OUTBOUND].setChecked(True)
        self.kind_combo.setCurrentIndex(0)
        self.summary_edit.setFocus()

    def _load(self, interaction: Interaction) -> None:
        self.when_edit.setDateTime(to_qdatetime(interaction.occurred_at))
        self.set_channel(interaction.channel)
        self.direction_buttons[interaction.direction].setChecked(True)
        if self.kind_combo.findData(interaction.kind) < 0:  # e.g. an introduction
            self.kind_combo.addItem(interaction.kind.label, interaction.kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(interaction.kind))
        self.summary_edit.setText(interaction.summary)
        self.notes_edit.setPlainText(interaction.notes)

    def set_channel(self, channel: Channel) -> None:
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(channel))

    def channel(self) -> Channel:
        return Channel(self.channel_combo.currentData())

    def direction(self) -> Direction:
        return next(d for d, b in self.direction_buttons.items() if b.isChecked())

    def draft(self) -> InteractionDraft:
        return InteractionDraft(
            occurred_at=from_qdatetime(self.when_edit.dateTime()),
            channel=self.channel(),
            direction=self.direction(),
            person_ids=(self.main_id, *self.picker.selected_ids()),
            summary=self.summary_edit.text().strip(),
            notes=self.notes_edit.toPlainText().strip(),
            kind=InteractionKind(self.kind_combo.currentData()),
        )

    def save(self) -> None:
        if self.result() or self.writing.saving:
            return
        self.error_label.hide()
        try:
            draft = self.draft()
        except InvalidInput as exc:
            self._show_invalid(exc)
            return
        except RelappError as exc:
            show_error(self, exc)
            return
        promise, now = (self.promise_with and self.promise_with()) or (None, datetime.now(UTC))
        db, editing = self.db, self.original.id if self.original is not None else None
        self.writing.write(
            lambda: logbook.log(db, draft, promise, now=now, editing=editing), self._written
        )

    def _written(self, logged: Logged) -> None:
        self.logged, self.interaction = logged, logged.interaction
        self.saved.emit(logged.interaction)
        self.accept()

    def _show_invalid(self, error: InvalidInput) -> None:
        self.error_label.setText(str(error))
        self.error_label.show()

    def reject(self) -> None:
        if not self.writing.saving:  # a write under way finishes first
            super().reject()

    def done(self, result: int) -> None:
        self.picker.stop()
        super().done(result)
