"""Before an outbound contact is logged: is it on a channel they asked you to avoid,
have your last few gone unanswered, or would it be one of several in a short time?"""

from __future__ import annotations

from datetime import datetime

from relapp.domain.model import Channel, Direction
from relapp.domain.outreach import OutreachWarning, check_outreach
from relapp.services import promises
from relapp.storage import Database, outreach_repo, promises_repo


def warnings_for(
    db: Database,
    person_id: int,
    channel: Channel,
    when: datetime,
    direction: Direction = Direction.OUTBOUND,
    *,
    exclude_interaction_id: int | None = None,
) -> list[OutreachWarning]:
    """Gentle warnings for logging a contact with a person (none unless it is outbound).

    ``exclude_interaction_id`` leaves out the interaction being edited, so it is not
    counted against itself.
    """
    if direction is not Direction.OUTBOUND:
        return []
    wishes = promises_repo.wishes_of(db, [person_id]).get(person_id)
    if wishes is None:
        return []
    thresholds = promises.outreach_thresholds(db)
    recent = outreach_repo.recent_contacts(
        db,
        person_id,
        when,
        thresholds.burst_window,
        limit=max(100, thresholds.unanswered + thresholds.burst_count),
        exclude_interaction_id=exclude_interaction_id,
    )
    return check_outreach(
        channel,
        when,
        recent,
        name=wishes.name,
        preferred=wishes.preferred,
        avoid=wishes.avoid,
        thresholds=thresholds,
    )
