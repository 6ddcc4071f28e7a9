"""The preview's table: one row per card, with its status, the evidence, and the choice.

Texts are built when a row is drawn, not up front, so a 10,000-card plan opens at once.
The choice column is editable (a combo box of the choices the card allows).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from relapp.domain.i18n import N_, _
from relapp.domain.importing.plan import (
    Choice,
    Decision,
    ImportPlan,
    PlanCounts,
    PlannedCard,
    count,
)
from relapp.ui import theme
from relapp.ui.importing import words
from relapp.ui.widgets.one_call_cells import OneCallCells

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
_LOUD = (Decision.MATCH, Decision.DUPLICATE_IN_FILE, Decision.ERROR)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows user text literally (Qt renders tooltips as rich text)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


class PreviewModel(OneCallCells, QAbstractTableModel):
    CARD, NAME, STATUS, EVIDENCE, CHOICE = range(5)
    HEADERS = (N_("Card"), N_("Name"), N_("Status"), N_("Why"), N_("Action"))

    choicesChanged = Signal()

    def __init__(
        self,
        plan: ImportPlan,
        parent: QObject | None = None,
        now: datetime | None = None,
        defaults: dict[int, Choice] | None = None,  # plan.defaults(), found on the worker
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.now = now or datetime.now(UTC)
        self._defaults = plan.defaults() if defaults is None else defaults
        self._choices: dict[int, Choice] = dict(self._defaults)
        self._several_files = len(plan.files) > 1
        self._bold = QFont()
        self._bold.setBold(True)

    # --- choices ---------------------------------------------------------------------
    def choices(self) -> dict[int, Choice]:
        return dict(self._choices)

    def counts(self) -> PlanCounts:
        return count(self.plan, self._choices)

    def set_choices(self, choices: Mapping[int, Choice]) -> None:
        """Replace every choice (``apply to all``, reset); a card that cannot take a
        choice keeps its own."""
        changed = False
        for card in self.plan.cards:
            choice = choices.get(card.row)
            if choice is not None and choice in card.choices and self._choices[card.row] != choice:
                self._choices[card.row] = choice
                changed = True
        if changed and self.plan.cards:
            self.dataChanged.emit(
                self.index(0, self.CHOICE), self.index(len(self.plan.cards) - 1, self.CHOICE)
            )
            self.choicesChanged.emit()

    def set_choice_for_rows(self, rows: Iterable[int], choice: Choice) -> int:
        """Set ``choice`` on the rows that allow it; how many changed."""
        wanted = {row: choice for row in rows}
        before = dict(self._choices)
        self.set_choices(wanted)
        return sum(1 for row in wanted if before.get(row) != self._choices.get(row))

    def reset(self) -> None:
        self.set_choices(self._defaults)

    def hand_over(self) -> tuple[ImportPlan, dict[int, Choice]]:
        """The plan and the choices made, given up by this model, which is left empty:
        whoever applies the plan holds its last reference and frees it where it runs."""
        plan, choices = self.plan, dict(self._choices)
        self.beginResetModel()
        self.plan = ImportPlan(files=(), cards=())
        self._defaults, self._choices = {}, {}
        self.endResetModel()
        return plan, choices

    # --- Qt model --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.plan.cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation is Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        card = self.plan.cards[index.row()]
        if index.column() == self.CHOICE and card.choices:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def card(self, row: int) -> PlannedCard:
        return self.plan.cards[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.plan.cards):
            return None
        card = self.plan.cards[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(card, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(card, column))
        if role == Qt.ItemDataRole.EditRole and column == self.CHOICE:
            choice = self._choices.get(card.row)
            return choice.value if choice is not None else None
        if role == CHOICE_ROLE:
            return self._choices.get(card.row)
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.FontRole and column == self.STATUS and card.decision in _LOUD:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(card, column)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.CHOICE:
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        card = self.plan.cards[index.row()]
        try:
            choice = Choice(value)
        except ValueError:
            return False
        if choice not in card.choices:
            return False
        if self._choices.get(card.row) != choice:
            self._choices[card.row] = choice
            self.dataChanged.emit(index, index)
            self.choicesChanged.emit()
        return True

    def _text(self, card: PlannedCard, column: int) -> str:
        if column == self.CARD:
            where = words.location(card)
            return f"{card.file} · {where}" if self._several_files else where
        if column == self.NAME:
            if card.draft is None:
                return card.file
            org = card.draft.organisation
            return f"{card.draft.display_name} ({org})" if org else card.draft.display_name
        if column == self.STATUS:
            return words.status(self.plan, card)
        if column == self.EVIDENCE:
            return words.evidence(self.plan, card, self.now)
        if column == self.CHOICE:
            return words.choice_words(card, self._choices.get(card.row), self.plan)
        return ""

    def _tooltip(self, card: PlannedCard, column: int) -> str:
        if column == self.NAME:
            return words.card_summary(card)
        if column in (self.STATUS, self.EVIDENCE):
            if card.error is not None:
                return str(card.error)
            return f"{words.status(self.plan, card)}\n{words.evidence(self.plan, card, self.now)}"
        if column == self.CHOICE and card.choices:
            return _("Double-click to choose: {choices}").format(
                choices=", ".join(c.label for c in card.choices)
            )
        return ""

    def _foreground(self, card: PlannedCard, column: int) -> QBrush | None:
        if card.decision is Decision.ERROR and column in (self.STATUS, self.EVIDENCE):
            return QBrush(theme.colour(theme.colours.ERROR))
        if column == self.EVIDENCE:
            return QBrush(theme.colour(theme.colours.MUTED))
        if column == self.CHOICE and self._choices.get(card.row) is Choice.SKIP:
            return QBrush(theme.colour(theme.colours.MUTED))
        return None
