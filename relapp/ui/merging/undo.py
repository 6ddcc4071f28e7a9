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

from PySide6.QtGui import QUndoCommand

from relapp.domain.person_merge import MergeResult
from relapp.services import merging
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner


class RunnerContext(Protocol):
    db: Database
    runner: TaskRunner

    def data_changed(self, person_ids: tuple[int, ...], select: int | None = None) -> None: ...

    def report_error(self, error: BaseException) -> None: ...


Work = Callable[[Database], Any]
Done = Callable[[Any], tuple[int, ...]]  # what changed, from what the work returned


class RunnerCommand(QUndoCommand):
    """Forward and back as service calls on the runner; ``select`` is shown afterwards."""

    def __init__(
        self,
        ctx: RunnerContext,
        text: str,
        forward: Work,
        backward: Work,
        changed: Done,
        *,
        select: Callable[[], int | None] = lambda: None,
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._forward, self._backward = forward, backward
        self._changed = changed
        self._select = select
        self._skip_redo = True
        self.running = False

    def _run(self, work: Work) -> None:
        ctx = self.ctx
        db = ctx.db
        self.running = True

        def done(value: Any) -> None:
            self.running = False
            ctx.data_changed(self._changed(value), self._select())

        def failed(error: BaseException) -> None:
            self.running = False
            ctx.report_error(error)

        ctx.runner.submit(lambda: work(db), done, failed)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._forward)

    def undo(self) -> None:
        self._run(self._backward)


class MergeCommand(RunnerCommand):
    """A merge on the undo stack: Ctrl+Z brings both people back, Ctrl+Shift+Z merges
    them again."""

    def __init__(self, ctx: RunnerContext, result: MergeResult) -> None:
        self.result = result
        super().__init__(
            ctx,
            f"Merge {result.absorb_name} into {result.keep_name}",
            self._merge,
            self._unmerge,
            self._ids,
            select=lambda: self.result.keep_id,
        )

    def _merge(self, db: Database) -> MergeResult:
        self.result = merging.merge_people(db, self.result.keep_id, self.result.absorb_id)
        return self.result

    def _unmerge(self, db: Database) -> MergeResult:
        absorb_id = merging.undo_merge(db, self.result)
        self.result = replace(self.result, absorb_id=absorb_id)
        return self.result

    @staticmethod
    def _ids(result: MergeResult) -> tuple[int, ...]:
        return (result.keep_id, result.absorb_id)


def not_the_same(ctx: RunnerContext, first_id: int, second_id: int, text: str) -> RunnerCommand:
    """ "Not the same person", done on the runner before it is pushed."""
    return RunnerCommand(
        ctx,
        text,
        lambda db: merging.not_the_same(db, first_id, second_id),
        lambda db: merging.maybe_the_same(db, first_id, second_id),
        lambda _none: (first_id, second_id),
    )
