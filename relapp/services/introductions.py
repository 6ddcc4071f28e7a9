"""Recording who introduced whom, and keeping the history and "how we met" in step.

Recording an introduction also logs it (kind ``INTRODUCTION``) in the history of every
person in it (you are never a participant of an interaction), in the same transaction;
and the person it brought into your life gets "how we met" and "met on" filled in when
they were empty. Deleting it takes both back (a "how we met" you have since rewritten is
left alone); ``restore_introduction`` undoes a delete with the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from relapp.domain.changes import Changes
from relapp.domain.errors import NotFound
from relapp.domain.introductions import (
    Introduction,
    IntroductionDraft,
    PersonIntroductions,
    Shape,
    describe,
    met_how_text,
    relations_of,
    validated,
    with_context,
)
from relapp.domain.model import (
    Channel,
    Direction,
    Interaction,
    InteractionDraft,
    InteractionKind,
)
from relapp.storage import Database, interactions_repo, introductions_repo, people_repo

DEFAULT_CHANNEL = Channel.EMAIL


@dataclass(frozen=True)
class Removed:
    """What deleting an introduction took away, to put it back (undo)."""

    introduction: Introduction
    interaction: Interaction | None


@dataclass(frozen=True)
class IntroductionsView:
    """One person's introductions, with the names of everyone they mention."""

    person_id: int
    relations: PersonIntroductions
    names: dict[int, str]

    def describe(self, intro: Introduction) -> str:
        return describe(intro, self.names)


def changes(person_ids: tuple[int, ...]) -> Changes:
    """What a write of an introduction among these people changed: the introduction,
    its line in their history and "how we met"."""
    return Changes.of_people(person_ids, introductions=True, interactions=True, persons=True)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _names(db: Database, ids: tuple[int, ...] | set[int]) -> dict[int, str]:
    rows = people_repo.person_rows(db, list(ids))
    missing = set(ids) - set(rows)
    if missing:
        raise NotFound(f"person {min(missing)} does not exist")
    return {pid: row.display_name for pid, row in rows.items()}


def _when(day: date | None, now: datetime) -> datetime:
    """The history time of an introduction: its day at noon (local), or now for today."""
    if day is None or day >= now.astimezone().date():
        return now
    return datetime.combine(day, time(12)).astimezone().astimezone(UTC)


def _direction(draft: IntroductionDraft) -> Direction:
    return Direction.OUTBOUND if draft.shape is Shape.BY_ME else Direction.BOTH


def _history_draft(
    draft: IntroductionDraft, names: dict[int, str], channel: Channel, now: datetime
) -> InteractionDraft:
    return InteractionDraft(
        occurred_at=_when(draft.occurred_on, now),
        channel=channel,
        direction=_direction(draft),
        person_ids=draft.people(),
        summary=with_context(describe(draft, names), draft.context),
        kind=InteractionKind.INTRODUCTION,
    )


def _fill_met(db: Database, draft: IntroductionDraft, names: dict[int, str]) -> None:
    person = draft.newly_met()
    text = met_how_text(draft, names)
    if person is None or text is None:
        return
    met_how, met_on = introductions_repo.met_fields(db, person)
    if met_how and met_on is not None:
        return
    introductions_repo.set_met(
        db, person, met_how or text, met_on if met_on is not None else draft.occurred_on
    )


def _unfill_met(db: Database, draft: IntroductionDraft, names: dict[int, str]) -> None:
    """Take back what ``_fill_met`` wrote, unless the user has changed it since."""
    person = draft.newly_met()
    text = met_how_text(draft, names)
    if person is None or text is None:
        return
    try:
        met_how, met_on = introductions_repo.met_fields(db, person)
    except NotFound:
        return
    if met_how != text:
        return
    introductions_repo.set_met(db, person, "", None if met_on == draft.occurred_on else met_on)


def record_introduction(
    db: Database,
    draft: IntroductionDraft,
    *,
    channel: Channel = DEFAULT_CHANNEL,
    interaction_id: int | None = None,
    now: datetime | None = None,
) -> Introduction:
    """Store an introduction, log it in everyone's history (or link ``interaction_id``,
    an entry already logged) and fill in how you met the person it introduced."""
    now = _now(now)
    draft = validated(draft, today=now.astimezone().date())
    with db.atomic():
        names = _names(db, draft.people())
        if interaction_id is None:
            history = _history_draft(draft, names, channel, now)
            interaction_id = interactions_repo.insert_interaction(db, history)
        else:
            interactions_repo.get_interaction(db, interaction_id)  # it must exist
        new_id = introductions_repo.insert_introduction(db, draft, interaction_id=interaction_id)
        _fill_met(db, draft, names)
    return introductions_repo.get_introduction(db, new_id)


