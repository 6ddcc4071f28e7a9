"""Undoable merges, whose work runs on the task runner like every write.

A merge of someone with thousands of interactions, and its undo, are database work that
grows with the data; like every command (``ui/undo_commands.WriteCommand``) each
direction is a write on the runner, and the window is told what changed once it is done.
The first ``redo`` (on push) is skipped: the change was made before the command was
pushed.
"""

from __future__ import annotations

from dataclasses import replace

from relapp.domain.changes import Changes
from relapp.domain.i18n import _
from relapp.domain.person_merge import MergeResult
from relapp.services import merging
from relapp.storage import Database
from relapp.ui.undo_commands import Outcome, UndoContext, Work, WriteCommand, hold_undo

__all__ = ["MergeCommand", "NotTheSameCommand", "RunnerCommand", "RunnerContext", "hold_undo"]

RunnerContext = UndoContext


class RunnerCommand(WriteCommand):
    """A command whose change was made before it was pushed (kept for its subclasses)."""

    def __init__(self, ctx: UndoContext, text: str) -> None:
        super().__init__(ctx, text, already_done=True)


class MergeCommand(RunnerCommand):
    """A merge on the undo stack: Ctrl+Z brings both people back, Ctrl+Shift+Z merges
    them again."""

    def __init__(self, ctx: RunnerContext, result: MergeResult) -> None:
        super().__init__(
            ctx,
            _("Merge {absorb} into {keep}").format(
                absorb=result.absorb_name, keep=result.keep_name
            ),
        )
        self.result = result

    def _store(self, result: MergeResult) -> tuple[Changes, int | None]:
        self.result = result  # on the GUI thread
        return merging.changes(result.keep_id, result.absorb_id), result.keep_id

    def forward(self) -> tuple[Work, Outcome]:
        keep, absorb = self.result.keep_id, self.result.absorb_id
        return (lambda db: merging.merge_people(db, keep, absorb)), self._store

    def backward(self) -> tuple[Work, Outcome]:
        result = self.result

        def work(db: Database) -> MergeResult:
            return replace(result, absorb_id=merging.undo_merge(db, result))

        return work, self._store


class NotTheSameCommand(RunnerCommand):
    """ "Not the same person", done on the runner before it is pushed."""

    def __init__(self, ctx: RunnerContext, first_id: int, second_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.ids = (first_id, second_id)

    def forward(self) -> tuple[Work, Outcome]:
        a, b = self.ids
        changes = merging.not_the_same_changes(a, b)
        return (lambda db: merging.not_the_same(db, a, b)), lambda _none: (changes, None)

    def backward(self) -> tuple[Work, Outcome]:
        a, b = self.ids
        changes = merging.not_the_same_changes(a, b)
        return (lambda db: merging.maybe_the_same(db, a, b)), lambda _none: (changes, None)
