"""Which way to reach a person, and what to offer when a contact would go against their
wishes. The log dialog, its "…and I promised to" row and the promise dialog all ask here,
so a person who avoids calls is never defaulted to a call anywhere.

- :func:`suggested_channel`: their preferred channel, unless they also avoid it (the data
  can contradict itself); else the channel last used with them, unless avoided; else
  nothing ("any way").
- :func:`channel_for_logging`: the same, but always a channel (a contact happened some
  way): the first channel they do not avoid, else "other".
- :func:`alternative_to`: what "Use … instead" offers for an avoided channel: their
  preferred channel, when there is one they do not avoid.
- :func:`follow_up_draft`: "Remind me to follow up later" after an unanswered streak: a
  promise of yours, on the suggested channel, due at 9:00 a few days on.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from relapp.domain.model import Channel
from relapp.domain.promises import MORNING, PromiseDraft, Promiser

FOLLOW_UP_AFTER_DAYS = 3
FOLLOW_UP_AT: time = MORNING


def suggested_channel(
    preferred: Channel | None, avoid: frozenset[Channel], *, last_used: Channel | None = None
) -> Channel | None:
    """The channel to reach them on; None when nothing can be said. Never an avoided one."""
    for candidate in (preferred, last_used):
        if candidate is not None and candidate not in avoid:
            return candidate
    return None


def channel_for_logging(
    preferred: Channel | None, avoid: frozenset[Channel], last_used: Channel | None
) -> Channel:
    """The channel a new contact starts on: as :func:`suggested_channel`, else the first
    channel they do not avoid, else ``OTHER``."""
    found = suggested_channel(preferred, avoid, last_used=last_used)
    if found is not None:
        return found
    return next((c for c in Channel if c not in avoid), Channel.OTHER)


def alternative_to(
    channel: Channel | None, preferred: Channel | None, avoid: frozenset[Channel]
) -> Channel | None:
    """What to offer instead of ``channel``: None unless they avoid it; then their
    preferred channel, if they do not avoid that too."""
    if channel is None or channel not in avoid:
        return None
    if preferred is None or preferred in avoid:
        return None
    return preferred


def follow_up_due(now_local: datetime) -> datetime:
    """9:00 local time, ``FOLLOW_UP_AFTER_DAYS`` days after ``now_local``'s date."""
    zone = now_local.tzinfo
    if zone is None:
        raise ValueError("now_local must be a timezone-aware datetime")
    day = now_local.date() + timedelta(days=FOLLOW_UP_AFTER_DAYS)
    naive = datetime.combine(day, FOLLOW_UP_AT)
    # Through UTC, so a wall time skipped by a daylight-saving change moves forward.
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def follow_up_draft(
    person_id: int,
    preferred: Channel | None,
    avoid: frozenset[Channel],
    unanswered: int,
    now_local: datetime,
) -> PromiseDraft:
    """A promise of yours to follow up later instead of trying again now."""
    return PromiseDraft(
        person_id,
        Promiser.ME,
        f"follow up (your last {unanswered} tries went unanswered)",
        suggested_channel(preferred, avoid),
        follow_up_due(now_local),
    )
