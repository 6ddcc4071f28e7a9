"""A birthday (or anniversary) picker: day and month, and a year that may be unknown."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from relapp.domain.dates import month_name
from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _
from relapp.domain.model import Birthday


class BirthdayEdit(QWidget):
    """Day and month, and a year that may be unknown ("no year")."""

    NO_YEAR = 1899

    def __init__(self, what: str = N_("Birthday"), parent: QWidget | None = None) -> None:
        """``what``: the date's name (English, marked with N_: the field of an InvalidInput),
        translated in the accessible names and the error messages."""
        super().__init__(parent)
        self.what = what
        self.day_combo = QComboBox()
        self.day_combo.setAccessibleName(_("{what} day").format(what=_(what)))
        self.day_combo.addItem(_("Day"), None)
        for day in range(1, 32):
            self.day_combo.addItem(str(day), day)
        self.month_combo = QComboBox()
        self.month_combo.setAccessibleName(_("{what} month").format(what=_(what)))
        self.month_combo.addItem(_("Month"), None)
        for month in range(1, 13):
            self.month_combo.addItem(month_name(month), month)
        self.year_spin = QSpinBox()
        self.year_spin.setAccessibleName(_("{what} year").format(what=_(what)))
        self.year_spin.setRange(self.NO_YEAR, date.today().year)
        self.year_spin.setSpecialValueText(_("no year"))
        self.year_spin.setValue(self.NO_YEAR)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in self.focus_chain():
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.day_combo)

    def focus_chain(self) -> list[QWidget]:
        return [self.day_combo, self.month_combo, self.year_spin]

    def set_birthday(self, birthday: Birthday | None) -> None:
        self.day_combo.setCurrentIndex(birthday.day if birthday else 0)
        self.month_combo.setCurrentIndex(birthday.month if birthday else 0)
        year = birthday.year if birthday and birthday.year else self.NO_YEAR
        self.year_spin.setValue(year)

    def birthday(self) -> Birthday | None:
        """The chosen birthday; None when neither day nor month is chosen."""
        day, month = self.day_combo.currentData(), self.month_combo.currentData()
        year = self.year_spin.value()
        if day is None and month is None:
            return None
        if day is None or month is None:
            raise InvalidInput(self.what, _("choose both a day and a month, or neither."))
        try:
            return Birthday(month, day, None if year == self.NO_YEAR else year)
        except ValueError:
            shown_month = self.month_combo.currentText()
            if year == self.NO_YEAR:
                message = _("{day} {month} is not a date.").format(day=day, month=shown_month)
            else:
                message = _("{day} {month} {year} is not a date.").format(
                    day=day, month=shown_month, year=year
                )
            raise InvalidInput(self.what, message) from None
