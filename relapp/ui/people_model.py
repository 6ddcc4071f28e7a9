"""The people list: a table model that knows how many people the list shows and holds
the pages of them read so far.

A search (on the task runner) hands over the count and the first page of rows, and
the page of the person to keep selected; a page scrolled to later is asked for with
``fetch_page(generation, page)`` (the panel reads it on the worker) and arrives with
``set_page``; its cells are blank until then. Nothing on the GUI thread grows with the
number of people: a million found is a count and a hundred rows. Rows forgotten after
an edit are read again by id, one page at a time (bounded), where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Signal

from relapp.domain.dates import long_weekday_day_clock_text
from relapp.domain.i18n import N_, _
from relapp.domain.timefmt import relative
from relapp.ui.qt_values import ASCENDING, DISPLAY_ROLE, HORIZONTAL, TOOLTIP_ROLE, USER_ROLE
from relapp.ui.widgets.one_call_cells import OneCallCells
from relapp.ui.widgets.user_text import escape_tooltip

if TYPE_CHECKING:  # the rows are made on the worker; the model is loaded before them
    from PySide6.QtCore import Qt

    from relapp.domain.model import PersonRow

PAGE = 100
CACHE_PAGES = 50  # pages held (5,000 rows); past that, those far from the one read go
MANY_CHANGED = 64
# The roles as ints (``qt_values``: the model is made before the first paint).
PERSON_ID_ROLE = USER_ROLE + 1
# Qt asks each cell for seven or so roles per paint; the others are answered at once.
_ANSWERED = frozenset({DISPLAY_ROLE, TOOLTIP_ROLE, PERSON_ID_ROLE})
_COLUMNS = 3

Index = QModelIndex | QPersistentModelIndex
RowFetcher = Callable[[Sequence[int]], "dict[int, PersonRow]"]
PageFetcher = Callable[[int, int], None]  # (generation, page number)


class PeopleListModel(OneCallCells, QAbstractTableModel):
    NAME, ORGANISATION, LAST_CONTACT = range(_COLUMNS)
    HEADERS = (N_("Name"), N_("Organisation"), N_("Last contact"))

    sortRequested = Signal(int, int)  # the column, and Qt.SortOrder's value

    def __init__(
        self, fetch_rows: RowFetcher, parent=None, *, fetch_page: PageFetcher | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._fetch_page = fetch_page
        self._count = 0
        self._pages: dict[int, tuple[int, ...]] = {}  # page number -> its ids
        self._asked: set[int] = set()  # pages asked for and not come yet
        self._rows: dict[int, PersonRow] = {}
        self.generation = 0  # which result the pages belong to
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    # --- content -------------------------------------------------------------
    def set_result(self, count: int, pages: Mapping[int, Sequence[PersonRow]]) -> None:
        """Show ``count`` people, of whom these pages (page number -> its rows in
        order) are read. Pages asked for before are no longer wanted."""
        self.beginResetModel()
        self.generation += 1
        self._count = count
        self._pages.clear()
        self._asked.clear()
        self._rows.clear()
        for number, rows in pages.items():
            self._store(number, rows)
        self.endResetModel()

    def grow(self, count: int) -> None:
        """The list has ``count`` rows now, more than it had (a search counted in full
        after it was shown): rows added at the end, the pages read kept."""
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()

    def set_ids(self, ids: Sequence[int], rows: Mapping[int, PersonRow] | None = None) -> None:
        """Show these people, in this order (every page known); ``rows``: some of them
        already read. For a few people (tests, pickers); a search uses ``set_result``."""
        self.beginResetModel()
        self.generation += 1
        self._count = len(ids)
        self._pages = {n // PAGE: tuple(ids[n : n + PAGE]) for n in range(0, len(ids), PAGE)}
        self._asked.clear()
        self._rows = dict(rows or {})
        self.endResetModel()

    def set_page(self, generation: int, number: int, rows: Sequence[PersonRow]) -> None:
        """A page asked for with ``fetch_page`` has been read (ignored when the list
        changed since). Other pages asked for and not come are asked again if shown."""
        if generation != self.generation:
            return
        missed = self._asked - {number}
        self._asked.clear()
        if len(self._pages) >= CACHE_PAGES:  # keep the top and the pages near this one
            self._pages = {
                n: ids for n, ids in self._pages.items() if n == 0 or abs(n - number) < 5
            }
            kept = {pid for ids in self._pages.values() for pid in ids}
            self._rows = {pid: row for pid, row in self._rows.items() if pid in kept}
        self._store(number, rows)
        for page in (number, *missed):
            self._changed(page * PAGE, min(self._count, (page + 1) * PAGE) - 1)

    def _store(self, number: int, rows: Sequence[PersonRow]) -> None:
        self._pages[number] = tuple(row.id for row in rows)
        self._rows.update((row.id, row) for row in rows)

    def _changed(self, first: int, last: int) -> None:
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.HEADERS) - 1))

    def count(self) -> int:
        return self._count

    def ids(self, limit: int | None = None) -> list[int]:
        """The ids of the pages read, in list order (the first ``limit`` of them)."""
        found: list[int] = []
        for number in sorted(self._pages):
            found.extend(self._pages[number])
            if limit is not None and len(found) >= limit:
                return found[:limit]
        return found

    def id_at(self, row: int) -> int | None:
        """The person at ``row``; None when out of range or not read yet."""
        if not 0 <= row < self._count:
            return None
        page = self._pages.get(row // PAGE)
        if page is None or row % PAGE >= len(page):
            return None
        return page[row % PAGE]

    def row_of(self, person_id: int) -> int | None:
        """The row of ``person_id`` among the pages read, or None."""
        for number, ids in self._pages.items():
            if person_id in ids:
                return number * PAGE + ids.index(person_id)
        return None

    def _known(self) -> Iterable[tuple[int, int]]:
        for number, ids in self._pages.items():
            for offset, person_id in enumerate(ids):
                yield number * PAGE + offset, person_id

    def forget(self, person_ids: Sequence[int]) -> None:
        """Drop cached rows (after an edit) so they are read again when shown.

        One pass over the pages read whatever the number of people changed (an import
        may change ten thousand of 100,000); past a few dozen, one signal for all rows."""
        changed = set(person_ids)
        if not changed or not self._count:
            return
        for person_id in changed:
            self._rows.pop(person_id, None)
        if len(changed) > MANY_CHANGED:
            self._changed(0, self._count - 1)
            return
        for row, person_id in self._known():
            if person_id in changed:
                self._changed(row, row)

    def _row(self, row: int) -> PersonRow | None:
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked and self._fetch_page is not None:
                self._asked.add(number)
                self._fetch_page(self.generation, number)
            return None
        if row % PAGE >= len(page):
            return None
        person_id = page[row % PAGE]
        cached = self._rows.get(person_id)
        if cached is not None:
            return cached
        self._rows.update(self._fetch_rows(page))  # forgotten after an edit: by id
        return self._rows.get(person_id)

    # --- Qt model API --------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        """The columns' names (for accessibility: the list's header shows ``labels()``,
        so that painting it needs neither Python nor the ``Qt`` namespace)."""
        if orientation.value == HORIZONTAL and role == DISPLAY_ROLE:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    @classmethod
    def labels(cls) -> list[str]:
        """The columns' names, in the language in use."""
        return [_(header) for header in cls.HEADERS]

    # No ``flags()``: Qt's own answer (enabled, selectable, no children) is the list's;
    # asked for every cell of every paint, it would enter Python once more a cell.

    def cell_text(self, row: int, column: int) -> str | None:
        """What the cell shows (its page asked for and None while not read yet): for
        the list's painter (``list_delegate``), without an index or a role."""
        person = self._row(row) if 0 <= row < self._count else None
        return None if person is None else self._text(person, column)

    def multiData(self, index: Index, roles: Any) -> None:  # a QModelRoleDataSpan
        """A cell's roles at once, as a paint asks for them (seven, of which only the
        text is the list's): the row looked up once, no call per role."""
        row = index.row()
        person = self._row(row) if 0 <= row < self._count else None
        column = index.column()
        for role_data in roles:
            role = role_data.role()
            if role == DISPLAY_ROLE and person is not None:
                role_data.setData(self._text(person, column))
            elif role == PERSON_ID_ROLE or (role == TOOLTIP_ROLE and person is not None):
                value = self.data(index, role)
                role_data.clearData() if value is None else role_data.setData(value)
            else:
                role_data.clearData()

    def _text(self, person: PersonRow, column: int) -> str:
        if column == self.NAME:
            return person.display_name
        if column == self.ORGANISATION:
            return person.organisation
        return relative(person.last_contact_at, self.now())

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> object:
        if role not in _ANSWERED or not index.isValid():
            return None
        row = index.row()
        if not (0 <= row < self._count):
            return None
        if role == PERSON_ID_ROLE:
            return self.id_at(row)
        column = index.column()
        person = self._row(row)
        if person is None:
            return None
        if column in (self.NAME, self.ORGANISATION):
            text = person.display_name if column == self.NAME else person.organisation
            if role == TOOLTIP_ROLE:  # the whole text where "…" cuts it
                return escape_tooltip(text) if text else None  # rich text: kept literal
            return text
        if column == self.LAST_CONTACT:
            if role == TOOLTIP_ROLE and person.last_contact_at is not None:
                local = person.last_contact_at.astimezone()
                return _("Last contact {when}").format(when=long_weekday_day_clock_text(local))
            return relative(person.last_contact_at, self.now())
        return None

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Sorting happens in the database; ask whoever owns the search to redo it."""
        self.sortRequested.emit(column, ASCENDING if order is None else order.value)
