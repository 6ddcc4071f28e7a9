"""Recording (or editing) an introduction: "Carol introduced me to Dan", "I introduced
Carol to Ed", or "Carol introduced Dan to Ed".

Each place is a person picker that searches as you type and can add a person on the
spot (through the person dialog and its duplicate guard). A preview says the
introduction in words before it is saved.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.errors import InvalidInput, RelappError
from relapp.domain.i18n import N_, _, pgettext
from relapp.domain.introductions import Introduction, IntroductionDraft, Shape, describe
from relapp.domain.model import Channel, Person
from relapp.services import interactions, introductions, people
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.errors import show_error
from relapp.ui.introductions.single_picker import Creator, SinglePersonPicker
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import DialogWrite

_SHAPE_TEXT = {
    Shape.TO_ME: N_("Someone introduced &me to someone"),
    Shape.BY_ME: N_("&I introduced two people"),
    Shape.AMONG_OTHERS: N_("Someone introduced two &other people"),
}
_CHANNELS = (
    Channel.MEETING,
    Channel.EMAIL,
    Channel.CALL,
    Channel.MESSAGE,
    Channel.VIDEO,
    Channel.SOCIAL,
    Channel.LETTER,
    Channel.OTHER,
)


def person_creator(
    db: Database, runner: TaskRunner, on_created: Callable[[Person], None] | None = None
) -> Creator:
    """Adds a person through the person dialog (duplicate guard included) and returns
    whom the user ended with: the new person, or someone they already knew."""

    def create(parent: QWidget, name: str) -> tuple[int, str] | None:
        dialog = PersonDialog(db, runner, None, parent, initial_name=name)
        accepted = dialog.exec()
        if dialog.outcome in ("open", "merged") and dialog.chosen_existing_id is not None:
            pid = dialog.chosen_existing_id
            return pid, people.person_rows(db, [pid])[pid].display_name
        if accepted and dialog.person is not None:
            if on_created is not None:
                on_created(dialog.person)
            return dialog.person.id, dialog.person.display_name
        return None

    return create


class IntroductionDialog(QDialog):
    """Record an introduction (``introduction=None``) or edit one. ``person_id`` is the
    person whose page it was opened from: they start as the introducer ("Carol
    introduced me to …"); every slot can still be changed, and typing someone chosen in
    another slot offers them and moves them.
    After ``exec()``, ``introduction`` is what was stored (None when cancelled)."""

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        person_id: int | None = None,
        introduction: Introduction | None = None,
        creator: Creator | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.original = introduction
        self.introduction: Introduction | None = None
        self.setWindowTitle(
            _("Record Introduction") if introduction is None else _("Edit Introduction")
        )
        self.setWindowIcon(icons.icon("person-add"))
        self.setMinimumWidth(520)
        creator = creator or person_creator(db, runner)
        self.introducer = SinglePersonPicker(db, runner, creator=creator)
        self.first = SinglePersonPicker(db, runner, creator=creator)
        self.second = SinglePersonPicker(db, runner, creator=creator)
        self._build()
        if introduction is not None:
            self._load(introduction)
        else:
            self.set_shape(Shape.TO_ME)
            if person_id is not None:
                name = people.person_rows(db, [person_id])[person_id].display_name
                self.introducer.set_person(person_id, name)
        for picker in self.pickers():
            picker.changed.connect(lambda p=picker: self._moved_to(p))
            picker.changed.connect(self._changed)
        self.context_edit.textChanged.connect(self._update_preview)
        self.date_check.toggled.connect(self._update_preview)
        self._changed()
        self._focus_first_empty()

    # --- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.shape_group = QButtonGroup(self)
        self.shape_buttons: dict[Shape, QRadioButton] = {}
        shapes = QVBoxLayout()
        shapes.setSpacing(2)
        for shape, text in _SHAPE_TEXT.items():
            button = QRadioButton(_(text))
            self.shape_group.addButton(button)
            self.shape_buttons[shape] = button
            button.toggled.connect(lambda on, s=shape: on and self.set_shape(s))
            shapes.addWidget(button)

        self.introducer_label = QLabel()
        self.first_label = QLabel()
        self.second_label = QLabel()

        self.date_check = QCheckBox(_("&On:"))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(_("Date of the introduction"))
        self.date_edit.setDisplayFormat(pgettext("Qt date format", "d MMM yyyy"))
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.date_edit.setMaximumWidth(200)
        self.date_edit.setEnabled(False)
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        self.date_check.setChecked(True)
        self.context_edit = QLineEdit()
        self.context_edit.setPlaceholderText(_("e.g. at the SmallBiz conference, by email"))
        self.channel_combo = QComboBox()
        for channel in _CHANNELS:
            self.channel_combo.addItem(icons.channel_icon(channel), channel.label, channel)
        self.channel_combo.setMaximumWidth(200)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.introducer_label, self.introducer)
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        form.addRow(self.date_check, self.date_edit)
        form.addRow(_("&Where, how:"), self.context_edit)
        form.addRow(_("C&hannel:"), self.channel_combo)
        self.form = form

        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        theme.set_style(self.preview, "color: $muted; font-style: italic; padding: 4px 0;")
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        theme.set_style(self.error_label, "color: $error; font-weight: bold;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        text = _("&Record") if self.original is None else _("&Save")
        self.save_button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
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
                *self.pickers(),
                self.date_check,
                self.context_edit,
                self.channel_combo,
                self.cancel_button,
                *self.shape_buttons.values(),
            ),
            lambda error: self._show_error(error.message),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(shapes)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def pickers(self) -> tuple[SinglePersonPicker, ...]:
        return (self.introducer, self.first, self.second)

    def shape(self) -> Shape:
        return next(s for s, b in self.shape_buttons.items() if b.isChecked())

    def set_shape(self, shape: Shape) -> None:
        button = self.shape_buttons[shape]
        if not button.isChecked():
            button.setChecked(True)  # comes back here through toggled
            return
        by_me, to_me = shape is Shape.BY_ME, shape is Shape.TO_ME
        self.form.setRowVisible(0, not by_me)
        self.form.setRowVisible(1, not to_me)
        self.introducer_label.setText(_("Who introduced &you:") if to_me else _("Who in&troduced:"))
        self.introducer_label.setBuddy(self.introducer.search_edit)
        self.first_label.setText(_("&You introduced:") if by_me else _("&Introduced:"))
        self.first_label.setBuddy(self.first.search_edit)
        self.second_label.setText(_("&To:"))
        self.second_label.setBuddy(self.second.search_edit)
        if to_me and self.first.person_id() is not None:
            self.first.set_person(None, notify=False)
        self._changed()

    def _load(self, intro: Introduction) -> None:
        rows = people.person_rows(self.db, list(intro.people()))

        def put(picker: SinglePersonPicker, pid: int | None) -> None:
            if pid is not None and pid in rows:
                picker.set_person(pid, rows[pid].display_name, notify=False)

        self.set_shape(intro.shape)
        put(self.introducer, intro.introducer_id)
        put(self.first, intro.person_a_id)
        put(self.second, intro.person_b_id)
        self.date_check.setChecked(intro.occurred_on is not None)
        if intro.occurred_on is not None:
            self.date_edit.setDate(QDate(intro.occurred_on))
        self.context_edit.setText(intro.context)
        if intro.interaction_id is not None:
            try:
                channel = interactions.get_interaction(self.db, intro.interaction_id).channel
            except RelappError:
                channel = None
            if channel is not None:
                self.set_channel(channel)

    def set_channel(self, channel: Channel) -> None:
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(channel)))

    def channel(self) -> Channel:
        return Channel(self.channel_combo.currentData())

    # --- reading the form -----------------------------------------------------------
    def draft(self) -> IntroductionDraft:
        shape = self.shape()
        on: date | None = self.date_edit.date().toPython() if self.date_check.isChecked() else None
        introducer = None if shape is Shape.BY_ME else self.introducer.person_id()
        first = None if shape is Shape.TO_ME else self.first.person_id()
        return IntroductionDraft(
            introducer, first, self.second.person_id(), on, self.context_edit.text()
        )

    def _missing(self) -> str:
        shape = self.shape()
        if shape is not Shape.BY_ME and self.introducer.person_id() is None:
            return _("Choose who made the introduction.")
        if shape is not Shape.TO_ME and self.first.person_id() is None:
            return _("Choose who was introduced.")
        if self.second.person_id() is None:
            return _("Choose who they were introduced to.")
        return ""

    def _names(self) -> dict[int, str]:
        return {
            p.person_id(): p.person_name()  # type: ignore[misc]
            for p in self.pickers()
            if p.person_id() is not None
        }

    def _moved_to(self, picker: SinglePersonPicker) -> None:
        """Someone picked in one slot leaves any other slot they were in."""
        chosen = picker.person_id()
        if chosen is None:
            return
        for other in self.pickers():
            if other is not picker and other.person_id() == chosen:
                other.set_person(None, notify=False)

    def _changed(self) -> None:
        self._update_preview()
        self._update_tab_order()

    def _update_preview(self) -> None:
        if self._missing():
            self.preview.setText("")
            return
        draft = self.draft()
        text = describe(draft, self._names())
        if draft.context.strip():
            text += f" — {' '.join(draft.context.split())}"
        self.preview.setText(text + ".")

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [*self.shape_buttons.values()]
        for picker in self.pickers():
            chain += picker.focus_chain()
        chain += [
            self.date_check,
            self.date_edit,
            self.context_edit,
            self.channel_combo,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _focus_first_empty(self) -> None:
        for picker in self.pickers():
            if not picker.isHidden() and picker.person_id() is None:
                picker.setFocus()
                return
        self.context_edit.setFocus()

    # --- saving ---------------------------------------------------------------------
    def save(self) -> None:
        """Store it on the runner's worker (the one writer); close when it is done."""
        if self.result() or self.writing.saving:
            return
        missing = self._missing()
        if missing:
            self._show_error(missing)
            return
        try:
            draft = self.draft()
        except InvalidInput as exc:
            self._show_error(exc.message)
            return
        except RelappError as exc:
            show_error(self, exc)
            return
        db, channel = self.db, self.channel()
        editing = self.original.id if self.original is not None else None

        def work() -> Introduction:
            if editing is None:
                return introductions.record_introduction(db, draft, channel=channel)
            return introductions.update_introduction(db, editing, draft, channel=channel)

        self.writing.write(work, self._stored)

    def _stored(self, introduction: Introduction) -> None:
        self.introduction = introduction
        self.accept()

    def reject(self) -> None:
        if not self.writing.saving:  # a write under way finishes first
            super().reject()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def done(self, result: int) -> None:
        for picker in self.pickers():
            picker.stop()
        super().done(result)
