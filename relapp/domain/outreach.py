"""Listening to how people want to be reached, and not becoming the broker who spams.

Before an outbound contact is logged, :func:`check_outreach` looks at the channel and
at the person's recent contacts and returns gentle warnings (never refusals):

- ``avoided_channel``: the person asked not to be reached this way;
- ``unanswered``: your last several outbound contacts got no reply;
- ``burst``: this would be several outbound contacts in a short time.

The channel wording here ("prefers email, not phone") is shared with promise reminders,
so a person's wishes read the same everywhere.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from relapp.domain.i18n import N_, _
from relapp.domain.model import Channel, Direction

# "prefers ___": what a channel is called as a way of being reached.
_CHANNEL_NOUNS = {
    Channel.EMAIL: N_("email"),
    Channel.CALL: N_("phone"),
    Channel.MEETING: N_("meeting in person"),
    Channel.MESSAGE: N_("messages"),
    Channel.VIDEO: N_("video calls"),
    Channel.SOCIAL: N_("social media"),
    Channel.LETTER: N_("letters"),
    Channel.OTHER: N_("other channels"),
}

# "asked not to be reached ___".
_CHANNEL_MEANS = {
    Channel.EMAIL: "by email",
    Channel.CALL: "by phone",
    Channel.MEETING: "in person",
    Channel.MESSAGE: "by message",
    Channel.VIDEO: "by video call",
    Channel.SOCIAL: "on social media",
    Channel.LETTER: "by letter",
    Channel.OTHER: "that way",
}

# "Your last 3 ___ to Dan went unanswered."
_CHANNEL_PLURALS = {
    Channel.EMAIL: "emails",
    Channel.CALL: "calls",
    Channel.MEETING: "meeting requests",
    Channel.MESSAGE: "messages",
    Channel.VIDEO: "video calls",
    Channel.SOCIAL: "messages",
    Channel.LETTER: "letters",
    Channel.OTHER: "contacts",
}


def channel_noun(channel: Channel) -> str:
    """How a channel reads as a way of being reached: CALL -> "phone"."""
    return _(_CHANNEL_NOUNS[channel])


def preference_text(preferred: Channel | None, avoid: Iterable[Channel]) -> str:
    """A person's wishes in a few words: "prefers email, not phone or video calls".

    Returns "" when there is nothing to say. A preferred channel that is also in
    ``avoid`` (contradictory data) is not mentioned as preferred.
    """
    avoided = sorted(set(avoid), key=list(Channel).index)
    parts: list[str] = []
    if preferred is not None and preferred not in avoided:
        parts.append(_("prefers {channel}").format(channel=channel_noun(preferred)))
    if avoided:
        others = _join_or([channel_noun(c) for c in avoided])
        parts.append(_("not {channels}").format(channels=others))
    return ", ".join(parts)


def _join_or(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("{some} or {last}").format(some=", ".join(words[:-1]), last=words[-1])


class OutreachKind(enum.StrEnum):
    AVOIDED_CHANNEL = "avoided_channel"
    UNANSWERED = "unanswered"
    BURST = "burst"


@dataclass(frozen=True)
class OutreachThresholds:
    """When to warn: ``unanswered`` outbound contacts in a row with no reply before this
    one, or ``burst_count`` outbound contacts (this one included) within ``burst_window``."""

    unanswered: int = 3
    burst_count: int = 3
    burst_window: timedelta = timedelta(hours=4)

    def __post_init__(self) -> None:
        if self.unanswered < 1 or self.burst_count < 1:
            raise ValueError("outreach thresholds must be at least 1")
        if self.burst_window <= timedelta(0):
            raise ValueError("the burst window must be longer than zero")


DEFAULT_THRESHOLDS = OutreachThresholds()


@dataclass(frozen=True)
class RecentContact:
    """One earlier contact with the person, as far as these rules care."""

    occurred_at: datetime
    direction: Direction
    channel: Channel


@dataclass(frozen=True)
class OutreachWarning:
    """A gentle warning to show before logging. ``count`` is what the rule counted:
    1 for an avoided channel, the unanswered streak, or the contacts in the burst."""

    kind: OutreachKind
    count: int
    message: str


def check_outreach(
    channel: Channel,
    when: datetime,
    recent: Sequence[RecentContact],
    *,
    name: str,
    preferred: Channel | None,
    avoid: frozenset[Channel],
    thresholds: OutreachThresholds = DEFAULT_THRESHOLDS,
) -> list[OutreachWarning]:
    """Warnings for logging an *outbound* contact with ``name`` on ``channel`` at ``when``.

    ``recent`` is the person's contact history in any order; contacts after ``when``
    count only for the burst rule (a contact logged after the fact can still be part of
    a burst). Warnings come in a fixed order: avoided channel, unanswered, burst.
    """
    who = name.strip() or "This person"
    avoided = avoided_channel_warning(channel, name, preferred=preferred, avoid=avoid)
    warnings: list[OutreachWarning] = [avoided] if avoided is not None else []

    streak = unanswered_streak(when, recent)
    if len(streak) >= thresholds.unanswered:
        warnings.append(
            OutreachWarning(
                OutreachKind.UNANSWERED,
                len(streak),
                f"Your last {len(streak)} {_streak_noun(streak, who)} went unanswered. "
                "Maybe give it time?",
            )
        )

    burst = burst_size(when, recent, thresholds.burst_window)
    if burst >= thresholds.burst_count:
        warnings.append(
            OutreachWarning(
                OutreachKind.BURST,
                burst,
                f"This would be {burst} contacts to {who} "
                f"in {describe_span(thresholds.burst_window)}.",
            )
        )
    return warnings


def avoided_channel_warning(
    channel: Channel, name: str, *, preferred: Channel | None, avoid: frozenset[Channel]
) -> OutreachWarning | None:
    """ "Priya asked not to be reached by phone; prefers email." when ``channel`` is one
    they avoid: the same words for a contact being logged and a promise being made."""
    if channel not in avoid:
        return None
    message = f"{name.strip() or 'This person'} asked not to be reached {_CHANNEL_MEANS[channel]}"
    if preferred is not None and preferred not in avoid:
        message += f"; prefers {channel_noun(preferred)}"
    return OutreachWarning(OutreachKind.AVOIDED_CHANNEL, 1, message + ".")


def unanswered_streak(when: datetime, recent: Iterable[RecentContact]) -> list[RecentContact]:
    """The outbound contacts at or before ``when`` since their last reply (an inbound or
    both-ways contact), most recent first."""
    earlier = sorted(
        (c for c in recent if c.occurred_at <= when), key=lambda c: c.occurred_at, reverse=True
    )
    streak: list[RecentContact] = []
    for contact in earlier:
        if contact.direction is not Direction.OUTBOUND:
            break
        streak.append(contact)
    return streak


def burst_size(when: datetime, recent: Iterable[RecentContact], window: timedelta) -> int:
    """The most outbound contacts, the one at ``when`` included, that fit in any span of
    length ``window`` (both ends inclusive) containing ``when``."""
    times = sorted(
        c.occurred_at
        for c in recent
        if c.direction is Direction.OUTBOUND and abs(c.occurred_at - when) <= window
    )
    best = 1
    for start in [t for t in times if t <= when] + [when]:
        end = start + window
        best = max(best, 1 + sum(1 for t in times if start <= t <= end))
    return best


def _streak_noun(streak: Sequence[RecentContact], who: str) -> str:
    channels = {c.channel for c in streak}
    if len(channels) == 1:
        return f"{_CHANNEL_PLURALS[channels.pop()]} to {who}"
    return f"attempts to reach {who}"


def describe_span(span: timedelta) -> str:
    """A window in words: "4 hours", "1 day", "90 minutes"."""
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}" + ("" if count == 1 else "s")
    return f"{seconds} seconds"
