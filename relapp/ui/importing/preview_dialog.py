"""The import preview: every card, what it is, and what to do with it, before anything
is written.

Each row says **new**, **matches Carol Roth** (with the evidence and when you last
talked), **same as card 3 in this file**, **already imported**, or **error** (with file,
card, line and reason). The action column (double-click, or the context menu for the
selected rows) chooses merge, skip or create anyway; the buttons under the table apply
one choice to every card of a kind. Import writes it all in one go.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.importing.plan import Choice, Decision, ImportPlan, PlanCounts, choose_all
from relapp.ui.importing import words
from relapp.ui.importing.preview_facts import PreviewFacts, preview_facts
from relapp.ui.importing.preview_model import CARD_ROLE, PreviewModel
from relapp.ui.widgets.plain_label import plain_label


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the choices the row's card allows."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        card = index.data(CARD_ROLE)
        combo = QComboBox(parent)
        for choice in card.choices if card is not None else ():
            combo.addItem(choice.label, choice.value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(position, 0))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewDialog(QDialog):
    """``hand_over()`` on ``accepted``: the plan and the choice for every card (row -> Choice)."""

    def __init__(
        self,
        plan: ImportPlan,
        parent: QWidget | None = None,
        *,
        now: datetime | None = None,
        facts: PreviewFacts | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        facts = facts or preview_facts(plan)  # the feature finds them on the worker
        names = ", ".join(f.name for f in plan.files)
        self.setWindowTitle(
            _("Import {files}").format(files=names) if len(names) < 60 else _("Import vCards")
        )
        self.model = PreviewModel(plan, self, now, facts.defaults)

        self.summary = plain_label(facts.summary, selectable=False)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.reimport = plain_label(facts.reimport, selectable=False)
        self.reimport.setStyleSheet(
            "background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px;"
        )
        self.reimport.setVisible(bool(self.reimport.text()))

        self.table = QTableView()
        self.table.setAccessibleName(_("Cards and what to do with each"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PreviewModel.CHOICE, ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PreviewModel.EVIDENCE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (PreviewModel.CARD, 150 if len(plan.files) > 1 else 90),
            (PreviewModel.NAME, 220),
            (PreviewModel.STATUS, 270),
            (PreviewModel.CHOICE, 190),
        ):
            header.resizeSection(column, width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_details(current.row())
        )

        self.details = plain_label(selectable=False)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.fontMetrics().height() * 4)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.merge_all = QPushButton(_("Merge all"))
        self.merge_all.setToolTip(_("Merge every card that matches someone you know into them"))
        self.create_all = QPushButton(_("Create all as new"))
        self.create_all.setToolTip(_("Add every matching card as a new person anyway"))
        self.skip_all = QPushButton(_("Skip all"))
        self.skip_all.setToolTip(_("Leave out every card that matches someone you know"))
        self.skip_imported = QPushButton(_("Skip all already imported"))
        self.reset_button = QPushButton(_("Suggested choices"))
        self.reset_button.setToolTip(_("Back to the choices Relapp suggested for each card"))
        matches = (Decision.MATCH, Decision.DUPLICATE_IN_FILE)
        self.merge_all.clicked.connect(lambda: self._apply_to_all(Choice.MERGE, matches))
        self.create_all.clicked.connect(lambda: self._apply_to_all(Choice.CREATE, matches))
        self.skip_all.clicked.connect(lambda: self._apply_to_all(Choice.SKIP, matches))
        self.skip_imported.clicked.connect(
            lambda: self._apply_to_all(Choice.SKIP, (Decision.ALREADY_IMPORTED,))
        )
        self.reset_button.clicked.connect(self.model.reset)
        decisions = facts.decisions
        has_matches = bool(decisions & set(matches))
        for button in (self.merge_all, self.create_all, self.skip_all):
            button.setEnabled(has_matches)
        self.skip_imported.setVisible(Decision.ALREADY_IMPORTED in decisions)
        for button in (
            self.merge_all,
            self.create_all,
            self.skip_all,
            self.skip_imported,
            self.reset_button,
        ):
            button.setAutoDefault(False)  # Enter means Import, not one of these
        bulk = QHBoxLayout()
        bulk.addWidget(plain_label(_("Cards that match:"), wrap=False, selectable=False))
        for button in (self.merge_all, self.create_all, self.skip_all, self.skip_imported):
            bulk.addWidget(button)
        bulk.addStretch(1)
        bulk.addWidget(self.reset_button)

        self.counts = plain_label(selectable=False)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.reimport)
        layout.addWidget(self.table, 1)
        layout.addLayout(bulk)
        layout.addWidget(self.details)
        footer = QHBoxLayout()
        footer.addWidget(self.counts, 1)
        footer.addWidget(self.buttons)
        layout.addLayout(footer)

        self.model.choicesChanged.connect(self._update_counts)
        self._show_counts(facts.counts)
        self.resize(1100, 620)
        if plan.cards:
            self.table.selectRow(0)
            self._show_details(0)

    def choices(self) -> dict[int, Choice]:
        return self.model.choices()

    def hand_over(self) -> tuple[ImportPlan, dict[int, Choice]]:
        """On ``accepted``: the plan and the choices, which this dialog no longer holds. A
        dialog still alive when the worker has applied the plan (its deleteLater not yet
        run) would otherwise free 10,000 cards' objects on the GUI thread (issue 18)."""
        plan, choices = self.model.hand_over()
        self.plan = self.model.plan
        return plan, choices

    def _apply_to_all(self, choice: Choice, decisions: Sequence[Decision]) -> None:
        self.model.set_choices(choose_all(self.plan, self.model.choices(), choice, decisions))

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def set_selected(self, choice: Choice) -> None:
        self.model.set_choice_for_rows(self.selected_rows(), choice)

    def _context_menu(self, position: QPoint) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        menu = QMenu(self)
        allowed = {c for row in rows for c in self.plan.cards[row].choices}
        for choice in (Choice.MERGE, Choice.CREATE, Choice.SKIP):
            action = QAction(
                ngettext("{choice} ({n} selected)", "{choice} ({n} selected)", len(rows)).format(
                    choice=choice.label, n=number_text(len(rows))
                ),
                menu,
            )
            action.setEnabled(choice in allowed)
            action.triggered.connect(lambda _checked=False, c=choice: self.set_selected(c))
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _update_counts(self) -> None:
        self._show_counts(self.model.counts())

    def _show_counts(self, counts: PlanCounts) -> None:
        self.counts.setText(words.counts_summary(counts))
        self.import_button.setEnabled(counts.create + counts.merge + counts.combine > 0)

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self.plan.cards):
            self.details.clear()
            return
        card = self.plan.cards[row]
        if card.error is not None:
            self.details.setText(str(card.error))
            return
        why = words.evidence(self.plan, card, self.model.now)
        head = words.status(self.plan, card) + (f" — {why}" if why else "")
        self.details.setText(f"{head}\n{words.card_summary(card)}")
