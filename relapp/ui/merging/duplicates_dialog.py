"""Possible duplicates: pairs of people you have who may be one person, with the evidence.

The pairs are found on the task runner (the matching rules over everyone); each row
offers "Merge…" (the side-by-side confirmation) and "Not the same person" (remembered
in the database, so the pair is not offered again). The window stays usable beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.model import PersonRow
from relapp.services import merging
from relapp.services.merging import DuplicatePair
from relapp.storage import Database
from relapp.ui.merging.confirm_dialog import plain
from relapp.ui.tasks import TaskRunner

TASK_KEY = "possible-duplicates"


def _who(row: PersonRow) -> str:
    return f"{row.display_name} · {row.organisation}" if row.organisation else row.display_name


class PairRow(QFrame):
    """One pair: both people, why they may be one, and the two answers."""

    def __init__(self, pair: DuplicatePair) -> None:
        super().__init__()
        self.setObjectName("duplicatePair")
        self.setStyleSheet("QFrame#duplicatePair { border-bottom: 1px solid palette(mid); }")
        self.pair = pair
        self.first_label = plain(_who(pair.first), bold=True)
        self.second_label = plain(_who(pair.second), bold=True)
        self.and_label = QLabel("and")
        self.and_label.setTextFormat(Qt.TextFormat.PlainText)
        certainty = "Likely the same person" if pair.strong else "Possibly the same person"
        self.evidence_label = plain(f"{certainty}: {'; '.join(pair.reasons)}")
        self.evidence_label.setStyleSheet("font-style: italic;")
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip("Compare both side by side and choose whom to keep")
        self.apart_button = QPushButton("Not the same person")
        self.apart_button.setToolTip("Do not offer this pair again")
        names = QHBoxLayout()
        names.addWidget(self.first_label)
        names.addWidget(self.and_label)
        names.addWidget(self.second_label)
        names.addStretch(1)
        text = QVBoxLayout()
        text.addLayout(names)
        text.addWidget(self.evidence_label)
        buttons = QVBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.apart_button)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)


class DuplicatesDialog(QDialog):
    """The list of possible duplicates; ``refresh()`` looks again."""

    mergeRequested = Signal(int, int)  # the two person ids
    notSameRequested = Signal(int, int)
    loaded = Signal()

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._runner = db, runner
        self.setWindowTitle("Possible Duplicates")
        self.setModal(False)
        self.rows: list[PairRow] = []
        self.is_loaded = False
        self.status_label = plain("Looking for people who may be one person…")
        self._box = QWidget()
        self._rows_layout = QVBoxLayout(self._box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(0)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._box)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)

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
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for pair in pairs:
            row = PairRow(pair)
            a, b = pair.ids
            row.merge_button.clicked.connect(
                lambda _=False, a=a, b=b: self.mergeRequested.emit(a, b)
            )
            row.apart_button.clicked.connect(
                lambda _=False, a=a, b=b: self.notSameRequested.emit(a, b)
            )
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
            self.rows.append(row)
        n = len(pairs)
        if n == 0:
            self.status_label.setText("No possible duplicates: everyone looks like one person.")
        else:
            noun = "pair" if n == 1 else "pairs"
            self.status_label.setText(
                f"{n:,} {noun} of people who may be one person, most certain first."
            )
        self.is_loaded = True
        self.loaded.emit()

    def drop_pair(self, first_id: int, second_id: int) -> None:
        """Take a pair off the list at once (its answer is being saved)."""
        wanted = {first_id, second_id}
        for row in [r for r in self.rows if set(r.pair.ids) == wanted]:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()

    def pair_names(self) -> list[tuple[str, str]]:
        return [(r.pair.first.display_name, r.pair.second.display_name) for r in self.rows]

    def _failed(self, error: BaseException) -> None:
        self.status_label.setText(f"Could not look for duplicates: {error}")
        self.is_loaded = True
        self.loaded.emit()
