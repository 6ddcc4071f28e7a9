"""Choose one person by typing part of their name, or add them on the spot.

The search runs on the task runner (the latest keystroke wins). The results list ends
with "Add “…” as a new person…", which opens the person dialog (with its duplicate
guard) and picks whoever it ends with: the new person, or a known one the guard found.
Up/Down move in the results, Enter picks, Escape closes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.domain.model import PersonRow
from relapp.storage import Database
from relapp.ui.person_picker import PersonChip, PersonResults, search_people
from relapp.ui.tasks import TaskRunner

RESULT_LIMIT = 7
_NEW = -1  # the "add as a new person" row
_keys = itertools.count(1)

# Asked to create a person named by the text typed; returns (id, name) or None.
Creator = Callable[[QWidget, str], tuple[int, str] | None]


class SinglePersonPicker(QWidget):
    """One person, or nobody. ``person_id()`` is the choice; ``changed`` follows it."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        creator: Creator | None = None,
        placeholder: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._creator = creator
        self._key = f"single-picker-{next(_keys)}"
        self._stopped = False
        self._exclude: frozenset[int] = frozenset()
        self._chosen: tuple[int, str] | None = None

        if placeholder is None:
            placeholder = _("Type a name…")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(placeholder)
        self.search_edit.setAccessibleName(placeholder.rstrip("…. "))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.results = PersonResults(visible_rows=6)
        self.chip: PersonChip | None = None
        self._chip_row = QHBoxLayout()
        self._chip_row.setContentsMargins(0, 0, 0, 0)
        self._chip_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._chip_row)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)

        self.search_edit.textChanged.connect(self._search)
        self.results.itemActivated.connect(self._pick_item)
        self.results.itemClicked.connect(self._pick_item)

    # --- the choice -----------------------------------------------------------------
    def person_id(self) -> int | None:
        return self._chosen[0] if self._chosen else None

    def person_name(self) -> str:
        return self._chosen[1] if self._chosen else ""

    def set_person(self, person_id: int | None, name: str = "", *, notify: bool = True) -> None:
        if self.chip is not None:
            self._chip_row.removeWidget(self.chip)
            self.chip.setParent(None)
            self.chip.deleteLater()
            self.chip = None
        self._chosen = (person_id, name) if person_id is not None else None
        if person_id is not None:
            self.chip = PersonChip(person_id, name)
            self.chip.remove_button.clicked.connect(self._cleared)
            self._chip_row.insertWidget(0, self.chip)
            self.search_edit.clear()
            self._show_results([], "")
        self.search_edit.setVisible(person_id is None)
        if notify:
            self.changed.emit()

    def _cleared(self) -> None:
        self.set_person(None)
        self.search_edit.setFocus()

    def set_exclude(self, ids: Iterable[int]) -> None:
        """People not to offer (those already chosen elsewhere in the form)."""
        self._exclude = frozenset(ids)

    def focus_chain(self) -> list[QWidget]:
        if self.chip is not None:
            return [self.chip.remove_button]
        return [self.search_edit, self.results]

    def stop(self) -> None:
        self._stopped = True

    def setFocus(self) -> None:  # type: ignore[override]
        (self.chip.remove_button if self.chip is not None else self.search_edit).setFocus()

    # --- searching ------------------------------------------------------------------
    def _search(self, text: str) -> None:
        text = text.strip()
        if self._stopped:
            return
        if not text:
            self._runner.submit(lambda: None, key=self._key)
            self._show_results([], "")
            return
        db, skip = self._db, self._exclude
        self._runner.submit(
            lambda: search_people(db, text, skip, RESULT_LIMIT),
            lambda rows: self._searched(text, rows),
            key=self._key,
        )

    def _searched(self, text: str, rows: list[PersonRow]) -> None:
        if not self._stopped and text == self.search_edit.text().strip():
            self._show_results(rows, text)

    def _show_results(self, rows: Sequence[PersonRow], text: str) -> None:
        extra = None
        if text and self._creator is not None:
            extra = PersonResults.item_for(
                _NEW, text, _("＋ Add “{name}” as a new person…").format(name=text[:40])
            )
        self.results.show_rows(rows, extra)

    def result_names(self) -> list[str]:
        return self.results.names()

    def _pick_item(self, item: QListWidgetItem) -> None:
        person_id, name = PersonResults.person_of(item)
        if person_id == _NEW:
            self._create(name)
            return
        self.set_person(person_id, name)

    def _create(self, name: str) -> None:
        if self._creator is None:
            return
        made = self._creator(self, name)
        if made is not None:
            self.set_person(*made)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key_pressed(event.key())
        return super().eventFilter(watched, event)

    def _key_pressed(self, key: int) -> bool:
        typed = bool(self.search_edit.text().strip())
        return self.results.key_pressed(key, typed, self._pick_item)
