"""Choosing whether a promise repeats: Never, Daily, Weekly on <day>, Monthly on <day>,
Yearly, or Custom… (every N days, weeks, months or years). The choices are worded for
the due time chosen beside it, and the rule is shown in words below
(``domain.recurrence``: the rule is made from the choice and the due time at saving)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QVBoxLayout, QWidget

from relapp.domain.dates import day_month_text, day_ordinal, weekday_name
from relapp.domain.errors import RelappError
from relapp.domain.i18n import N_, _
from relapp.domain.recurrence import (
    Repeat,
    Unit,
    custom_rule,
    describe,
    interval_of,
    repeat_of,
    rule_for,
)
from relapp.ui.widgets.plain_label import plain_label

CUSTOM = "custom"
KEEP = "keep"  # a rule read from a file that none of the choices says: kept as it is
_UNIT_LABELS = (
    (Unit.DAYS, N_("days")),
    (Unit.WEEKS, N_("weeks")),
    (Unit.MONTHS, N_("months")),
    (Unit.YEARS, N_("years")),
)


class RepeatChooser(QWidget):
    """``rule()`` is the chosen RRULE value (None: never), for the due time that
    ``due_local()`` gives at that moment."""

    changed = Signal()

    def __init__(self, due_local: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._due_local = due_local
        self._kept: str | None = None
        self.combo = QComboBox()
        self.combo.setAccessibleName(_("Repeat"))
        for repeat in Repeat:
            self.combo.addItem("", repeat.value)
        self.combo.addItem(_("Custom…"), CUSTOM)
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 999)
        self.every_spin.setPrefix(_("every "))
        self.every_spin.setAccessibleName(_("Repeat every"))
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(_("Repeat unit"))
        for unit, label in _UNIT_LABELS:
            self.unit_combo.addItem(_(label), unit.value)
        self.unit_combo.setCurrentIndex(1)
        self.words = plain_label("", wrap=True, selectable=False)
        self.words.setObjectName("repeat-words")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.every_spin)
        row.addWidget(self.unit_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.words)
        self.setFocusProxy(self.combo)
        self.refresh()
        self.combo.currentIndexChanged.connect(self.refresh)
        self.every_spin.valueChanged.connect(self.refresh)
        self.unit_combo.currentIndexChanged.connect(self.refresh)

    def refresh(self) -> None:
        """Word the choices for the due time now chosen, and show the rule in words."""
        due = self._due_local()
        day = due.date()
        labels = {
            Repeat.NEVER: _("Never"),
            Repeat.DAILY: _("Daily"),
            Repeat.WEEKLY: _("Weekly on {weekday}").format(weekday=weekday_name(day)),
            Repeat.MONTHLY: _("Monthly on the {ordinal}").format(ordinal=day_ordinal(day.day)),
            Repeat.YEARLY: _("Yearly on {day}").format(day=day_month_text(day)),
        }
        for row in range(self.combo.count()):
            data = self.combo.itemData(row)
            if data in labels:
                self.combo.setItemText(row, labels[Repeat(data)])
        custom = self.combo.currentData() == CUSTOM
        self.every_spin.setVisible(custom)
        self.unit_combo.setVisible(custom)
        words = describe(self.rule(), due)
        self.words.setText(_("Repeats {rule}").format(rule=words) if words else "")
        self.words.setVisible(bool(words))
        self.changed.emit()

    def rule(self) -> str | None:
        data = self.combo.currentData()
        if data == KEEP:
            return self._kept
        due = self._due_local()
        if data == CUSTOM:
            unit = Unit(self.unit_combo.currentData())
            return custom_rule(unit, self.every_spin.value(), due)
        return rule_for(Repeat(data), due)

    def set_rule(self, rule: str | None, due_local: datetime) -> None:
        """Show a stored rule: as its simple choice, as Custom… (every N units), or, for
        a rule neither can say, as it is ("Repeats on the first Monday of every month")."""
        repeat = repeat_of(rule, due_local)
        if repeat is not None:
            self.combo.setCurrentIndex(self.combo.findData(repeat.value))
        elif rule is not None and rule == _as_custom(rule, due_local):
            unit, every = interval_of(rule)
            self.every_spin.setValue(every)
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit.value))
            self.combo.setCurrentIndex(self.combo.findData(CUSTOM))
        else:
            self._kept = rule
            if self.combo.findData(KEEP) < 0:
                self.combo.addItem(_("As set before"), KEEP)
            self.combo.setCurrentIndex(self.combo.findData(KEEP))
        self.refresh()


def _as_custom(rule: str, due_local: datetime) -> str | None:
    try:
        unit, every = interval_of(rule)
        return custom_rule(unit, every, due_local)
    except (ValueError, KeyError, RelappError):
        return None
