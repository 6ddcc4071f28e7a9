"""Merge Into…: choose the other person by typing part of their name.

The search runs on the task runner (latest keystroke wins), with the person picker's
results list; Enter or a click chooses, and the merge confirmation follows.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.domain.model import PersonRow
from relapp.storage import Database
from relapp.ui.person_picker import RESULT_LIMIT, PersonResults, search_people
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.plain_label import plain_label

_keys = itertools.count(1)


class MergeIntoDialog(QDialog):
    """Whom to merge ``person_id`` with; ``chosen_id`` after ``exec()``."""

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        person_id: int,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._runner = db, runner
        self._person_id = person_id
        self._key = f"merge-into-{next(_keys)}"
        self.chosen_id: int | None = None
        self.setWindowTitle(_("Merge Into"))
        self.prompt: QLabel = plain_label(
            _("Merge {name} with whom? Type part of their name.").format(name=name)
        )
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Name, email, phone…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.prompt.setBuddy(self.search_edit)  # its accessible name: the question
        self.results = PersonResults()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.search_edit.textChanged.connect(self._search)
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        self.resize(420, 320)

    def _search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self._runner.submit(lambda: None, key=self._key)
            self.results.show_rows([])
            return
        db, skip = self._db, frozenset({self._person_id})
        self._runner.submit(
            lambda: search_people(db, text, skip, RESULT_LIMIT),
            lambda rows: self._found(text, rows),
            key=self._key,
        )

    def _found(self, text: str, rows: list[PersonRow]) -> None:
        if self.isVisible() and text == self.search_edit.text().strip():
            self.results.show_rows(rows)

    def result_names(self) -> list[str]:
        return self.results.names()

    def _pick(self, item: QListWidgetItem) -> None:
        self.chosen_id, _name = PersonResults.person_of(item)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            typed = bool(self.search_edit.text().strip())
            return self.results.key_pressed(event.key(), typed, self._pick)
        return super().eventFilter(watched, event)
