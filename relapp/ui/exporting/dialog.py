"""File ▸ Export…: which format, and whom (everyone, or the person on screen)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import number_text
from relapp.domain.i18n import N_, _, ngettext
from relapp.ui import theme
from relapp.ui.widgets.plain_label import plain_label


class ExportFormat(enum.Enum):
    VCARD_4 = (
        "vCard 4.0",
        N_("Most programs: phones, Gmail, Apple Contacts, Thunderbird"),
        ".vcf",
    )
    VCARD_3 = ("vCard 3.0", N_("Older programs that do not read vCard 4.0"), ".vcf")
    JSON = (
        N_("Relapp JSON (everything)"),
        N_(
            "People, interactions, introductions, promises and settings, to keep or to move "
            "Relapp; it reads back into an empty Relapp"
        ),
        ".json",
    )

    @property
    def title(self) -> str:
        return _(self.value[0])

    @property
    def description(self) -> str:
        return _(self.value[1])

    @property
    def suffix(self) -> str:
        return self.value[2]

    @property
    def vcard_version(self) -> str | None:
        return {ExportFormat.VCARD_4: "4.0", ExportFormat.VCARD_3: "3.0"}.get(self)


@dataclass(frozen=True)
class ExportChoice:
    format: ExportFormat
    person_id: int | None = None  # None: everyone
    include_archived: bool = False


def _note(text: str) -> QLabel:
    label = plain_label(text, selectable=False)
    theme.set_style(label, "color: $muted; margin-left: 22px;")
    return label


class ExportDialog(QDialog):
    """Asks for a format and whom to export; ``choice()`` tells what was chosen."""

    def __init__(
        self,
        people: int,
        archived: int,
        person: tuple[int, str] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export"))
        self.person = person
        self.archived = archived
        self.formats = QButtonGroup(self)
        self.format_buttons: dict[ExportFormat, QRadioButton] = {}
        format_box = QGroupBox(_("Format"))
        format_layout = QVBoxLayout(format_box)
        for number, fmt in enumerate(ExportFormat):
            button = QRadioButton(fmt.title)
            self.formats.addButton(button, number)
            self.format_buttons[fmt] = button
            format_layout.addWidget(button)
            format_layout.addWidget(_note(fmt.description))
        self.format_buttons[ExportFormat.VCARD_4].setChecked(True)

        who_box = QGroupBox(_("Who"))
        who_layout = QVBoxLayout(who_box)
        self.everyone = QRadioButton(
            ngettext("Everyone ({n} person)", "Everyone ({n} people)", people).format(
                n=number_text(people)
            )
        )
        self.only_person = QRadioButton(
            _("Only {name}").format(name=_button_text(person[1]))
            if person is not None
            else _("Only the person on screen")
        )
        self.only_person.setEnabled(person is not None)
        self.everyone.setChecked(True)
        self.include_archived = QCheckBox(
            _("Include archived people ({n})").format(n=number_text(archived))
        )
        self.json_note = _note(_("Relapp JSON always holds everyone, archived people too."))
        for widget in (self.everyone, self.only_person, self.include_archived, self.json_note):
            who_layout.addWidget(widget)
        self.who_box = who_box
        self.everyone.toggled.connect(self._update)
        self.formats.idToggled.connect(lambda *_: self._update())

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(_("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(format_box)
        layout.addWidget(who_box)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self._update()

    def select(self, fmt: ExportFormat) -> None:
        self.format_buttons[fmt].setChecked(True)

    def chosen_format(self) -> ExportFormat:
        return next(f for f, b in self.format_buttons.items() if b.isChecked())

    def _update(self) -> None:
        is_json = self.chosen_format() is ExportFormat.JSON
        self.everyone.setEnabled(not is_json)
        self.only_person.setEnabled(not is_json and self.person is not None)
        self.include_archived.setEnabled(
            not is_json and self.everyone.isChecked() and self.archived > 0
        )
        self.json_note.setVisible(is_json)

    def choice(self) -> ExportChoice:
        fmt = self.chosen_format()
        if fmt is ExportFormat.JSON:
            return ExportChoice(fmt)
        if self.only_person.isChecked() and self.person is not None:
            return ExportChoice(fmt, person_id=self.person[0])
        return ExportChoice(fmt, include_archived=self.include_archived.isChecked())


def _button_text(name: str, limit: int = 40) -> str:
    """A person's name on a button: one line, not too long, "&" shown as itself (a single
    "&" would mark a keyboard shortcut)."""
    name = " ".join(name.split())
    name = name if len(name) <= limit else name[: limit - 1] + "…"
    return name.replace("&", "&&")
