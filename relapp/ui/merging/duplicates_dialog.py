"""Possible duplicates: pairs of people you have who may be one person, with the evidence.

The pairs are found on the task runner (the matching rules over everyone) and shown in
a table (a model over the pairs: 200 rows cost the GUI thread next to nothing, where a
row of widgets each took 14 ms). For the chosen pair: "Merge…" (or a double-click, or
Enter) opens the side-by-side confirmation; "Not the same person" is remembered in the
database, so the pair is not offered again. The window stays usable beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import number_text
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.model import PersonRow
from relapp.services import merging
from relapp.services.merging import DuplicatePair
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.plain_label import plain_label

TASK_KEY = "possible-duplicates"
Index = QModelIndex | QPersistentModelIndex


def who(row: PersonRow) -> str:
    return f"{row.display_name} · {row.organisation}" if row.organisation else row.display_name


def evidence(pair: DuplicatePair) -> str:
    """ "likely: same email carol@x.com; same name": the reasons carry what speaks
    against the pair already ("same name, but different birthday")."""
    reasons = "; ".join(pair.reasons)
    if pair.strong:
        return _("likely: {reasons}").format(reasons=reasons)
    return _("possibly: {reasons}").format(reasons=reasons)


class PairsModel(QAbstractTableModel):
    """The pairs, one per row: first person, second person, evidence (plain text)."""

    HEADERS = (N_("Person"), N_("And"), N_("Why they may be one"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[DuplicatePair] = []

    def set_pairs(self, pairs: Sequence[DuplicatePair]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.endResetModel()

    def remove_pair(self, ids: set[int]) -> None:
        for row in reversed(range(len(self.pairs))):
            if set(self.pairs[row].ids) == ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.pairs[row]
                self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        pair = self.pairs[index.row()]
        column = index.column()
        if column == 0:
            return who(pair.first)
        if column == 1:
            return who(pair.second)
        return evidence(pair)


class DuplicatesDialog(QDialog):
    """The list of possible duplicates; ``refresh()`` looks again."""

    mergeRequested = Signal(int, int)  # the two person ids
    notSameRequested = Signal(int, int)
    loaded = Signal()

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._runner = db, runner
        self.setWindowTitle(_("Possible Duplicates"))
        self.setModal(False)
        self.is_loaded = False
        self.stopped = False  # closed: answers still under way are dropped
        self.status_label = plain_label(_("Looking for people who may be one person…"))
        self.model = PairsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Possible duplicates"))
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 190)
        header.resizeSection(1, 190)
        self.table.doubleClicked.connect(lambda _index: self.merge_current())
        self.table.activated.connect(lambda _index: self.merge_current())
        self.merge_button = QPushButton(_("&Merge…"))
        self.merge_button.setToolTip(_("Compare both side by side and choose whom to keep"))
        self.apart_button = QPushButton(_("&Not the Same Person"))
        self.apart_button.setToolTip(_("Do not offer this pair again (Ctrl+Z takes it back)"))
        self.merge_button.clicked.connect(self.merge_current)
        self.apart_button.clicked.connect(self.apart_current)
        for button in (self.merge_button, self.apart_button):
            button.setAutoDefault(False)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        actions = QHBoxLayout()
        actions.addWidget(self.merge_button)
        actions.addWidget(self.apart_button)
        actions.addStretch(1)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.resize(760, 480)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------
    def refresh(self) -> None:
        self.is_loaded = False
        db = self._db
        self._runner.submit(
            lambda: merging.possible_duplicates(db),
            self.show_pairs,
            self._failed,
            key=TASK_KEY,
        )

    def show_pairs(self, pairs: Sequence[DuplicatePair]) -> None:
        if self.stopped:
            return
        chosen = self.current_pair()
        self.model.set_pairs(pairs)
        n = len(pairs)
        if n == 0:
            self.status_label.setText(_("No possible duplicates: everyone looks like one person."))
        else:
            self.status_label.setText(
                ngettext(
                    "{n} pair of people who may be one person, most certain first. "
                    "Choose one, then Merge… or Not the Same Person.",
                    "{n} pairs of people who may be one person, most certain first. "
                    "Choose one, then Merge… or Not the Same Person.",
                    n,
                ).format(n=number_text(n))
            )
            rows = [i for i, p in enumerate(pairs) if chosen and set(p.ids) == set(chosen.ids)]
            self.table.selectRow(rows[0] if rows else 0)
        self.is_loaded = True
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if self.stopped:
            return
        self.status_label.setText(_("Could not look for duplicates: {error}").format(error=error))
        self.is_loaded = True
        self.loaded.emit()

    # --- the chosen pair -------------------------------------------------------------
    def current_pair(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.pairs):
            return None
        return self.model.pairs[rows[0].row()]

    def select_pair(self, first_id: int, second_id: int) -> bool:
        for row, pair in enumerate(self.model.pairs):
            if set(pair.ids) == {first_id, second_id}:
                self.table.selectRow(row)
                return True
        return False

    def merge_current(self) -> None:
        pair = self.current_pair()
        if pair is not None:
            self.mergeRequested.emit(*pair.ids)

    def apart_current(self) -> None:
        pair = self.current_pair()
        if pair is not None:
            self.notSameRequested.emit(*pair.ids)

    def drop_pair(self, first_id: int, second_id: int) -> None:
        """Take a pair off the list at once (its answer is being saved)."""
        self.model.remove_pair({first_id, second_id})

    def pair_names(self) -> list[tuple[str, str]]:
        return [(p.first.display_name, p.second.display_name) for p in self.model.pairs]

    def _update_buttons(self) -> None:
        chosen = self.current_pair() is not None
        self.merge_button.setEnabled(chosen)
        self.apart_button.setEnabled(chosen)
