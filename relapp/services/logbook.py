"""Logging an interaction together with what came of it (a promise), as one write.

The log dialog may record "…and I promised to: call back" with the interaction: both
are stored in ONE transaction (both or neither), and undone and redone as one step.
Each function returns a ``Logged``: what is stored now, and the ``Changes`` it made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from relapp.domain.changes import Changes
from relapp.domain.model import Interaction, InteractionDraft
from relapp.domain.promises import Promise, PromiseDraft
from relapp.services import interactions, promises
from relapp.storage import Database


@dataclass(frozen=True)
class Logged:
    """An interaction as stored, and the promise made with it (if any)."""

    interaction: Interaction
    promise: Promise | None = None

    @property
    def changes(self) -> Changes:
        return Changes.of_people(
            self.interaction.person_ids, interactions=True, promises=self.promise is not None
        )


def log(
    db: Database,
    draft: InteractionDraft,
    promise: PromiseDraft | None = None,
    *,
    now: datetime,
    editing: int | None = None,
) -> Logged:
    """Store the interaction (``editing``: over that stored one) and, when given, the
    promise made with it: both or neither."""
    with db.atomic():
        if editing is None:
            interaction = interactions.log_interaction(db, draft)
        else:
            interaction = interactions.update_interaction(db, editing, draft)
        made = promises.create_promise(db, promise, now=now) if promise is not None else None
    return Logged(interaction, made)


def unlog(db: Database, logged: Logged) -> Logged:
    """Undo ``log``: the interaction and its promise go, together."""
    with db.atomic():
        if logged.promise is not None:
            promises.delete_promise(db, logged.promise.id)
        interactions.delete_interaction(db, logged.interaction.id)
    return logged


def relog(db: Database, logged: Logged, *, now: datetime) -> Logged:
    """Redo ``log``: the interaction comes back with its id; the promise as it was made
    (a new id: nothing refers to it)."""
    with db.atomic():
        interaction = interactions.restore_interaction(db, logged.interaction)
        made = None
        if logged.promise is not None:
            made = promises.create_promise(db, logged.promise.draft(), now=now)
    return Logged(interaction, made)


def unedit(db: Database, before: InteractionDraft, edited: Logged) -> Logged:
    """Undo ``log(..., editing=id)``: the entry goes back to ``before`` and the promise
    made while editing it goes, together."""
    with db.atomic():
        if edited.promise is not None:
            promises.delete_promise(db, edited.promise.id)
        interaction = interactions.update_interaction(db, edited.interaction.id, before)
    return Logged(interaction)