def update_introduction(
    db: Database,
    introduction_id: int,
    draft: IntroductionDraft,
    *,
    channel: Channel | None = None,
    now: datetime | None = None,
) -> Introduction:
    """Change an introduction; its history entry and the filled-in "how we met" follow."""
    now = _now(now)
    draft = validated(draft, today=now.astimezone().date())
    with db.atomic():
        before = introductions_repo.get_introduction(db, introduction_id)
        names = _names(db, {*draft.people(), *before.people()})
        _unfill_met(db, before, names)
        introductions_repo.update_introduction(db, introduction_id, draft)
        _fill_met(db, draft, names)
        _update_history(db, before, draft, names, channel, now)
    return introductions_repo.get_introduction(db, introduction_id)


def _update_history(
    db: Database,
    before: Introduction,
    draft: IntroductionDraft,
    names: dict[int, str],
    channel: Channel | None,
    now: datetime,
) -> None:
    old: Interaction | None = None
    if before.interaction_id is not None:
        try:
            old = interactions_repo.get_interaction(db, before.interaction_id)
        except NotFound:
            old = None
    history = _history_draft(
        draft, names, channel or (old.channel if old else DEFAULT_CHANNEL), now
    )
    if old is None:
        new_id = interactions_repo.insert_interaction(db, history)
        introductions_repo.set_interaction(db, before.id, new_id)
        return
    if draft.occurred_on == before.occurred_on:
        history = replace(history, occurred_at=old.occurred_at)  # keep the logged time
    interactions_repo.update_interaction(db, old.id, history)


def delete_introduction(db: Database, introduction_id: int) -> Removed:
    """Delete an introduction and its history entry; returns what to restore (undo)."""
    with db.atomic():
        intro = introductions_repo.get_introduction(db, introduction_id)
        interaction = None
        if intro.interaction_id is not None:
            try:
                interaction = interactions_repo.get_interaction(db, intro.interaction_id)
            except NotFound:
                interaction = None
        if interaction is not None and interaction.kind is InteractionKind.INTRODUCTION:
            interactions_repo.delete_interaction(db, interaction.id)
        else:
            interaction = None
        introductions_repo.delete_introduction(db, introduction_id)
        _unfill_met(db, intro, _names(db, intro.people()))
    return Removed(intro, interaction)


def restore_introduction(db: Database, removed: Removed) -> Introduction:
    """Put a deleted introduction back, with its history entry, under the same ids."""
    intro = removed.introduction
    with db.atomic():
        names = _names(db, intro.people())
        interaction_id = intro.interaction_id
        if removed.interaction is not None:
            interactions_repo.insert_interaction(
                db, removed.interaction.draft(), with_id=removed.interaction.id
            )
        elif interaction_id is not None:
            try:
                interactions_repo.get_interaction(db, interaction_id)
            except NotFound:
                interaction_id = None
        introductions_repo.insert_introduction(
            db,
            intro.draft(),
            interaction_id=interaction_id,
            with_id=intro.id,
            created_at=intro.created_at,
        )
        _fill_met(db, intro, names)
    return introductions_repo.get_introduction(db, intro.id)


def snapshot(db: Database, introduction_id: int) -> Removed:
    """The introduction and its history entry as they are now (to redo a recording)."""
    intro = introductions_repo.get_introduction(db, introduction_id)
    interaction = None
    if intro.interaction_id is not None:
        try:
            interaction = interactions_repo.get_interaction(db, intro.interaction_id)
        except NotFound:
            interaction = None
    return Removed(intro, interaction)


def get_introduction(db: Database, introduction_id: int) -> Introduction:
    return introductions_repo.get_introduction(db, introduction_id)


def introductions_of(db: Database, person_id: int) -> IntroductionsView:
    """Everything a person's page shows about introductions."""
    intros = introductions_repo.for_person(db, person_id)
    relations = relations_of(person_id, intros)
    ids = {p for i in intros for p in i.people()}
    rows = people_repo.person_rows(db, list(ids))
    return IntroductionsView(person_id, relations, {pid: r.display_name for pid, r in rows.items()})


def names_of(db: Database, draft: IntroductionDraft) -> dict[int, str]:
    return _names(db, draft.people())
