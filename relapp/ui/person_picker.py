"""Pick people by typing part of a name: results as you type, chosen people as chips.

The search runs on the task runner (latest keystroke wins); the GUI thread only shows
the few rows that came back. Up/Down move in the results, Enter picks, Escape closes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.domain.model import PersonRow
from relapp.services import people
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.flow_layout import FlowLayout

RESULT_LIMIT = 8
VISIBLE_ROWS = 6
_ID_ROLE = Qt.ItemDataRole.UserRole
_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
_keys = itertools.count(1)

_CHIP_STYLE = (
    "QFrame#personChip { background: $chip_background; border: 1px solid $chip_border;"
    " border-radius: 10px; }"
    " QFrame#personChip QLabel { color: $chip_text; background: transparent; }"
    " QFrame#personChip QToolButton { border: none; color: $chip_text; }"
)


def search_people(db: Database, text: str, skip: frozenset[int], limit: int) -> list[PersonRow]:
    """The first ``limit`` people matching ``text``, leaving out ``skip`` (worker thread)."""
    ids = [pid for pid in people.list_people(db, text) if pid not in skip][:limit]
    rows = people.person_rows(db, ids)
    return [rows[pid] for pid in ids if pid in rows]


class PersonResults(QListWidget):
    """The few people found under a picker's search box, kept short, driven from the box
    with Up/Down, Enter and Escape. Each item carries a person id and name; a picker may
    add one more item of its own at the end (e.g. "Add … as a new person")."""

    def __init__(self, visible_rows: int = VISIBLE_ROWS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._visible_rows = visible_rows
        self.setAccessibleName(_("Matching people"))
        self.hide()

    @staticmethod
    def item_for(person_id: int, name: str, shown: str) -> QListWidgetItem:
        item = QListWidgetItem(shown)
        item.setData(_ID_ROLE, person_id)
        item.setData(_NAME_ROLE, name)
        return item

    @staticmethod
    def person_of(item: QListWidgetItem) -> tuple[int, str]:
        return int(item.data(_ID_ROLE)), str(item.data(_NAME_ROLE))

    def show_rows(self, rows: Sequence[PersonRow], extra: QListWidgetItem | None = None) -> None:
        """People (name · organisation), then ``extra``; hidden when there is nothing."""
        self.clear()
        for row in rows:
            shown = (
                f"{row.display_name} · {row.organisation}" if row.organisation else row.display_name
            )
            self.addItem(self.item_for(row.id, row.display_name, shown))
        if extra is not None:
            self.addItem(extra)
        count = self.count()
        if count:
            self.setCurrentRow(0)
            shown_rows = min(count, self._visible_rows)
            self.setFixedHeight(shown_rows * self.sizeHintForRow(0) + 2 * self.frameWidth())
        self.setVisible(count > 0)

    def names(self) -> list[str]:
        """What the list shows, top to bottom."""
        return [self.item(i).text() for i in range(self.count())]

    def key_pressed(self, key: int, typed: bool, pick: Callable[[QListWidgetItem], None]) -> bool:
        """A key pressed in the search box; True when it was used here. Enter with a
        half-typed name is used even with nothing to pick, so it does not also press the
        dialog's default button (``typed``: the box holds text)."""
        showing = self.isVisible() and self.count() > 0
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and showing:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.setCurrentRow(min(max(self.currentRow() + step, 0), self.count() - 1))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if showing:
                pick(self.currentItem() or self.item(0))
            return typed
        if key == Qt.Key.Key_Escape and showing:
            self.show_rows([])
            return True
        return False


class PersonChip(QFrame):
    """A chosen person: the name (plain text) and a button to remove them."""

    def __init__(self, person_id: int, name: str) -> None:
        super().__init__()
        self.setObjectName("personChip")
        theme.set_style(self, _CHIP_STYLE)
        self.person_id = person_id
        self.label = QLabel(name)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove {name}").format(name=name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)


