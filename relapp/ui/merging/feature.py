"""Merging two people you already have, installed through the shell.

``install(shell)`` adds Person ▸ Possible Duplicates… (Ctrl+Shift+D), Person ▸ Merge
Into… (Ctrl+Shift+M, also in the people list's context menu), and answers the duplicate
guard's "Merge with this person…" (``Shell.mergeRequested``). Every merge is asked
first (both people side by side, with a swap), runs on the task runner, and goes on the
undo stack: Ctrl+Z brings both people back.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from relapp.domain.changes import Changes
from relapp.domain.i18n import _
from relapp.domain.person_merge import MergeResult
from relapp.services import merging, people
from relapp.services.merging import PersonSummary
from relapp.ui.merging.confirm_dialog import MergeDialog
from relapp.ui.merging.duplicates_dialog import DuplicatesDialog
from relapp.ui.merging.pick_dialog import MergeIntoDialog
from relapp.ui.merging.undo import MergeCommand, NotTheSameCommand, hold_undo
from relapp.ui.shell import Shell


def install(shell: Shell) -> MergingFeature:
    return MergingFeature(shell)


class MergingFeature(QObject):
    merged = Signal(object)  # the MergeResult, once stored

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.dialog: DuplicatesDialog | None = None
        self.confirm_dialog: MergeDialog | None = None
        self.busy = False

        self.duplicates_action = QAction(_("Possible &Duplicates…"), shell.widget)
        self.duplicates_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.duplicates_action.setStatusTip(_("People you have twice, with the evidence"))
        self.duplicates_action.triggered.connect(self.open_duplicates)
        self.merge_into_action = QAction(_("&Merge Into…"), shell.widget)
        self.merge_into_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.merge_into_action.setStatusTip(_("Merge this person with someone else you have"))
        self.merge_into_action.triggered.connect(lambda: self.merge_into(shell.current_person_id()))
        shell.add_actions("person", self.merge_into_action, self.duplicates_action, separate=True)
        shell.add_list_action(self.merge_into_action)
        shell.mergeRequested.connect(self.start_merge)
        for changed in (shell.undo_stack.canUndoChanged, shell.undo_stack.canRedoChanged):
            changed.connect(lambda _can: hold_undo(shell))
        shell.changed.connect(self._changed)

    # --- the list of possible duplicates -----------------------------------------------
    def open_duplicates(self) -> DuplicatesDialog:
        shell = self.shell
        if self.dialog is None:
            dialog = DuplicatesDialog(shell.db, shell.runner, shell.widget)
            dialog.mergeRequested.connect(self.start_merge)
            dialog.notSameRequested.connect(self.not_the_same)
            dialog.finished.connect(self._dialog_closed)
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.refresh()
        return self.dialog

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.stopped = True
            self.dialog.deleteLater()
            self.dialog = None

    def _changed(self, changes: Changes) -> None:
        """Possible duplicates are found from people's own fields."""
        if not (changes.persons or changes.everyone):
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def not_the_same(self, first_id: int, second_id: int) -> None:
        shell = self.shell
        if self.dialog is not None:
            self.dialog.drop_pair(first_id, second_id)
        db = shell.db

        def done(_none: None) -> None:
            names = people.person_rows(db, [first_id, second_id])
            text = _(" and ").join(
                names[p].display_name for p in (first_id, second_id) if p in names
            )
            command = NotTheSameCommand(
                shell, first_id, second_id, _("Not the same: {names}").format(names=text)
            )
            shell.undo_stack.push(command)
            shell.tell(
                _("{names} will not be offered as a pair again. Press Ctrl+Z to undo.").format(
                    names=text
                ),
                8000,
            )

        shell.runner.write(
            lambda: merging.not_the_same(db, first_id, second_id), done, self._failed
        )

    # --- merging -----------------------------------------------------------------------
    def merge_into(self, person_id: int | None) -> None:
        """Merge Into…: pick the other person; they are kept unless you swap."""
        shell = self.shell
        if person_id is None:
            shell.tell(_("Choose the person to merge first."), 5000)
            return
        rows = people.person_rows(shell.db, [person_id])
        if person_id not in rows:
            return
        picker = MergeIntoDialog(
            shell.db, shell.runner, person_id, rows[person_id].display_name, shell.widget
        )
        if picker.exec() and picker.chosen_id is not None:
            self.start_merge(person_id, picker.chosen_id, picker.chosen_id)

    def start_merge(self, first_id: int, second_id: int, keep_id: int | None = None) -> None:
        """Ask about merging two people (their details are read off the GUI thread)."""
        if self.busy:
            return
        self.busy = True
        db = self.shell.db
        self.shell.runner.submit(
            lambda: merging.summaries(db, first_id, second_id),
            # Asked at the next turn of the event loop, not inside the runner's delivery;
            # with the feature as context, never after the window is gone.
            lambda found: QTimer.singleShot(0, self, lambda: self._confirm(found, keep_id)),
            self._failed,
        )

    def _confirm(self, found: tuple[PersonSummary, PersonSummary], keep_id: int | None) -> None:
        parent = self.dialog if self.dialog is not None and self.dialog.isVisible() else None
        dialog = MergeDialog(*found, keep_id=keep_id, parent=parent or self.shell.widget)
        self.confirm_dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.confirm_dialog = None
        dialog.deleteLater()
        if not accepted:
            self.busy = False
            return
        keep, absorb, db = dialog.keep_id, dialog.absorb_id, self.shell.db
        self.shell.tell(_("Merging…"), 0)
        self.shell.runner.write(  # queues behind a running import, and says so
            lambda: merging.merge_people(db, keep, absorb), self._merged, self._failed
        )

    def _merged(self, result: MergeResult) -> None:
        self.busy = False
        shell = self.shell
        shell.undo_stack.push(MergeCommand(shell, result))
        shell.announce(merging.changes(result.keep_id, result.absorb_id), result.keep_id)
        shell.tell(_("{summary} Press Ctrl+Z to undo.").format(summary=result.summary()), 10000)
        self.merged.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.shell.tell("", 0)
        self.shell.report_error(error)
