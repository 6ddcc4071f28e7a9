"""The people list: a lazy table model that holds ids and fetches rows in pages.

The ordered id list comes from a background search, as an ``array`` of 8 bytes a
person (a list of a million Python ints is 36 MB, and freeing it on the GUI thread took
tens of milliseconds a keystroke); the search hands over the first page of rows with
it, and the rows scrolled to later are read a page at a time by primary key.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from relapp.domain.dates import long_weekday_day_clock_text
from relapp.domain.i18n import N_, _
from relapp.domain.timefmt import relative
from relapp.ui.widgets.one_call_cells import OneCallCells
from relapp.ui.widgets.user_text import escape_tooltip

if TYPE_CHECKING:  # the rows are made on the worker; the model is loaded before them
    from relapp.domain.model import PersonRow

PAGE = 100
CACHE_LIMIT = 5_000
MANY_CHANGED = 64
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
# Qt asks each cell for seven or so roles per paint; the others are answered at once.
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, int(PERSON_ID_ROLE)})
_COLUMNS = 3

Index = QModelIndex | QPersistentModelIndex
RowFetcher = Callable[[Sequence[int]], "dict[int, PersonRow]"]


class PeopleListModel(OneCallCells, QAbstractTableModel):
    NAME, ORGANISATION, LAST_CONTACT = range(_COLUMNS)
    HEADERS = (N_("Name"), N_("Organisation"), N_("Last contact"))

    sortRequested = Signal(int, Qt.SortOrder)

    def __init__(self, fetch_rows: RowFetcher, parent=None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: array[int] = array("q")
        self._rows: dict[int, PersonRow] = {}
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    # --- content -------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], rows: Mapping[int, PersonRow] | None = None) -> None:
        """Show these people, in this order; ``rows``: some of them already read (the
        first page, read by the search's task)."""
        self.beginResetModel()
        self._ids = ids if isinstance(ids, array) else array("q", ids)
        self._rows.clear()
        if rows:
            self._rows.update(rows)
        self.endResetModel()

    def ids(self, limit: int | None = None) -> list[int]:
        """The ids in list order (the first ``limit`` of them)."""
        return (self._ids if limit is None else self._ids[:limit]).tolist()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: int) -> int | None:
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

    def forget(self, person_ids: Sequence[int]) -> None:
        """Drop cached rows (after an edit) so they are read again when shown.

        One pass over the list whatever the number of people changed (an import may
        change ten thousand of 100,000); past a few dozen, one signal for all rows."""
        changed = set(person_ids)
        if not changed or not self._ids:
            return
        for person_id in changed:
            self._rows.pop(person_id, None)
        last_column = len(self.HEADERS) - 1
        if len(changed) > MANY_CHANGED:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, last_column))
            return
        for row, person_id in enumerate(self._ids):
            if person_id in changed:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def _row(self, row: int) -> PersonRow | None:
        person_id = self._ids[row]
        cached = self._rows.get(person_id)
        if cached is not None:
            return cached
        if len(self._rows) > CACHE_LIMIT:
            self._rows.clear()
        start = row - row % PAGE
        page = self._ids[start : start + PAGE]
        self._rows.update(self._fetch_rows(page))
        return self._rows.get(person_id)

    # --- Qt model API --------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    # No ``flags()``: Qt's own answer (enabled, selectable, no children) is the list's;
    # asked for every cell of every paint, it would enter Python once more a cell.

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ANSWERED or not index.isValid():
            return None
        row = index.row()
        if not (0 <= row < len(self._ids)):
            return None
        if role == PERSON_ID_ROLE:
            return self._ids[row]
        column = index.column()
        person = self._row(row)
        if person is None:
            return None
        if column in (self.NAME, self.ORGANISATION):
            text = person.display_name if column == self.NAME else person.organisation
            if role == Qt.ItemDataRole.ToolTipRole:  # the whole text where "…" cuts it
                return escape_tooltip(text) if text else None  # rich text: kept literal
            return text
        if column == self.LAST_CONTACT:
            if role == Qt.ItemDataRole.ToolTipRole and person.last_contact_at is not None:
                local = person.last_contact_at.astimezone()
                return _("Last contact {when}").format(when=long_weekday_day_clock_text(local))
            return relative(person.last_contact_at, self.now())
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the database; ask whoever owns the search to redo it."""
        self.sortRequested.emit(column, order)
