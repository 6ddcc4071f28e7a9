"""File ▸ Imports…: every import, newest first, each of which can be undone as a whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.importing.records import ImportBatch

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%-d %b %Y %H:%M") if moment is not None else ""


class BatchesDialog(QDialog):
    """Lists imports; ``Undo Import`` calls ``on_undo(batch)`` for the selected one."""

    COLUMNS = ("When", "File", "Created", "Merged", "Skipped", "Errors", "State")

    def __init__(
        self,
        batches: Sequence[ImportBatch],
        on_undo: Callable[[ImportBatch], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Imports")
        self._on_undo = on_undo
        self.batches: list[ImportBatch] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            "Nothing imported yet. Drop .vcf files on the window, or use File ▸ Import…."
        )
        self.empty.setWordWrap(True)
        self.undo_button = QPushButton("Undo Import…")
        self.undo_button.setToolTip(
            "Remove the people this import added and take back what it merged"
        )
        self.undo_button.clicked.connect(self._undo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.set_batches(batches)
        self.resize(760, 360)

    def set_batches(self, batches: Sequence[ImportBatch]) -> None:
        self.batches = list(batches)
        self.table.setRowCount(len(self.batches))
        for row, batch in enumerate(self.batches):
            state = f"undone {_local(batch.undone_at)}" if batch.undone else ""
            values = (
                _local(batch.imported_at),
                batch.file_name,
                f"{batch.created:,}",
                f"{batch.merged:,}",
                f"{batch.skipped:,}",
                f"{batch.errors:,}",
                state,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)  # a table item shows its text as plain text
                if 2 <= column <= 5:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.table.setVisible(bool(self.batches))
        self.empty.setVisible(not self.batches)
        live = next((r for r, b in enumerate(self.batches) if not b.undone), None)
        if live is not None:
            self.table.selectRow(live)
        self._update_button()

    def selected(self) -> ImportBatch | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and not batch.undone)

    def _undo(self) -> None:
        batch = self.selected()
        if batch is not None and not batch.undone:
            self._on_undo(batch)
