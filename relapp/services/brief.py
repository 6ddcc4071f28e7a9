"""The brief before you reach out: read what it needs and assemble it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from relapp.domain.brief import RECENT, Brief, BriefIntroduction, IntroRole
from relapp.domain.introductions import Introduction, relations_of
from relapp.domain.model import InteractionKind
from relapp.storage import Database, brief_repo, introductions_repo, people_repo


def _how_you_met(intros: list[Introduction]) -> Introduction | None:
    """The earliest introduction that brought this person to you."""
    if not intros:
        return None
    return min(intros, key=lambda i: (i.occurred_on or date.max, i.id))


def _introductions(db: Database, person_id: int) -> tuple[BriefIntroduction, ...]:
    """Every introduction that ties this person to you, as the brief's rows."""
    relations = relations_of(person_id, introductions_repo.for_person(db, person_id))
    groups = (
        (IntroRole.INTRODUCED_BY, relations.introduced_to_you_by),
        (IntroRole.INTRODUCED_YOU_TO, relations.introduced_you_to),
        (IntroRole.YOU_INTRODUCED_THEM_TO, relations.you_introduced_them_to),
    )
    ids = {related.people[0] for _, group in groups for related in group}
    rows = people_repo.person_rows(db, list(ids))
    return tuple(
        BriefIntroduction(
            role,
            related.people[0],
            rows[related.people[0]].display_name,
            related.introduction.occurred_on,
            related.introduction.context,
        )
        for role, group in groups
        for related in group
        if related.people[0] in rows
    )


def brief_for(db: Database, person_id: int, *, now: datetime | None = None) -> Brief:
    """One glance at a person: met, recent contacts, promises, favours, reach, interests."""
    now = now if now is not None else datetime.now(UTC)
    with db.read():
        person = people_repo.get_person(db, person_id)
        intro = _how_you_met(introductions_repo.introduced_to_you_by(db, person_id))
        introducer_name = ""
        if intro is not None and intro.introducer_id is not None:
            rows = people_repo.person_rows(db, [intro.introducer_id])
            introducer_name = rows[intro.introducer_id].display_name
        recent = brief_repo.recent_interactions(db, person_id, RECENT)
        promises = brief_repo.open_promises(db, person_id)
        favours = brief_repo.favour_tallies(db, person_id)
        introduced = _introductions(db, person_id)
    return Brief(
        person_id=person.id,
        name=person.display_name,
        now=now,
        met_on=person.met_on or (intro.occurred_on if intro else None),
        met_how=person.met_how,
        introducer_id=intro.introducer_id if intro else None,
        introducer_name=introducer_name,
        recent=tuple(recent),
        promises=tuple(promises),
        favours_given=favours[InteractionKind.FAVOUR_GIVEN],
        favours_received=favours[InteractionKind.FAVOUR_RECEIVED],
        preferred=person.preferred_channel,
        avoid=person.avoid_channels,
        interests=person.tags,
        introductions=introduced,
    )
