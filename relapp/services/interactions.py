"""Logging what passed between you and the people you know."""

from __future__ import annotations

from dataclasses import replace

from relapp.domain.changes import Changes
from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _
from relapp.domain.model import HistoryEntry, Interaction, InteractionDraft
from relapp.storage import Database, interactions_repo


def changes(person_ids: tuple[int, ...]) -> Changes:
    """What a write of an interaction among these people changed."""
    return Changes.of_people(person_ids, interactions=True)


def _validated(draft: InteractionDraft) -> InteractionDraft:
    if not draft.person_ids:
        raise InvalidInput(N_("People"), _("an interaction needs at least one person."))
    if draft.occurred_at.tzinfo is None:
        raise InvalidInput(N_("When"), _("the time has no time zone."))
    return replace(draft, summary=draft.summary.strip(), notes=draft.notes.strip())


def log_interaction(db: Database, draft: InteractionDraft) -> Interaction:
    draft = _validated(draft)
    with db.atomic():
        interaction_id = interactions_repo.insert_interaction(db, draft)
    return interactions_repo.get_interaction(db, interaction_id)


def update_interaction(db: Database, interaction_id: int, draft: InteractionDraft) -> Interaction:
    draft = _validated(draft)
    with db.atomic():
        interactions_repo.update_interaction(db, interaction_id, draft)
    return interactions_repo.get_interaction(db, interaction_id)


def delete_interaction(db: Database, interaction_id: int) -> Interaction:
    """Delete and return what was deleted, so it can be restored (undo)."""
    with db.atomic():
        gone = interactions_repo.get_interaction(db, interaction_id)
        interactions_repo.delete_interaction(db, interaction_id)
    return gone


def restore_interaction(db: Database, interaction: Interaction) -> Interaction:
    with db.atomic():
        interactions_repo.insert_interaction(db, interaction.draft(), with_id=interaction.id)
    return interactions_repo.get_interaction(db, interaction.id)


def get_interaction(db: Database, interaction_id: int) -> Interaction:
    return interactions_repo.get_interaction(db, interaction_id)


def history_count(db: Database, person_id: int) -> int:
    return interactions_repo.history_count(db, person_id)


def history_page(db: Database, person_id: int, offset: int, limit: int) -> list[HistoryEntry]:
    return interactions_repo.history_page(db, person_id, offset, limit)
