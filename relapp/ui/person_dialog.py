"""Adding or editing a person, with the duplicate guard watching as you type.

While you type a name, an email or a phone, the guard asks (off the GUI thread) whom you
already know that this may be, and shows them above the buttons. Saving checks once more
if the guard has not seen the latest input, so a fast Enter cannot slip a duplicate in.
Saving is a write on the runner's worker (``ui/writer.DialogWrite``): the dialog says
"Saving…" and closes when it is done, so ``exec()`` then ``person`` work as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.errors import InvalidInput, RelappError
from relapp.domain.model import Channel, Person, PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.duplicate_panel import DuplicateGuard, DuplicatePanel
from relapp.ui.errors import show_error
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.birthday_edit import BirthdayEdit
from relapp.ui.widgets.contact_points_editor import ContactPointsEditor
from relapp.ui.widgets.form_rows import name_form_fields, pair_row, parse_tags
from relapp.ui.writer import DialogWrite

PAIR_MERGE_TEXT = (
    "Merge with this person…",
    "Close without saving, and merge the two people you have (you choose whom to keep)",
)


class PersonDialog(QDialog):
    """Add a person (``person=None``) or edit one.

    After ``exec()``: ``outcome`` is "created", "updated", "open" (the user chose to open
    a known person instead: ``chosen_existing_id``), "merged" (the new details were
    added to ``chosen_existing_id``; ``person`` is that person as stored now) or, when
    editing, "merge" (merge the edited person with ``chosen_existing_id``; not saved).
    ``person`` is the stored Person after "created"/"updated"; None when cancelled.
    """

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        person: Person | None = None,
        parent: QWidget | None = None,
        *,
        initial_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.original = person
        self.person: Person | None = None
        self.outcome: str | None = None
        self.chosen_existing_id: int | None = None
        self._name_touched = person is not None or bool(initial_name.strip())

        self.setWindowTitle("New Person" if person is None else "Edit Person")
        self.setWindowIcon(icons.icon("person-add"))
        self.setMinimumSize(560, 460)
        self.resize(680, 700)
        self._build()
        if person is not None:
            self._load(person)
            # Only changes the user makes are worth a warning when editing.
            self.guard.mark_seen()
        else:
            self.name_edit.setText(" ".join(initial_name.split()))
        self._connect()
        self._update_tab_order()
        self.name_edit.setFocus()
        if person is None and initial_name.strip():
            self.guard.schedule()

    # --- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Filled in from the given and family name")
        self.given_edit = QLineEdit()
        self.family_edit = QLineEdit()
        self.nickname_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.title_edit = QLineEdit()
        self.contacts = ContactPointsEditor()
        self.birthday = BirthdayEdit()
        self.anniversary = BirthdayEdit("Anniversary")
        self.met_check = QCheckBox("&Met on:")
        self.met_date = QDateEdit(QDate.currentDate())
        self.met_date.setCalendarPopup(True)
        self.met_date.setDisplayFormat("d MMM yyyy")
        self.met_date.setEnabled(False)
        self.met_how_edit = QLineEdit()
        self.met_how_edit.setPlaceholderText("e.g. introduced by Dana at the spring conference")
        self.preferred_combo = QComboBox()
        self.preferred_combo.addItem("No preference", None)
        for channel in Channel:
            self.preferred_combo.addItem(icons.channel_icon(channel), channel.label, channel)
        self.avoid_checks: dict[Channel, QCheckBox] = {}
        avoid_box = QWidget()
        grid = QGridLayout(avoid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, channel in enumerate(Channel):
            check = QCheckBox(channel.label)
            check.setIcon(icons.channel_icon(channel))
            self.avoid_checks[channel] = check
            grid.addWidget(check, index // 4, index % 4)
        self.cadence_spin = QSpinBox()
        self.cadence_spin.setRange(0, 3650)
        self.cadence_spin.setSpecialValueText("none")
        self.cadence_spin.setSuffix(" days")
        self.cadence_spin.setToolTip("How often you want to be in touch; none means no goal")
        for narrow in (self.met_date, self.cadence_spin, self.preferred_combo):
            narrow.setMaximumWidth(220)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("comma separated, e.g. wine, jazz, sailing")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(80)

        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Display name:", self.name_edit)
        form.addRow("&Given name:", pair_row(self.given_edit, "&Family name:", self.family_edit))
        form.addRow("Nic&kname:", self.nickname_edit)
        form.addRow(
            "&Organisation:", pair_row(self.organisation_edit, "&Job title:", self.title_edit)
        )
        contacts_label = QLabel("Contact details:")
        contacts_label.setBuddy(self.contacts.add_email_button)
        form.addRow(contacts_label, self.contacts)
        form.addRow("&Birthday:", self.birthday)
        form.addRow("Ann&iversary:", self.anniversary)
        form.addRow(self.met_check, self.met_date)
        form.addRow("How &we met:", self.met_how_edit)
        form.addRow("Prefe&rred channel:", self.preferred_combo)
        avoid_label = QLabel("A&void:")
        avoid_label.setBuddy(self.avoid_checks[Channel.EMAIL])
        form.addRow(avoid_label, avoid_box)
        form.addRow("Keep in &touch every:", self.cadence_spin)
        form.addRow("Tags / &interests:", self.tags_edit)
        form.addRow("&Notes:", self.notes_edit)
        name_form_fields(form)  # the first field of a boxed row, after the row's label
        for label in form_widget.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)

        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(form_widget)

        self.duplicates = DuplicatePanel(
            merge_text=None if self.original is None else PAIR_MERGE_TEXT
        )
        self.guard = DuplicateGuard(
            self.db,
            self.runner,
            self.duplicates,
            self.guard_input,
            exclude_id=self.original.id if self.original is not None else None,
            parent=self,
        )
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        theme.set_style(self.error_label, "color: $error; font-weight: bold;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        self.writing = DialogWrite(
            self,
            self.runner,
            self.save_button,
            (scroll, self.duplicates, self.cancel_button),
            self._show_invalid,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        for edit in (self.given_edit, self.family_edit):
            edit.textChanged.connect(self._suggest_name)
        self.name_edit.textEdited.connect(self._name_edited)
        for edit in (self.name_edit, self.given_edit, self.family_edit, self.nickname_edit):
            edit.textChanged.connect(self.guard.schedule)
        self.contacts.changed.connect(self.guard.schedule)
        self.guard.matchesShown.connect(self._matches_shown)
        self.contacts.rowsChanged.connect(self._update_tab_order)
        self.met_check.toggled.connect(self.met_date.setEnabled)
        self.preferred_combo.currentIndexChanged.connect(self._preferred_changed)
        self.duplicates.openRequested.connect(self.open_existing)
        self.duplicates.mergeRequested.connect(self.merge_into)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.name_edit,
            self.given_edit,
            self.family_edit,
            self.nickname_edit,
            self.organisation_edit,
            self.title_edit,
            *self.contacts.focus_chain(),
            *self.birthday.focus_chain(),
            *self.anniversary.focus_chain(),
            self.met_check,
            self.met_date,
            self.met_how_edit,
            self.preferred_combo,
            *self.avoid_checks.values(),
            self.cadence_spin,
            self.tags_edit,
            self.notes_edit,
            *self.duplicates.focus_chain(),
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- reading and writing the form ---------------------------------------------
    def _load(self, person: Person) -> None:
        self.name_edit.setText(person.display_name)
        self.given_edit.setText(person.given_name)
        self.family_edit.setText(person.family_name)
        self.nickname_edit.setText(person.nickname)
        self.organisation_edit.setText(person.organisation)
        self.title_edit.setText(person.title)
        self.contacts.set_points(person.contact_points)
        self.birthday.set_birthday(person.birthday)
        self.anniversary.set_birthday(person.anniversary)
        self.met_check.setChecked(person.met_on is not None)
        if person.met_on is not None:
            self.met_date.setDate(QDate(person.met_on))
        self.met_how_edit.setText(person.met_how)
        self.preferred_combo.setCurrentIndex(
            max(0, self.preferred_combo.findData(person.preferred_channel))
        )
        for channel, check in self.avoid_checks.items():
            check.setChecked(channel in person.avoid_channels)
        self._preferred_changed()
        self.cadence_spin.setValue(person.cadence_days or 0)
        self.tags_edit.setText(", ".join(person.tags))
        self.notes_edit.setPlainText(person.notes)

    def preferred_channel(self) -> Channel | None:
        data = self.preferred_combo.currentData()
        return Channel(data) if data else None

    def draft(self) -> PersonDraft:
        """What the form says; raises InvalidInput for what cannot be stored."""
        met_on = self.met_date.date().toPython() if self.met_check.isChecked() else None
        preferred = self.preferred_channel()
        return PersonDraft(
            display_name=self.name_edit.text().strip(),
            given_name=self.given_edit.text().strip(),
            family_name=self.family_edit.text().strip(),
            nickname=self.nickname_edit.text().strip(),
            organisation=self.organisation_edit.text().strip(),
            title=self.title_edit.text().strip(),
            birthday=self.birthday.birthday(),
            anniversary=self.anniversary.birthday(),
            met_on=met_on,
            met_how=self.met_how_edit.text().strip(),
            preferred_channel=preferred,
            avoid_channels=frozenset(
                c for c, check in self.avoid_checks.items() if check.isChecked() and c != preferred
            ),
            cadence_days=self.cadence_spin.value() or None,
            notes=self.notes_edit.toPlainText().strip(),
            tags=parse_tags(self.tags_edit.text()),
            contact_points=self.contacts.points(),
            photo=self.original.photo if self.original is not None else None,
        )

    def guard_input(self) -> PersonDraft:
        """Just what the duplicate guard looks at: names, emails and phones."""
        return PersonDraft(
            display_name=self.name_edit.text().strip(),
            given_name=self.given_edit.text().strip(),
            family_name=self.family_edit.text().strip(),
            nickname=self.nickname_edit.text().strip(),
            contact_points=self.contacts.points(),
        )

    def _suggest_name(self) -> None:
        if not self._name_touched:
            parts = (self.given_edit.text().strip(), self.family_edit.text().strip())
            self.name_edit.setText(" ".join(p for p in parts if p))

    def _name_edited(self, text: str) -> None:
        self._name_touched = bool(text.strip())
        if not self._name_touched:
            self._suggest_name()

    def _preferred_changed(self) -> None:
        preferred = self.preferred_channel()
        for channel, check in self.avoid_checks.items():
            if channel == preferred:
                check.setChecked(False)
            check.setEnabled(channel != preferred)

    # --- the duplicate guard ------------------------------------------------------
    def _matches_shown(self) -> None:
        anyway = "Create &anyway" if self.original is None else "Save &anyway"
        self.save_button.setText(anyway if self.duplicates.has_strong else "&Save")
        self._update_tab_order()

    # --- outcomes -----------------------------------------------------------------
    def save(self) -> None:
        """Save (or "Create anyway" once strong matches are shown)."""
        if not self.guard.active or self.writing.saving:
            return
        self.error_label.hide()
        try:
            draft = self.draft()
            seen = self.duplicates.strong_ids()
            self.guard.check_now()
            if not self.duplicates.strong_ids() <= seen:
                return  # strong matches the user has not seen yet: let them decide
        except InvalidInput as exc:
            self._show_invalid(exc)
            return
        except RelappError as exc:
            show_error(self, exc)
            return
        db = self.db
        if self.original is None:
            self._write(lambda: people.add_person(db, draft), "created")
        else:
            person_id = self.original.id
            self._write(lambda: people.update_person(db, person_id, draft), "updated")

    def _write(self, work: Callable[[], Person], outcome: str, chosen: int | None = None) -> None:
        """Hand the write to the worker; close when it is done, or say why not."""

        def done(person: Person) -> None:
            self.person, self.outcome = person, outcome
            if chosen is not None:
                self.chosen_existing_id = chosen
            self.accept()

        self.writing.write(work, done)

    def reject(self) -> None:
        if not self.writing.saving:  # a write under way finishes first; then the dialog closes
            super().reject()

    def open_existing(self, person_id: int) -> None:
        self.chosen_existing_id = person_id
        self.outcome = "open"
        self.accept()

    def merge_into(self, person_id: int) -> None:
        """Add the new emails, phones and notes to a known person instead of a new one.

        Editing, the two are both stored: close (nothing saved) with outcome "merge", and
        the window asks whether to merge them (``MainWindow.mergeRequested``)."""
        if self.writing.saving:
            return
        if self.original is not None:
            self.chosen_existing_id = person_id
            self.outcome = "merge"
            self.reject()
            return
        db, points, notes = self.db, self.contacts.points(), self.notes_edit.toPlainText()
        self._write(
            lambda: people.add_contact_points(db, person_id, points, notes), "merged", person_id
        )

    def _show_invalid(self, error: InvalidInput) -> None:
        self.error_label.setText(str(error))
        self.error_label.show()
        target = {
            "Name": self.name_edit,
            "Birthday": self.birthday.day_combo,
            "Anniversary": self.anniversary.day_combo,
            "Keep in touch": self.cadence_spin,
        }.get(error.field)
        if target is not None:
            target.setFocus()
            self.scroll.ensureWidgetVisible(target)

    def done(self, result: int) -> None:
        self.guard.stop()
        super().done(result)
