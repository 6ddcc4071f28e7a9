"""The fields of a person, as one form: names, contact details, dates, how you met,
channels, the keep-in-touch goal, tags and notes (the person dialog's body).

The form reads a Person into its fields (``load``) and reads them back as a PersonDraft
(``draft``); it says when what the duplicate guard looks at changes (``identityChanged``)
and which field an InvalidInput is about (``field_widget``). The dialog around it
(``ui/person_dialog.py``) holds the guard, the buttons and the outcomes.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from relapp.domain.i18n import N_, _, pgettext
from relapp.domain.model import Channel, Person, PersonDraft
from relapp.ui import icons
from relapp.ui.widgets.birthday_edit import BirthdayEdit
from relapp.ui.widgets.contact_points_editor import ContactPointsEditor
from relapp.ui.widgets.form_rows import name_form_fields, pair_row, parse_tags


class PersonForm(QWidget):
    """Every field of a person, in one form layout."""

    identityChanged = Signal()  # a name, an email or a phone changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_touched = False
        self._build()
        for edit in (self.given_edit, self.family_edit):
            edit.textChanged.connect(self._suggest_name)
        self.name_edit.textEdited.connect(self._name_edited)
        for edit in (self.name_edit, self.given_edit, self.family_edit, self.nickname_edit):
            edit.textChanged.connect(self.identityChanged)
        self.contacts.changed.connect(self.identityChanged)
        self.met_check.toggled.connect(self.met_date.setEnabled)
        self.preferred_combo.currentIndexChanged.connect(self._preferred_changed)

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("Filled in from the given and family name"))
        self.given_edit = QLineEdit()
        self.family_edit = QLineEdit()
        self.nickname_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.title_edit = QLineEdit()
        self.contacts = ContactPointsEditor()
        self.birthday = BirthdayEdit()
        self.anniversary = BirthdayEdit(N_("Anniversary"))
        self.met_check = QCheckBox(_("&Met on:"))
        self.met_date = QDateEdit(QDate.currentDate())
        self.met_date.setCalendarPopup(True)
        self.met_date.setDisplayFormat(pgettext("Qt date format", "d MMM yyyy"))
        self.met_date.setEnabled(False)
        self.met_how_edit = QLineEdit()
        self.met_how_edit.setPlaceholderText(_("e.g. introduced by Dana at the spring conference"))
        self.preferred_combo = QComboBox()
        self.preferred_combo.addItem(_("No preference"), None)
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
        self.cadence_spin.setSpecialValueText(_("none"))
        self.cadence_spin.setSuffix(_(" days"))
        self.cadence_spin.setToolTip(_("How often you want to be in touch; none means no goal"))
        for narrow in (self.met_date, self.cadence_spin, self.preferred_combo):
            narrow.setMaximumWidth(220)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(_("comma separated, e.g. wine, jazz, sailing"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(80)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Display name:"), self.name_edit)
        form.addRow(
            _("&Given name:"), pair_row(self.given_edit, _("&Family name:"), self.family_edit)
        )
        form.addRow(_("Nic&kname:"), self.nickname_edit)
        form.addRow(
            _("&Organisation:"), pair_row(self.organisation_edit, _("&Job title:"), self.title_edit)
        )
        contacts_label = QLabel(_("Contact details:"))
        contacts_label.setBuddy(self.contacts.add_email_button)
        form.addRow(contacts_label, self.contacts)
        form.addRow(_("&Birthday:"), self.birthday)
        form.addRow(_("Ann&iversary:"), self.anniversary)
        form.addRow(self.met_check, self.met_date)
        form.addRow(_("How &we met:"), self.met_how_edit)
        form.addRow(_("Prefe&rred channel:"), self.preferred_combo)
        avoid_label = QLabel(_("A&void:"))
        avoid_label.setBuddy(self.avoid_checks[Channel.EMAIL])
        form.addRow(avoid_label, avoid_box)
        form.addRow(_("Keep in &touch every:"), self.cadence_spin)
        form.addRow(_("Tags / &interests:"), self.tags_edit)
        form.addRow(_("&Notes:"), self.notes_edit)
        name_form_fields(form)  # the first field of a boxed row, after the row's label
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)

    def focus_chain(self) -> list[QWidget]:
        """The fields in the order Tab visits them (the contact rows change it)."""
        return [
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
        ]

    def field_widget(self, field: str) -> QWidget | None:
        """The widget an InvalidInput's ``field`` names, to put the focus on."""
        return {
            "Name": self.name_edit,
            "Birthday": self.birthday.day_combo,
            "Anniversary": self.anniversary.day_combo,
            "Keep in touch": self.cadence_spin,
        }.get(field)

    # --- reading and writing the fields ---------------------------------------------
    def load(self, person: Person) -> None:
        self.name_touched = True
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

    def draft(self, photo: bytes | None = None) -> PersonDraft:
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
            photo=photo,
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
        if not self.name_touched:
            parts = (self.given_edit.text().strip(), self.family_edit.text().strip())
            self.name_edit.setText(" ".join(p for p in parts if p))

    def _name_edited(self, text: str) -> None:
        self.name_touched = bool(text.strip())
        if not self.name_touched:
            self._suggest_name()

    def _preferred_changed(self) -> None:
        preferred = self.preferred_channel()
        for channel, check in self.avoid_checks.items():
            if channel == preferred:
                check.setChecked(False)
            check.setEnabled(channel != preferred)
