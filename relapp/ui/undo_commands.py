"""Undoable edits. Each command changes the database through a service, on the runner's
worker (the one writer), and tells the window what changed once the write is done;
Ctrl+Z and Ctrl+Shift+Z walk the stack.

A write that has to wait (behind an import) leaves the GUI free: the command's work is
queued in order behind it, Undo and Redo wait until it is back (``hold_undo``: the next
command must not overtake it), and the window is told when it lands. A write that fails
makes its command obsolete (it leaves the stack, which then matches the data again) and
reports the error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtGui import QAction, QUndoCommand, QUndoStack
from shiboken6 import isValid

from relapp.domain.changes import Changes
from relapp.domain.model import Interaction, InteractionDraft, PersonDraft
from relapp.services import interactions, logbook, people
from relapp.services.logbook import Logged
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner


class UndoContext(Protocol):
    db: Database
    runner: TaskRunner
    undo_stack: QUndoStack
    undo_action: QAction
    redo_action: QAction

    def announce(self, changes: Changes, select: int | None = None) -> None: ...

    def report_error(self, error: BaseException) -> None: ...


Action = Callable[[Database], object]
Work = Callable[[Database], Any]
# From what the work returned (on the GUI thread): what changed, and whom to show.
Outcome = Callable[[Any], tuple[Changes, int | None]]


def announce(ctx: UndoContext, changes: Changes, select: int | None = None) -> None:
    """Tell the window what a write changed."""
    ctx.announce(changes, select)


def under_way(stack: QUndoStack) -> bool:
    """Whether a command of this stack (or of a macro on it) has a write not back yet."""
    if not isValid(stack):  # the window is going away
        return False
    for index in range(stack.count()):
        command = stack.command(index)
        steps = [command, *(command.child(i) for i in range(command.childCount()))]
        if any(getattr(step, "running", False) for step in steps):
            return True
    return False


def hold_undo(ctx: UndoContext) -> None:
    """While a command's write is under way, Undo and Redo wait for it: the next command
    must not overtake it. (Connected to the stack's signals too, which would enable them
    again.)"""
    if under_way(ctx.undo_stack):
        ctx.undo_action.setEnabled(False)
        ctx.redo_action.setEnabled(False)


def _release_undo(ctx: UndoContext) -> None:
    if isValid(ctx.undo_stack) and not under_way(ctx.undo_stack):
        ctx.undo_action.setEnabled(ctx.undo_stack.canUndo())
        ctx.redo_action.setEnabled(ctx.undo_stack.canRedo())


class WriteCommand(QUndoCommand):
    """Forward and back as writes on the runner. Subclasses say, each time, what work to
    run and what it changed (``forward`` / ``backward``): the work is a closure over
    plain values read on the GUI thread, so the worker never touches the command, and
    the command holds no reference to itself (no cycle for the garbage collector to free
    behind the undo stack's back). ``already_done``: the first ``redo`` (on push) is
    skipped, the change was made before the command was pushed."""

    def __init__(self, ctx: UndoContext, text: str, *, already_done: bool) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._skip_redo = already_done
        self.running = False

    def forward(self) -> tuple[Work, Outcome]:
        raise NotImplementedError

    def backward(self) -> tuple[Work, Outcome]:
        raise NotImplementedError

    def _run(self, work: Work, outcome: Outcome, *, undoing: bool) -> None:
        ctx = self.ctx
        db = ctx.db
        self.running = True
        hold_undo(ctx)

        def finished() -> None:
            self.running = False
            _release_undo(ctx)

        def done(value: Any) -> None:
            finished()
            changes, select = outcome(value)
            announce(ctx, changes, select)

        def failed(error: BaseException) -> None:
            finished()
            _drop(ctx.undo_stack, self, undoing=undoing)
            ctx.report_error(error)

        ctx.runner.write(lambda: work(db), done, failed)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(*self.forward(), undoing=False)

    def undo(self) -> None:
        self._run(*self.backward(), undoing=True)


def _drop(stack: QUndoStack, command: QUndoCommand, *, undoing: bool) -> None:
    """A command whose write failed leaves the stack; the stack's index goes back to
    where the data is (the failed step counts as not taken). Inside a macro, or when the
    stack has moved on meanwhile, the command stays and only the error is reported."""
    position = next((i for i in range(stack.count()) if stack.command(i) is command), None)
    if position is None:
        return
    command.setObsolete(True)
    if undoing and stack.index() == position:
        stack.redo()  # obsolete: Qt removes it without running it; the index stays
    elif not undoing and stack.index() == position + 1:
        stack.undo()  # obsolete: removed, the index steps back over it
    else:
        command.setObsolete(False)


class DataCommand(WriteCommand):
    """A pair of service calls, forward and back, over some people.

    ``already_done`` skips the first redo when a dialog already made the change before
    the command was pushed. ``select_after_undo`` is the person to show after an undo.
    ``changes``: what either direction changes (by default, just that these people did).
    """

    def __init__(
        self,
        ctx: UndoContext,
        text: str,
        forward: Action,
        backward: Action,
        person_ids: tuple[int, ...],
        *,
        already_done: bool,
        select_after_redo: int | None = None,
        select_after_undo: int | None = None,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(ctx, text, already_done=already_done)
        self._forward, self._backward = forward, backward
        self.changes = changes if changes is not None else Changes.of_people(person_ids)
        self._select_redo, self._select_undo = select_after_redo, select_after_undo

    def forward(self) -> tuple[Work, Outcome]:
        changes, select = self.changes, self._select_redo
        return self._forward, lambda _value: (changes, select)

    def backward(self) -> tuple[Work, Outcome]:
        changes, select = self.changes, self._select_undo
        return self._backward, lambda _value: (changes, select)


class LoggedCommand(WriteCommand):
    """An interaction logged (with the promise made with it, if any) as ONE step: Ctrl+Z
    removes both, Ctrl+Shift+Z puts both back (``services.logbook``)."""

    def __init__(self, ctx: UndoContext, logged: Logged) -> None:
        super().__init__(ctx, "Log interaction", already_done=True)
        self.logged = logged

    def _store(self, logged: Logged) -> tuple[Changes, int | None]:
        self.logged = logged  # on the GUI thread
        return logged.changes, None

    def forward(self) -> tuple[Work, Outcome]:
        logged = self.logged
        now = datetime.now(UTC)
        return (lambda db: logbook.relog(db, logged, now=now)), self._store

    def backward(self) -> tuple[Work, Outcome]:
        logged = self.logged
        return (lambda db: logbook.unlog(db, logged)), self._store


def archive_person(ctx: UndoContext, person_id: int, name: str) -> DataCommand:
    return DataCommand(
        ctx,
        f"Archive {name}",
        lambda db: people.archive_person(db, person_id),
        lambda db: people.unarchive_person(db, person_id),
        (person_id,),
        already_done=False,
        select_after_undo=person_id,
        changes=people.changes((person_id,)),
    )


def person_added(ctx: UndoContext, person_id: int, name: str) -> DataCommand:
    """Adding is undone by archiving: nothing is ever silently deleted."""
    return DataCommand(
        ctx,
        f"Add {name}",
        lambda db: people.unarchive_person(db, person_id),
        lambda db: people.archive_person(db, person_id),
        (person_id,),
        already_done=True,
        select_after_redo=person_id,
        changes=people.changes((person_id,)),
    )


def person_edited(
    ctx: UndoContext, person_id: int, before: PersonDraft, after: PersonDraft
) -> DataCommand:
    return DataCommand(
        ctx,
        f"Edit {after.display_name}",
        lambda db: people.update_person(db, person_id, after),
        lambda db: people.update_person(db, person_id, before),
        (person_id,),
        already_done=True,
        select_after_redo=person_id,
        select_after_undo=person_id,
        changes=people.changes((person_id,), tags=before.tags != after.tags),
    )


def interaction_logged(ctx: UndoContext, logged: Interaction | Logged) -> WriteCommand:
    """Logging (and a promise made with it: pass the dialog's ``logged``) as one step."""
    return LoggedCommand(ctx, logged if isinstance(logged, Logged) else Logged(logged))


def delete_interaction(ctx: UndoContext, interaction: Interaction) -> DataCommand:
    return DataCommand(
        ctx,
        "Delete interaction",
        lambda db: interactions.delete_interaction(db, interaction.id),
        lambda db: interactions.restore_interaction(db, interaction),
        interaction.person_ids,
        already_done=False,
        changes=interactions.changes(interaction.person_ids),
    )


class EditedCommand(WriteCommand):
    """An entry edited (with a promise made in the same save, if any) as ONE step:
    Ctrl+Z puts the entry back as it was and removes that promise, Ctrl+Shift+Z saves
    both again (``services.logbook``)."""

    def __init__(self, ctx: UndoContext, before: InteractionDraft, edited: Logged) -> None:
        super().__init__(ctx, "Edit interaction", already_done=True)
        self.before, self.edited = before, edited
        after = edited.interaction.person_ids
        self.changes = interactions.changes(tuple(dict.fromkeys((*before.person_ids, *after))))
        if edited.promise is not None:
            self.changes = self.changes | edited.changes

    def _store(self, edited: Logged) -> tuple[Changes, int | None]:
        self.edited = edited  # on the GUI thread: the promise made again has a new id
        return self.changes, None

    def _undone(self, _before: Logged) -> tuple[Changes, int | None]:
        return self.changes, None

    def forward(self) -> tuple[Work, Outcome]:
        edited, now = self.edited, datetime.now(UTC)
        promise = edited.promise.draft() if edited.promise is not None else None
        draft, entry = edited.interaction.draft(), edited.interaction.id
        return (lambda db: logbook.log(db, draft, promise, now=now, editing=entry)), self._store

    def backward(self) -> tuple[Work, Outcome]:
        before, edited = self.before, self.edited
        return (lambda db: logbook.unedit(db, before, edited)), self._undone


def interaction_edited(
    ctx: UndoContext, before: InteractionDraft, edited: Interaction | Logged
) -> EditedCommand:
    """An edit (and a promise made with it: pass the dialog's ``logged``) as one step."""
    return EditedCommand(ctx, before, edited if isinstance(edited, Logged) else Logged(edited))
