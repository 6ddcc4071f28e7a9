"""The people a capture offers as new, as a checkable list whose rows are made only
when shown: a capture of 100,000 mails offers a thousand and more, and one item per
person made up front on the GUI thread took longer than a frame."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from relapp.domain.capture.me import shown
from relapp.domain.capture.plan import NewPerson
from relapp.domain.dates import number_text
from relapp.domain.i18n import ngettext

_Index = QModelIndex | QPersistentModelIndex
_CHECK = Qt.ItemDataRole.CheckStateRole


def offer_text(person: NewPerson) -> str:
    """ "Nina Ng <nina@example.net> — you wrote to them 2 times"."""
    who = f"{person.name} <{shown(person.key)}>" if person.name else shown(person.key)
    if not person.written_to:
        return who
    return who + ngettext(
        " — you wrote to them {n} time", " — you wrote to them {n} times", person.written_to
    ).format(n=number_text(person.written_to))


class OfferedModel(QAbstractListModel):
    """One row per offered person, unticked at first (new people are off by default)."""

    def __init__(self, offered: Sequence[NewPerson], parent: Any = None) -> None:
        super().__init__(parent)
        self._people = tuple(offered)
        self.ticked: set[int] = set()  # placeholders

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._people)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return offer_text(person)
        if role == _CHECK:
            ticked = person.placeholder in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return person.placeholder
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != _CHECK or not index.isValid():
            return False
        checked = Qt.CheckState.Checked
        placeholder = self._people[index.row()].placeholder
        if value == checked or value == checked.value:
            self.ticked.add(placeholder)
        else:
            self.ticked.discard(placeholder)
        self.dataChanged.emit(index, index, [_CHECK])
        return True

    def chosen(self) -> list[int]:
        """The ticked placeholders, in the list's order."""
        return [p.placeholder for p in self._people if p.placeholder in self.ticked]
