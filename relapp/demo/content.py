"""The words of the demo database: who its people are and what passed between you.

Data only; ``relapp.demo.build`` turns it into people and interactions. Each story
from the design notes is a ``Story`` (in ``relapp.demo.stories``): its people,
and the scripted moments that make the story visible. Days are counted from the story's
anchor date (negative: before it); the ordinary rest of each history is generated from
the person's ``Rhythm`` with the wording below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionKind,
    PersonDraft,
)

C = Channel
D = Direction
K = InteractionKind


@dataclass(frozen=True)
class Rhythm:
    """How a person's ordinary history is generated around the scripted moments."""

    count: int  # how many ordinary interactions
    newest_days_ago: int  # the most recent one, counted back from today
    oldest_days_ago: int
    channels: tuple[Channel, ...]  # a channel listed twice comes up twice as often
    topics: tuple[str, ...]  # what you talked about; each fits after "Called Ada — "
    initiative: float = 0.5  # the chance that you, not they, reached out


@dataclass(frozen=True)
class DemoPerson:
    draft: PersonDraft
    met_day: int | None = None  # when you met, in days from the story's anchor
    rhythm: Rhythm | None = None

    @property
    def call_name(self) -> str:
        """What you call them in a summary: "Mum", "Mr. Okafor", "Carol"."""
        d = self.draft
        return d.nickname or d.given_name or d.display_name.split()[0]


@dataclass(frozen=True)
class Moment:
    day: int  # days from the story's anchor date
    at: str  # local wall-clock time, "HH:MM"
    channel: Channel
    direction: Direction
    people: tuple[str, ...]  # demo keys of everyone involved
    summary: str
    kind: InteractionKind = InteractionKind.ORDINARY
    notes: str = ""


@dataclass(frozen=True)
class Story:
    people: dict[str, DemoPerson]
    moments: tuple[Moment, ...] = field(default=())


def mix(**weights: int) -> tuple[Channel, ...]:
    """``mix(call=3, email=1)``: a channel pool where calls come up three times as often."""
    return tuple(Channel(name) for name, weight in weights.items() for _ in range(weight))


def email(value: str, label: str = "") -> ContactPoint:
    return ContactPoint(ContactKind.EMAIL, value, label)


def phone(value: str, label: str = "") -> ContactPoint:
    return ContactPoint(ContactKind.PHONE, value, label)


# How an ordinary summary starts, by channel and direction; "{name}" is the call name.
OPENERS: dict[tuple[Channel, Direction], tuple[str, ...]] = {
    (C.MEETING, D.BOTH): (
        "Lunch at Rosa's",
        "Coffee at the Blue Door",
        "Dinner at Marlowe's",
        "Walk around White Rock Lake with {name}",
        "Drinks at The Anchor",
        "Breakfast at the Corner Bakery",
    ),
    (C.MEETING, D.OUTBOUND): ("Dropped by to see {name}", "Took {name} out for coffee"),
    (C.MEETING, D.INBOUND): ("{name} dropped by", "{name} invited me for lunch"),
    (C.CALL, D.OUTBOUND): ("Called {name}", "Rang {name} on the way home"),
    (C.CALL, D.INBOUND): ("{name} called", "Call from {name}"),
    (C.CALL, D.BOTH): ("Long call with {name}", "Phone catch-up with {name}"),
    (C.EMAIL, D.OUTBOUND): ("Emailed {name}", "Wrote to {name}"),
    (C.EMAIL, D.INBOUND): ("Email from {name}", "{name} wrote"),
    (C.EMAIL, D.BOTH): ("Email thread with {name}",),
    (C.MESSAGE, D.OUTBOUND): ("Texted {name}", "Sent {name} a message"),
    (C.MESSAGE, D.INBOUND): ("{name} texted", "Message from {name}"),
    (C.MESSAGE, D.BOTH): ("Texting back and forth with {name}",),
    (C.VIDEO, D.BOTH): ("Video call with {name}", "FaceTime with {name}"),
    (C.VIDEO, D.OUTBOUND): ("Video-called {name}",),
    (C.VIDEO, D.INBOUND): ("{name} video-called",),
    (C.SOCIAL, D.OUTBOUND): ("Commented on {name}'s post", "Liked {name}'s photos"),
    (C.SOCIAL, D.INBOUND): ("{name} commented on my post", "{name} tagged me in a photo"),
    (C.SOCIAL, D.BOTH): ("Chatting with {name} under a post",),
    (C.LETTER, D.OUTBOUND): ("Sent {name} a card", "Wrote {name} a letter"),
    (C.LETTER, D.INBOUND): ("Card from {name}", "Letter from {name}"),
    (C.LETTER, D.BOTH): ("Letters with {name}",),
    (C.OTHER, D.OUTBOUND): ("Left a note for {name}",),
    (C.OTHER, D.INBOUND): ("{name} left a note",),
    (C.OTHER, D.BOTH): ("Bumped into {name}",),
}

# When things happen, local time: meetings at meal times, the rest through the day.
MEETING_TIMES = ("08:30", "12:30", "13:00", "17:45", "18:30", "19:30")
