"""Reminder settings: when birthdays and anniversaries notify (the time of day, and
how many days before), and when logging an outbound contact should warn."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.domain.occasions import MAX_DAYS_BEFORE, OccasionSettings
from relapp.domain.outreach import OutreachThresholds
from relapp.services import occasions
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import DialogWrite


class OutreachSettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, runner: TaskRunner) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Reminders and Warnings"))
        current = service.outreach_thresholds(db)
        days = occasions.settings(db)
        self.occasion_time = QTimeEdit(QTime(days.at.hour, days.at.minute))
        self.occasion_time.setDisplayFormat("HH:mm")
        self.occasion_time.setAccessibleName(_("Birthday notice time"))
        self.days_before = QSpinBox()
        self.days_before.setRange(0, MAX_DAYS_BEFORE)
        self.days_before.setSpecialValueText(_("only on the day"))
        self.days_before.setSuffix(_(" days before, too"))
        self.days_before.setValue(days.days_before)
        self.days_before.setAccessibleName(_("Also notify days before"))
        occasion_box = QGroupBox(_("Birthdays and anniversaries"))
        occasion_form = QFormLayout(occasion_box)
        occasion_form.addRow(_("Notify at:"), self.occasion_time)
        occasion_form.addRow(_("Notify:"), self.days_before)
        intro = QLabel(
            _(
                "Relapp warns gently before you log another outbound contact when you may be "
                "reaching out too often."
            )
        )
        intro.setWordWrap(True)
        self.unanswered = QSpinBox()
        self.unanswered.setRange(1, 50)
        self.unanswered.setValue(current.unanswered)
        self.unanswered.setSuffix(_(" in a row"))
        self.burst = QSpinBox()
        self.burst.setRange(2, 50)
        self.burst.setValue(max(2, current.burst_count))
        self.burst.setSuffix(_(" contacts"))
        self.hours = QSpinBox()
        self.hours.setRange(1, 24 * 14)
        self.hours.setValue(max(1, round(current.burst_window.total_seconds() / 3600)))
        self.hours.setSuffix(_(" hours"))
        form = QFormLayout()
        form.addRow(_("Unanswered contacts:"), self.unanswered)
        form.addRow(_("Several contacts:"), self.burst)
        form.addRow(_("…within:"), self.hours)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        parts = (
            self.occasion_time,
            self.days_before,
            self.unanswered,
            self.burst,
            self.hours,
            cancel,
        )
        self.writing = DialogWrite(self, runner, save, parts, lambda _error: None)
        layout = QVBoxLayout(self)
        layout.addWidget(occasion_box)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def thresholds(self) -> OutreachThresholds:
        return OutreachThresholds(
            unanswered=self.unanswered.value(),
            burst_count=self.burst.value(),
            burst_window=timedelta(hours=self.hours.value()),
        )

    def occasion_settings(self) -> OccasionSettings:
        return OccasionSettings(self.occasion_time.time().toPython(), self.days_before.value())

    def save(self) -> None:
        """A write on the runner's worker; the dialog closes when it is stored."""
        if self.writing.saving:
            return
        db, thresholds, days = self.db, self.thresholds(), self.occasion_settings()

        def work() -> None:
            occasions.set_settings(db, days)
            service.set_outreach_thresholds(db, thresholds)

        self.writing.write(work, lambda _none: self.accept())

    def reject(self) -> None:
        if not self.writing.saving:
            super().reject()
