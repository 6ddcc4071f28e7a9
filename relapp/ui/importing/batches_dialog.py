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

from relapp.domain.dates import day_clock_text, number_text
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.importing.records import ImportBatch

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _local(moment: datetime | None) -> str:
    return day_clock_text(moment.astimezone()) if moment is not None else ""


def history_text(batch: ImportBatch) -> str:
    """What a capture did to the history: "12 entries added, 3 grown" (grown: days
    captured before that had new messages, whose one entry took them in)."""
    added, grown = batch.interactions, batch.grown
    parts = []
    if added:
        parts.append(
            ngettext("{n} entry added", "{n} entries added", added).format(n=number_text(added))
        )
    if grown:
        parts.append(
            ngettext("{n} grown", "{n} grown", grown).format(n=number_text(grown))
            if added
            else ngettext("{n} entry grown", "{n} entries grown", grown).format(
                n=number_text(grown)
            )
        )
    return ", ".join(parts)


def undo_details(batch: ImportBatch) -> str:
    """What undoing ``batch`` does, for the question before it: the history entries a
    capture added are removed and those it grew put back as they were; the people it
    added are removed and those it merged into get back what they had (a capture merges
    into nobody, and says nothing of people when it added none)."""
    text = ""
    if batch.interactions:
        text += ngettext(
            "The {n} history entry it captured is removed. ",
            "The {n} history entries it captured are removed. ",
            batch.interactions,
        ).format(n=number_text(batch.interactions))
    if batch.grown:
        text += ngettext(
            "The {n} entry it grew (a day captured before that had new messages) is put "
            "back as it was. ",
            "The {n} entries it grew (days captured before that had new messages) are put "
            "back as they were. ",
            batch.grown,
        ).format(n=number_text(batch.grown))
    if batch.is_capture and not batch.merged:
        if batch.created:
            text += ngettext(
                "The {n} person it added is removed (unless you have since logged something "
                "with or edited them: then archived instead).",
                "The {n} people it added are removed (unless you have since logged something "
                "with or edited them: then archived instead).",
                batch.created,
            ).format(n=number_text(batch.created))
        return text.rstrip()
    return (
        text
        + ngettext(
            "The {n} person it added is removed (anyone you have since logged something "
            "with or edited is archived instead), ",
            "The {n} people it added are removed (anyone you have since logged something "
            "with or edited is archived instead), ",
            batch.created,
        ).format(n=number_text(batch.created))
        + ngettext(
            "and the {n} person it added details to gets back what they had.",
            "and the {n} people it added details to get back what they had.",
            batch.merged,
        ).format(n=number_text(batch.merged))
    )


class BatchesDialog(QDialog):
    """Lists imports; ``Undo Import`` calls ``on_undo(batch)`` for the selected one."""

    COLUMNS = (
        N_("When"),
        N_("File"),
        N_("Created"),
        N_("Merged"),
        N_("History"),
        N_("Skipped"),
        N_("Errors"),
        N_("State"),
    )

    def __init__(
        self,
        batches: Sequence[ImportBatch],
        on_undo: Callable[[ImportBatch], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Imports"))
        self._on_undo = on_undo
        self.batches: list[ImportBatch] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName(_("Imports"))
        self.table.setHorizontalHeaderLabels([_(title) for title in self.COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            _("Nothing imported yet. Drop .vcf files on the window, or use File ▸ Import….")
        )
        self.empty.setWordWrap(True)
        self.undo_button = QPushButton(_("Undo Import…"))
        self.undo_button.setToolTip(
            _("Remove the people this import added and take back what it merged")
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
            state = _("undone {when}").format(when=_local(batch.undone_at)) if batch.undone else ""
            values = (
                _local(batch.imported_at),
                batch.file_name,
                number_text(batch.created),
                number_text(batch.merged),
                history_text(batch),
                number_text(batch.skipped),
                number_text(batch.errors),
                state,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)  # a table item shows its text as plain text
                if column in (2, 3, 5, 6):
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
