"""Undoable introduction edits for the main window's undo stack (Ctrl+Z, Ctrl+Shift+Z);
each direction is a write on the runner's worker (``undo_commands.DataCommand``)."""

from __future__ import annotations

from relapp.domain.errors import RelappError
from relapp.domain.i18n import _
from relapp.domain.introductions import Introduction
from relapp.domain.model import Channel
from relapp.services import interactions, introductions
from relapp.storage import Database
from relapp.ui.undo_commands import DataCommand, UndoContext


def channel_of(db: Database, intro: Introduction) -> Channel | None:
    if intro.interaction_id is None:
        return None
    try:
        return interactions.get_interaction(db, intro.interaction_id).channel
    except RelappError:
        return None


def recorded(ctx: UndoContext, intro: Introduction) -> DataCommand:
    """Recording is undone by deleting, and redone by putting it back with its ids."""
    snapshot = introductions.snapshot(ctx.db, intro.id)
    return DataCommand(
        ctx,
        _("Record introduction"),
        lambda db: introductions.restore_introduction(db, snapshot),
        lambda db: introductions.delete_introduction(db, intro.id),
        intro.people(),
        already_done=True,
        changes=introductions.changes(intro.people()),
    )


def deleted(ctx: UndoContext, intro: Introduction) -> DataCommand:
    snapshot = introductions.snapshot(ctx.db, intro.id)
    return DataCommand(
        ctx,
        _("Delete introduction"),
        lambda db: introductions.delete_introduction(db, intro.id),
        lambda db: introductions.restore_introduction(db, snapshot),
        intro.people(),
        already_done=False,
        changes=introductions.changes(intro.people()),
    )


def edited(
    ctx: UndoContext,
    before: Introduction,
    after: Introduction,
    before_channel: Channel | None,
    after_channel: Channel | None,
) -> DataCommand:
    involved = tuple(dict.fromkeys((*before.people(), *after.people())))
    return DataCommand(
        ctx,
        _("Edit introduction"),
        lambda db: introductions.update_introduction(
            db, after.id, after.draft(), channel=after_channel
        ),
        lambda db: introductions.update_introduction(
            db, before.id, before.draft(), channel=before_channel
        ),
        involved,
        already_done=True,
        changes=introductions.changes(involved),
    )
