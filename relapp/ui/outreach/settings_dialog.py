"""Reminder settings: when logging an outbound contact should warn."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.outreach import OutreachThresholds
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import DialogWrite


class OutreachSettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, runner: TaskRunner) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Outreach Warnings")
        current = service.outreach_thresholds(db)
        intro = QLabel(
            "Relapp warns gently before you log another outbound contact when you may be "
            "reaching out too often."
        )
        intro.setWordWrap(True)
        self.unanswered = QSpinBox()
        self.unanswered.setRange(1, 50)
        self.unanswered.setValue(current.unanswered)
        self.unanswered.setSuffix(" in a row")
        self.burst = QSpinBox()
        self.burst.setRange(2, 50)
        self.burst.setValue(max(2, current.burst_count))
        self.burst.setSuffix(" contacts")
        self.hours = QSpinBox()
        self.hours.setRange(1, 24 * 14)
        self.hours.setValue(max(1, round(current.burst_window.total_seconds() / 3600)))
        self.hours.setSuffix(" hours")
        form = QFormLayout()
        form.addRow("Unanswered contacts:", self.unanswered)
        form.addRow("Several contacts:", self.burst)
        form.addRow("…within:", self.hours)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        parts = (self.unanswered, self.burst, self.hours, cancel)
        self.writing = DialogWrite(self, runner, save, parts, lambda _error: None)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def thresholds(self) -> OutreachThresholds:
        return OutreachThresholds(
            unanswered=self.unanswered.value(),
            burst_count=self.burst.value(),
            burst_window=timedelta(hours=self.hours.value()),
        )

    def save(self) -> None:
        """A write on the runner's worker; the dialog closes when it is stored."""
        if self.writing.saving:
            return
        db, thresholds = self.db, self.thresholds()
        self.writing.write(
            lambda: service.set_outreach_thresholds(db, thresholds), lambda _none: self.accept()
        )

    def reject(self) -> None:
        if not self.writing.saving:
            super().reject()
