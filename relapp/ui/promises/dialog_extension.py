"""The log-interaction dialog, extended: gentle outreach warnings while you log an
outbound contact, and "…and I promised to: call back / send / meet" with a due time,
stored when the interaction is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)
from shiboken6 import isValid

from relapp.domain.errors import RelappError
from relapp.domain.model import Channel, Direction, Interaction
from relapp.domain.outreach import OutreachWarning
from relapp.domain.promises import DueChoice, PromiseDraft, Promiser
from relapp.services import outreach
from relapp.services import promises as service
from relapp.ui import icons
from relapp.ui.errors import show_error
from relapp.ui.interaction_dialog import InteractionDialog, from_qdatetime
from relapp.ui.promises.clock import Clock, system_now
from relapp.ui.promises.due_chooser import DueChooser

if TYPE_CHECKING:
    from relapp.ui.promises.feature import PromisesFeature

# (verb, the channel the promise will use; None: the channel just used)
PROMISE_VERBS: tuple[tuple[str, Channel | None], ...] = (
    ("call back", Channel.CALL),
    ("send", None),
    ("meet", Channel.MEETING),
)
_SENDING = frozenset({Channel.EMAIL, Channel.MESSAGE, Channel.LETTER, Channel.SOCIAL})


class OutreachWarnings(QFrame):
    """Warnings shown above the dialog's buttons; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outreach-warnings")
        self.setStyleSheet(
            "#outreach-warnings { background: #fff4e0; border: 1px solid #f0c36d;"
            " border-radius: 4px; }"
        )
        self.icon = QLabel()
        self.icon.setPixmap(icons.icon("warning").pixmap(20, 20))
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #5d4000;")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.warnings: list[OutreachWarning] = []
        self.hide()

    def set_warnings(self, warnings: list[OutreachWarning]) -> None:
        self.warnings = warnings
        self.text.setText("\n".join(w.message for w in warnings))
        self.setVisible(bool(warnings))


class PromiseOnSave(QWidget):
    """ "…and I promised to: [call back ▾] [what] [when ▾]"."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox("…and I &promised to:")
        self.verb = QComboBox()
        for verb, channel in PROMISE_VERBS:
            self.verb.addItem(verb, channel)
        self.what = QLineEdit()
        self.what.setPlaceholderText("e.g. the pricing, about the renewal")
        self.due = DueChooser(clock, self, DueChoice.TOMORROW_MORNING)
        self.by_label = QLabel("by")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.check, 0, 0)
        grid.addWidget(self.verb, 0, 1)
        grid.addWidget(self.what, 0, 2)
        grid.addWidget(self.by_label, 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.due, 1, 1, 1, 2)
        grid.setColumnStretch(2, 1)
        self.check.toggled.connect(self._enable)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for widget in (self.verb, self.what, self.due, self.by_label):
            widget.setEnabled(on)
        if on:
            self.what.setFocus()

    def text(self) -> str:
        return " ".join(f"{self.verb.currentText()} {self.what.text()}".split())

    def channel(self, used: Channel) -> Channel | None:
        data = self.verb.currentData()
        if data is not None:
            return Channel(data)
        return used if used in _SENDING else Channel.EMAIL

    def draft(self, person_id: int, used: Channel) -> PromiseDraft:
        channel = self.channel(used)
        return PromiseDraft(person_id, Promiser.ME, self.text(), channel, self.due.due_at())


def _feature_for(dialog: InteractionDialog) -> PromisesFeature | None:
    from relapp.ui.promises.feature import feature_of

    parent = dialog.parentWidget()
    return feature_of(parent) if parent is not None else None


def extend(dialog: InteractionDialog) -> None:
    """Add the outreach warnings and the promise row to a new interaction dialog."""
    feature = _feature_for(dialog)
    clock = feature.clock if feature is not None else system_now
    warnings = OutreachWarnings(dialog)
    promise = PromiseOnSave(clock, dialog)
    dialog.extras.addWidget(warnings)
    dialog.extras.addWidget(promise)
    dialog.outreach_warnings = warnings  # type: ignore[attr-defined]
    dialog.promise_row = promise  # type: ignore[attr-defined]
    check = _checker(dialog, warnings)
    dialog.changed.connect(check)
    check()

    def saved(interaction: Interaction) -> None:
        if not promise.check.isChecked():
            return
        try:
            service.create_promise(
                dialog.db, promise.draft(dialog.main_id, interaction.channel), now=clock()
            )
        except RelappError as exc:
            show_error(dialog, exc)
            return
        if feature is not None:
            feature.promises_changed()

    dialog.saved.connect(saved)


def _checker(dialog: InteractionDialog, box: OutreachWarnings) -> Callable[[], None]:
    """Check off the GUI thread; the newest check wins."""
    db, person_id = dialog.db, dialog.main_id
    editing = dialog.original.id if dialog.original is not None else None

    def check() -> None:
        direction = dialog.direction()
        if direction is not Direction.OUTBOUND:
            box.set_warnings([])
            return
        channel = dialog.channel()
        when: datetime = from_qdatetime(dialog.when_edit.dateTime())
        dialog.runner.submit(
            lambda: outreach.warnings_for(
                db, person_id, channel, when, direction, exclude_interaction_id=editing
            ),
            show,
            key=f"outreach-check-{id(dialog)}",
        )

    def show(found: list[OutreachWarning]) -> None:
        if isValid(box):  # the dialog may have closed meanwhile
            box.set_warnings(found)

    return check
