"""Choosing when a promise is due: later today, tomorrow morning, Thursday at 3, in a
week, or a date and time. Quick choices are worked out by ``domain.quick_due`` in the
local time zone when asked, so "later today" means later than the moment of saving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QWidget

from relapp.domain.clock import Clock
from relapp.domain.i18n import N_, _
from relapp.domain.promise_wording import when_text
from relapp.domain.promises import DueChoice, quick_due
from relapp.ui.promises.clock import local_zone
from relapp.ui.widgets.date_format import weekday_day_clock_format

QUICK_CHOICES: tuple[tuple[DueChoice, str], ...] = (
    (DueChoice.LATER_TODAY, N_("Later today")),
    (DueChoice.TOMORROW_MORNING, N_("Tomorrow morning")),
    (DueChoice.WEEKDAY_AT_HOUR, N_("Thursday at 3")),
    (DueChoice.IN_A_WEEK, N_("In a week")),
    (DueChoice.CUSTOM, N_("A date and time…")),
)


def _to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def _from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class DueChooser(QWidget):
    """A combo of quick choices, each showing the time it means, and a date-time editor
    for "A date and time…"."""

    changed = Signal()

    def __init__(
        self, clock: Clock, parent: QWidget | None = None, default: DueChoice | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.combo = QComboBox()
        for choice, _label in QUICK_CHOICES:
            self.combo.addItem("", choice)
        self.custom_edit = QDateTimeEdit()
        self.custom_edit.setCalendarPopup(True)
        self.custom_edit.setDisplayFormat(weekday_day_clock_format())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.custom_edit)
        self.refresh()
        self.custom_edit.setDateTime(
            _to_qdatetime(quick_due(DueChoice.TOMORROW_MORNING, self._now_local()))
        )
        self.set_choice(default or DueChoice.TOMORROW_MORNING)
        self.combo.currentIndexChanged.connect(self._choice_changed)
        self.custom_edit.dateTimeChanged.connect(self.changed)

    def _now_local(self) -> datetime:
        return self._clock().astimezone(local_zone())

    def refresh(self) -> None:
        """Re-word the quick choices for the current time ("Later today — 18:30")."""
        now_local = self._now_local()
        for row, (choice, label) in enumerate(QUICK_CHOICES):
            text = _(label)
            if choice is not DueChoice.CUSTOM:
                text += " — " + when_text(quick_due(choice, now_local), now_local, local_zone())
            self.combo.setItemText(row, text)

    def choice(self) -> DueChoice:
        return DueChoice(self.combo.currentData())

    def set_choice(self, choice: DueChoice) -> None:
        self.combo.setCurrentIndex(self.combo.findData(choice))
        self.custom_edit.setVisible(choice is DueChoice.CUSTOM)

    def set_due(self, moment: datetime) -> None:
        """Show an existing due time (as "A date and time…")."""
        self.custom_edit.setDateTime(_to_qdatetime(moment))
        self.set_choice(DueChoice.CUSTOM)

    def due_at(self) -> datetime:
        """The chosen due time, aware, in UTC."""
        choice = self.choice()
        if choice is DueChoice.CUSTOM:
            return _from_qdatetime(self.custom_edit.dateTime())
        return quick_due(choice, self._now_local()).astimezone(UTC)

    def _choice_changed(self) -> None:
        custom = self.choice() is DueChoice.CUSTOM
        if custom and self.custom_edit.dateTime().toSecsSinceEpoch() < int(
            (self._clock() + timedelta(minutes=1)).timestamp()
        ):
            self.custom_edit.setDateTime(
                _to_qdatetime(quick_due(DueChoice.TOMORROW_MORNING, self._now_local()))
            )
        self.custom_edit.setVisible(custom)
        self.changed.emit()
