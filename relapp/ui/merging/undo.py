"""Undoable commands whose work runs on the task runner, never on the GUI thread.

A merge of someone with thousands of interactions, and its undo, are database work that
grows with the data; ``RunnerCommand`` hands each direction to the window's runner and
tells the window what changed once it is done. The first ``redo`` (on push) is skipped:
the change was made before the command was pushed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from relapp.domain.person_merge import MergeResult
from relapp.services import merging
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner


class RunnerContext(Protocol):
    db: Database
    runner: TaskRunner
    undo_stack: QUndoStack
    undo_action: QAction
    redo_action: QAction

    def data_changed(self, person_ids: tuple[int, ...], select: int | None = None) -> None: ...

    def report_error(self, error: BaseException) -> None: ...


Work = Callable[[Database], Any]
# From what the work returned: the people it changed, and whom to show (GUI thread).
Outcome = Callable[[Any], tuple[tuple[int, ...], int | None]]


def hold_undo(ctx: RunnerContext) -> None:
    """While a command's work is under way, Undo and Redo wait for it: the next command
    down the stack may run on the GUI thread and must not overtake it. (Connected to the
    stack's signals too, which would enable them again.)"""
    if RunnerCommand.under_way:
        ctx.undo_action.setEnabled(False)
        ctx.redo_action.setEnabled(False)


def _release_undo(ctx: RunnerContext) -> None:
    if not RunnerCommand.under_way:
        ctx.undo_action.setEnabled(ctx.undo_stack.canUndo())
        ctx.redo_action.setEnabled(ctx.undo_stack.canRedo())


class RunnerCommand(QUndoCommand):
    """Forward and back as work on the runner. Subclasses say, each time, what work to
    run and what it changed (``forward`` / ``backward``): the work is a closure over
    plain values read on the GUI thread, so the worker never touches the command, and
    the command holds no reference to itself (no cycle for the garbage collector to
    free behind the undo stack's back)."""

    under_way = 0  # commands whose work has not come back yet

    def __init__(self, ctx: RunnerContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._skip_redo = True
        self.running = False

    def forward(self) -> tuple[Work, Outcome]:
        raise NotImplementedError

    def backward(self) -> tuple[Work, Outcome]:
        raise NotImplementedError

    def _run(self, work: Work, outcome: Outcome) -> None:
        ctx = self.ctx
        db = ctx.db
        self.running = True
        RunnerCommand.under_way += 1
        hold_undo(ctx)

        def finished() -> None:
            self.running = False
            RunnerCommand.under_way -= 1
            _release_undo(ctx)

        def done(value: Any) -> None:
            finished()
            changed, select = outcome(value)
            ctx.data_changed(changed, select)

        def failed(error: BaseException) -> None:
            finished()
            ctx.report_error(error)

        ctx.runner.submit(lambda: work(db), done, failed)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(*self.forward())

    def undo(self) -> None:
        self._run(*self.backward())


class MergeCommand(RunnerCommand):
    """A merge on the undo stack: Ctrl+Z brings both people back, Ctrl+Shift+Z merges
    them again."""

    def __init__(self, ctx: RunnerContext, result: MergeResult) -> None:
        super().__init__(ctx, f"Merge {result.absorb_name} into {result.keep_name}")
        self.result = result

    def _store(self, result: MergeResult) -> tuple[tuple[int, ...], int | None]:
        self.result = result  # on the GUI thread
        return (result.keep_id, result.absorb_id), result.keep_id

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
        return (lambda db: merging.not_the_same(db, a, b)), lambda _none: ((a, b), None)

    def backward(self) -> tuple[Work, Outcome]:
        a, b = self.ids
        return (lambda db: merging.maybe_the_same(db, a, b)), lambda _none: ((a, b), None)
