"""One person's history, newest first, paged in as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from relapp.domain.dates import day_clock_text
from relapp.domain.model import HistoryEntry
from relapp.domain.timefmt import relative

PAGE = 50
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
PageFetcher = Callable[[int, int], list[HistoryEntry]]


class HistoryModel(QAbstractListModel):
    """Holds the entries fetched so far; ``fetchMore`` reads the next page."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fetch: PageFetcher | None = None
        self._total: int | None = 0  # None: not counted yet (``set_total``)
        self._more = False  # while not counted: the last page read was full
        self._entries: list[HistoryEntry] = []
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def load(self, fetch: PageFetcher | None, total: int | None, first: int = PAGE) -> None:
        """``first``: how many entries to read at once (the first screen's); the rest
        come a page at a time as the view asks (``fetchMore``). ``total`` None: not
        counted yet; known once a page comes back short, or from ``set_total``."""
        self.beginResetModel()
        self._fetch = fetch
        self._total = total if fetch is not None else 0
        self._more = fetch is not None
        self._entries = []
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self._read(first)

    @property
    def total(self) -> int | None:
        """How many entries there are, None while not counted."""
        return self._total

    def set_total(self, total: int) -> None:
        """The count, read apart (on the worker)."""
        self._total = max(total, len(self._entries))

    def entry(self, row: int) -> HistoryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of_interaction(self, interaction_id: int) -> int | None:
        """Where an interaction is, reading further pages if needed."""
        while True:
            for row, entry in enumerate(self._entries):
                if entry.interaction.id == interaction_id:
                    return row
            if not self.canFetchMore(QModelIndex()):
                return None
            self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid():
            return False
        return self._more if self._total is None else len(self._entries) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._read(PAGE)

    def _read(self, count: int) -> None:
        if self._fetch is None:
            return
        page = self._fetch(len(self._entries), count)
        if len(page) < count:  # the end: counted now
            self._total, self._more = len(self._entries) + len(page), False
        if not page:
            return
        start = len(self._entries)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._entries.extend(page)
        self.endInsertRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        interaction = entry.interaction
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return interaction.summary or interaction.channel.label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            when = day_clock_text(interaction.occurred_at.astimezone())
            return (
                f"{when} ({relative(interaction.occurred_at, self.now())}), "
                f"{interaction.channel.label}, {interaction.direction.label}: "
                f"{interaction.summary}"
            )
        if role == Qt.ItemDataRole.ToolTipRole:  # how long ago, as every view says it
            return relative(interaction.occurred_at, self.now())
        return None
