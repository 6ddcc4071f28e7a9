"""Undoable edits. Each command changes the database through a service and tells the
window what changed; Ctrl+Z and Ctrl+Shift+Z walk the stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from relapp.domain.model import Interaction, InteractionDraft, PersonDraft
from relapp.services import interactions, people
from relapp.storage import Database


class UndoContext(Protocol):
    db: Database

    def data_changed(self, person_ids: tuple[int, ...], select: int | None = None) -> None: ...

    def report_error(self, error: BaseException) -> None: ...


Action = Callable[[Database], object]


class DataCommand(QUndoCommand):
    """A pair of service calls, forward and back, over some people.

    ``already_done`` skips the first redo when a dialog already made the change before
    the command was pushed. ``select_after_undo`` is the person to show after an undo.
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
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._forward, self._backward = forward, backward
        self._person_ids = person_ids
        self._skip_redo = already_done
        self._select_redo, self._select_undo = select_after_redo, select_after_undo

    def _run(self, action: Action, select: int | None) -> None:
        try:
            action(self.ctx.db)
        except Exception as exc:
            self.setObsolete(True)
            self.ctx.report_error(exc)
            return
        self.ctx.data_changed(self._person_ids, select)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._forward, self._select_redo)

    def undo(self) -> None:
        self._run(self._backward, self._select_undo)


def archive_person(ctx: UndoContext, person_id: int, name: str) -> DataCommand:
    return DataCommand(
        ctx,
        f"Archive {name}",
        lambda db: people.archive_person(db, person_id),
        lambda db: people.unarchive_person(db, person_id),
        (person_id,),
        already_done=False,
        select_after_undo=person_id,
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
    )


def interaction_logged(ctx: UndoContext, interaction: Interaction) -> DataCommand:
    return DataCommand(
        ctx,
        "Log interaction",
        lambda db: interactions.restore_interaction(db, interaction),
        lambda db: interactions.delete_interaction(db, interaction.id),
        interaction.person_ids,
        already_done=True,
    )


def delete_interaction(ctx: UndoContext, interaction: Interaction) -> DataCommand:
    return DataCommand(
        ctx,
        "Delete interaction",
        lambda db: interactions.delete_interaction(db, interaction.id),
        lambda db: interactions.restore_interaction(db, interaction),
        interaction.person_ids,
        already_done=False,
    )


def interaction_edited(
    ctx: UndoContext, interaction_id: int, before: InteractionDraft, after: InteractionDraft
) -> DataCommand:
    involved = tuple(dict.fromkeys((*before.person_ids, *after.person_ids)))
    return DataCommand(
        ctx,
        "Edit interaction",
        lambda db: interactions.update_interaction(db, interaction_id, after),
        lambda db: interactions.update_interaction(db, interaction_id, before),
        involved,
        already_done=True,
    )
