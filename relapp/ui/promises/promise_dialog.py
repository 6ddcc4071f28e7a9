"""Recording (or editing) a promise: who promised, what, how, and by when.

A new promise goes the person's way (``domain.reaching.suggested_channel``: preferred,
never avoided). Choosing a channel they avoid for a promise of yours warns as logging
does, with the same choices: use their preferred channel, add anyway, or cancel.
Saving is a write on the runner's worker (``ui/writer.DialogWrite``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.clock import Clock
from relapp.domain.dates import clock_text
from relapp.domain.errors import InvalidInput, RelappError
from relapp.domain.i18n import _
from relapp.domain.model import Channel
from relapp.domain.outreach import avoided_channel_warning
from relapp.domain.promise_model import named_zone, other_zone, zone_key
from relapp.domain.promise_wording import place_name
from relapp.domain.promises import Promise, PromiseDraft, Promiser
from relapp.domain.reaching import alternative_to, suggested_channel
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.errors import show_error
from relapp.ui.outreach.choices import ANY_CHANNEL, OutreachChoices
from relapp.ui.promises.clock import local_zone
from relapp.ui.promises.due_chooser import DueChooser
from relapp.ui.promises.repeat_chooser import RepeatChooser
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import DialogWrite


class PromiseDialog(QDialog):
    """After ``exec()``, ``promise`` is the stored promise (None when cancelled).
    ``runner``: where the write goes (the window's runner)."""

    def __init__(
        self,
        db: Database,
        person_id: int,
        clock: Clock,
        promise: Promise | None = None,
        parent: QWidget | None = None,
        *,
        promiser: Promiser = Promiser.ME,
        runner: TaskRunner,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.clock = clock
        self.original = promise
        self.promise: Promise | None = None
        self.person = people.get_person(db, person_id)
        self.setWindowTitle(_("New Promise") if promise is None else _("Edit Promise"))
        self.setWindowIcon(icons.app_icon())
        self.resize(480, 0)

        self.with_label = QLabel(self.person.display_name)
        self.with_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.with_label.font()
        font.setBold(True)
        self.with_label.setFont(font)
        self.mine = QRadioButton(_("&I promised them"))
        self.theirs = QRadioButton(_("&They promised me"))
        group = QButtonGroup(self)
        group.addButton(self.mine)
        group.addButton(self.theirs)
        who = QWidget()
        who_row = QHBoxLayout(who)
        who_row.setContentsMargins(0, 0, 0, 0)
        who_row.addWidget(self.mine)
        who_row.addWidget(self.theirs)
        who_row.addStretch(1)
        self.what_edit = QLineEdit()
        self.what_edit.setPlaceholderText(_("e.g. call back with the rates, send the pricing"))
        self.channel_combo = QComboBox()
        self.channel_combo.addItem(_(ANY_CHANNEL), None)
        for channel in Channel:
            self.channel_combo.addItem(icons.channel_icon(channel), channel.label, channel)
        self.due = DueChooser(clock, self)
        self.zone_note = QLabel()  # the due time in the promise's own zone, when not yours
        self.zone_note.setTextFormat(Qt.TextFormat.PlainText)
        self.zone_note.hide()
        self.repeat = RepeatChooser(self._due_local, self)
        self.warning = OutreachChoices(_("Add &anyway"), self, can_remind=False)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        theme.set_style(self.error_label, "color: $error; font-weight: bold;")
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(_("With:"), self.with_label)
        form.addRow(_("Who:"), who)
        form.addRow(_("&What:"), self.what_edit)
        form.addRow(_("&How:"), self.channel_combo)
        form.addRow(_("&By when:"), self.due)
        form.addRow("", self.zone_note)
        form.addRow(_("&Repeat:"), self.repeat)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            _("&Save") if promise else _("&Add promise"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.warning.useInstead.connect(self.set_channel)
        self.warning.goOn.connect(self.save)
        self.warning.cancelled.connect(self.reject)
        self.warning.choosingChanged.connect(self._choosing)
        self.writing = DialogWrite(
            self,
            runner,
            self.save_button,
            (who, self.what_edit, self.channel_combo, self.due, self.repeat, self.cancel_button),
            self._show_invalid,
        )
        layout = QVBoxLayout(self)
        # Never narrower than what it shows (a date and time beside the quick choices
        # used to clip "By when").
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        if promise is None:
            (self.mine if promiser is Promiser.ME else self.theirs).setChecked(True)
            self.set_channel(
                suggested_channel(self.person.preferred_channel, self.person.avoid_channels)
            )
        else:
            (self.mine if promise.promiser is Promiser.ME else self.theirs).setChecked(True)
            self.what_edit.setText(promise.what)
            self.set_channel(promise.channel)
            self.due.set_due(promise.due_at)
            self.repeat.set_rule(promise.recurrence, self._due_local())
        self.due.changed.connect(self.repeat.refresh)
        self.due.changed.connect(self._show_zone)
        self._show_zone()
        self.channel_combo.currentIndexChanged.connect(self._update_warning)
        self.mine.toggled.connect(self._update_warning)
        self._update_warning()
        self.what_edit.setFocus()

    def _zone(self) -> str | None:
        """The promise's own zone: an edited one keeps its own; a new one is made in the
        user's zone and keeps it (a weekly 9:00 stays 9:00 there when the user travels)."""
        if self.original is not None:
            return self.original.zone
        return zone_key(local_zone())

    def _due_local(self) -> datetime:
        """The due time as wall time in the promise's zone (its repeat rule's times)."""
        return self.due.due_at().astimezone(named_zone(self._zone()) or local_zone())

    def _show_zone(self) -> None:
        shown = PromiseDraft(0, Promiser.ME, "-", None, self.due.due_at(), zone=self._zone())
        other = other_zone(shown, local_zone())
        if other is not None:
            self.zone_note.setText(
                _("That is {clock} in {place}, the promise's own time zone.").format(
                    clock=clock_text(self._due_local()), place=place_name(other)
                )
            )
        self.zone_note.setVisible(other is not None)

    def set_channel(self, channel: Channel | None) -> None:
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(channel)))

    def channel(self) -> Channel | None:
        data = self.channel_combo.currentData()
        return Channel(data) if data else None

    def promiser(self) -> Promiser:
        return Promiser.ME if self.mine.isChecked() else Promiser.THEM

    def _update_warning(self) -> None:
        channel = self.channel()
        preferred, avoid = self.person.preferred_channel, self.person.avoid_channels
        found = None
        if channel is not None and self.promiser() is Promiser.ME:
            found = avoided_channel_warning(
                channel, self.person.display_name, preferred=preferred, avoid=avoid
            )
        self.warning.set_warnings(
            [found] if found is not None else [], alternative_to(channel, preferred, avoid)
        )

    def _choosing(self, on: bool) -> None:
        self.save_button.setVisible(not on)
        self.cancel_button.setVisible(not on)

    def draft(self) -> PromiseDraft:
        return PromiseDraft(
            self.person.id,
            self.promiser(),
            self.what_edit.text(),
            self.channel(),
            self.due.due_at(),
            recurrence=self.repeat.rule(),
            zone=self._zone(),
        )

    def save(self) -> None:
        if self.writing.saving:
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
        db, now = self.db, self.clock()
        editing = self.original.id if self.original is not None else None

        def work() -> Promise:
            if editing is None:
                return service.create_promise(db, draft, now=now)
            return service.update_promise(db, editing, draft, now=now)

        self.writing.write(work, self._saved)

    def _saved(self, promise: Promise) -> None:
        self.promise = promise
        self.accept()

    def _show_invalid(self, error: InvalidInput) -> None:
        self.error_label.setText(error.message)
        self.error_label.show()
        self.what_edit.setFocus()

    def reject(self) -> None:
        if not self.writing.saving:  # a write under way finishes first
            super().reject()