class PersonPicker(QWidget):
    """Choose several people; ``selected_ids()`` in the order they were chosen."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        exclude: Iterable[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._exclude = frozenset(exclude)
        self._key = f"person-picker-{next(_keys)}"
        self._stopped = False
        self.chips: dict[int, PersonChip] = {}

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Type a name to add someone…"))
        self.search_edit.setAccessibleName(_("Add a person"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.results = PersonResults()
        self._chips_box = QWidget()
        self._chips_layout = FlowLayout(self._chips_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)
        layout.addWidget(self._chips_box)

        self.search_edit.textChanged.connect(self._search)
        self.results.itemActivated.connect(self._pick_item)
        self.results.itemClicked.connect(self._pick_item)

    # --- chosen people --------------------------------------------------------------
    def selected_ids(self) -> tuple[int, ...]:
        return tuple(self.chips)

    def set_people(self, chosen: Sequence[tuple[int, str]]) -> None:
        """Replace the chosen people with ``(id, name)`` pairs."""
        for pid in list(self.chips):
            self.remove_person(pid, notify=False)
        for pid, name in chosen:
            self.add_person(pid, name, notify=False)
        self.changed.emit()

    def add_person(self, person_id: int, name: str, *, notify: bool = True) -> None:
        if person_id in self.chips or person_id in self._exclude:
            return
        chip = PersonChip(person_id, name)
        chip.remove_button.clicked.connect(lambda: self.remove_person(person_id))
        self._chips_layout.addWidget(chip)
        self.chips[person_id] = chip
        self._chips_box.updateGeometry()
        if notify:
            self.changed.emit()

    def remove_person(self, person_id: int, *, notify: bool = True) -> None:
        chip = self.chips.pop(person_id, None)
        if chip is None:
            return
        self._chips_layout.removeWidget(chip)
        chip.setParent(None)
        chip.deleteLater()
        self._chips_box.updateGeometry()
        self.refresh()  # they can be offered again
        if notify:
            self.search_edit.setFocus()
            self.changed.emit()

    def refresh(self) -> None:
        """Search again for what is typed (the people to leave out changed)."""
        if self.search_edit.text().strip():
            self._search(self.search_edit.text())

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.search_edit, self.results]
        chain += [chip.remove_button for chip in self.chips.values()]
        return chain

    def stop(self) -> None:
        """Ignore searches still under way (the dialog is closing)."""
        self._stopped = True

    # --- searching ------------------------------------------------------------------
    def _search(self, text: str) -> None:
        text = text.strip()
        if self._stopped:
            return
        if not text:
            # Supersede any search still under way so its answer cannot show up late.
            self._runner.submit(lambda: None, key=self._key)
            self._show_results([])
            return
        db, skip = self._db, self._exclude | set(self.chips)
        self._runner.submit(
            lambda: search_people(db, text, frozenset(skip), RESULT_LIMIT),
            lambda rows: self._searched(text, rows),
            key=self._key,
        )

    def _searched(self, text: str, rows: list[PersonRow]) -> None:
        if not self._stopped and text == self.search_edit.text().strip():
            self._show_results([r for r in rows if r.id not in self.chips])

    def _show_results(self, rows: Sequence[PersonRow]) -> None:
        self.results.show_rows(rows)

    def _pick_item(self, item: QListWidgetItem) -> None:
        self.add_person(*PersonResults.person_of(item))
        self.search_edit.clear()
        self.search_edit.setFocus()

    def result_names(self) -> list[str]:
        """What the results list shows, top to bottom."""
        return self.results.names()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key_pressed(event.key())
        return super().eventFilter(watched, event)

    def _key_pressed(self, key: int) -> bool:
        """True when the key was used here (so Enter does not also save the dialog)."""
        typed = bool(self.search_edit.text().strip())
        return self.results.key_pressed(key, typed, self._pick_item)
