"""Plain values of the Relapp domain: people, their contact points and interactions.

No Qt, no peewee. Times are timezone-aware datetimes in UTC; the UI shows them in
local time. Birthdays may have no year.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from relapp.domain.dates import day_month_text, long_day_text
from relapp.domain.i18n import N_, _, pgettext


class Channel(enum.StrEnum):
    """How an interaction happened, or how a person wants to be reached."""

    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    MESSAGE = "message"
    VIDEO = "video"
    SOCIAL = "social"
    LETTER = "letter"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_CHANNEL_LABELS[self])

    @property
    def word(self) -> str:
        """The label within a sentence: "call" in English, "Anruf" in German (nouns keep
        their capital there, so this is a message of its own, not ``label.lower()``)."""
        return _CHANNEL_WORDS[self]()


_CHANNEL_WORDS: dict[Channel, Callable[[], str]] = {
    Channel.EMAIL: lambda: pgettext("channel, within a sentence", "email"),
    Channel.CALL: lambda: pgettext("channel, within a sentence", "call"),
    Channel.MEETING: lambda: pgettext("channel, within a sentence", "meeting"),
    Channel.MESSAGE: lambda: pgettext("channel, within a sentence", "message"),
    Channel.VIDEO: lambda: pgettext("channel, within a sentence", "video call"),
    Channel.SOCIAL: lambda: pgettext("channel, within a sentence", "social"),
    Channel.LETTER: lambda: pgettext("channel, within a sentence", "letter"),
    Channel.OTHER: lambda: pgettext("channel, within a sentence", "other"),
}
_CHANNEL_LABELS = {
    Channel.EMAIL: N_("Email"),
    Channel.CALL: N_("Call"),
    Channel.MEETING: N_("Meeting"),
    Channel.MESSAGE: N_("Message"),
    Channel.VIDEO: N_("Video call"),
    Channel.SOCIAL: N_("Social"),
    Channel.LETTER: N_("Letter"),
    Channel.OTHER: N_("Other"),
}


class Direction(enum.StrEnum):
    """Who reached out: you to them, them to you, or a conversation both ways."""

    OUTBOUND = "outbound"
    INBOUND = "inbound"
    BOTH = "both"

    @property
    def label(self) -> str:
        return _(_DIRECTION_LABELS[self])

    @property
    def arrow(self) -> str:
        return _DIRECTION_ARROWS[self]


_DIRECTION_LABELS = {
    Direction.OUTBOUND: N_("You → them"),
    Direction.INBOUND: N_("They → you"),
    Direction.BOTH: N_("Both ways"),
}
_DIRECTION_ARROWS = {Direction.OUTBOUND: "→", Direction.INBOUND: "←", Direction.BOTH: "⇄"}


class InteractionKind(enum.StrEnum):
    ORDINARY = "ordinary"
    FAVOUR_GIVEN = "favour_given"
    FAVOUR_RECEIVED = "favour_received"
    INTRODUCTION = "introduction"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def is_contact(self) -> bool:
        """Whether it counts as talking to the person: for "last talked", the health
        score and how often you are in touch. An introduction is an event in history
        (with its own date), not a contact: recording one made years ago must not make
        the relationship look fresh."""
        return self not in NOT_CONTACT_KINDS


NOT_CONTACT_KINDS = frozenset({InteractionKind.INTRODUCTION})

_KIND_LABELS = {
    InteractionKind.ORDINARY: N_("Ordinary"),
    InteractionKind.FAVOUR_GIVEN: N_("Favour I did them"),
    InteractionKind.FAVOUR_RECEIVED: N_("Favour they did me"),
    InteractionKind.INTRODUCTION: N_("Introduction"),
}


class ContactKind(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    ADDRESS = "address"
    SOCIAL = "social"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Birthday:
    """A birthday (or any yearly day: an anniversary); ``year`` is None when only the day
    is known."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # Validate against a leap year so 29 February without a year is allowed.
        date(self.year if self.year is not None else 2000, self.month, self.day)

    def display(self) -> str:
        if self.year is not None:
            return long_day_text(date(self.year, self.month, self.day))
        return day_month_text(date(2000, self.month, self.day))


@dataclass(frozen=True)
class ContactPoint:
    kind: ContactKind
    value: str
    label: str = ""


@dataclass(frozen=True)
class PersonDraft:
    """Everything a user (or an import) can say about a person, before it is stored."""

    display_name: str
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    organisation: str = ""
    title: str = ""
    birthday: Birthday | None = None
    met_on: date | None = None
    met_how: str = ""
    preferred_channel: Channel | None = None
    avoid_channels: frozenset[Channel] = frozenset()
    cadence_days: int | None = None
    notes: str = ""
    tags: tuple[str, ...] = ()
    contact_points: tuple[ContactPoint, ...] = ()
    photo: bytes | None = None
    anniversary: Birthday | None = None  # a wedding or other yearly day (year optional)

    def emails(self) -> list[str]:
        return [c.value for c in self.contact_points if c.kind is ContactKind.EMAIL]

    def phones(self) -> list[str]:
        return [c.value for c in self.contact_points if c.kind is ContactKind.PHONE]


@dataclass(frozen=True)
class Person(PersonDraft):
    """A stored person."""

    id: int = 0
    created_at: datetime | None = None
    archived_at: datetime | None = None
    last_contact_at: datetime | None = None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def draft(self) -> PersonDraft:
        fields = {name: getattr(self, name) for name in PersonDraft.__dataclass_fields__}
        return PersonDraft(**fields)


@dataclass(frozen=True)
class PersonRow:
    """One line of the people list: just what the list shows."""

    id: int
    display_name: str
    organisation: str
    last_contact_at: datetime | None
    archived: bool = False


@dataclass(frozen=True)
class InteractionDraft:
    occurred_at: datetime
    channel: Channel
    direction: Direction
    person_ids: tuple[int, ...]
    summary: str = ""
    notes: str = ""
    kind: InteractionKind = InteractionKind.ORDINARY


@dataclass(frozen=True)
class Interaction(InteractionDraft):
    id: int = 0

    def draft(self) -> InteractionDraft:
        fields = {name: getattr(self, name) for name in InteractionDraft.__dataclass_fields__}
        return InteractionDraft(**fields)


@dataclass(frozen=True)
class PersonRef:
    """A person named somewhere else (an interaction's other participants, a match)."""

    id: int
    display_name: str


@dataclass(frozen=True)
class HistoryEntry:
    """An interaction as seen from one person's page."""

    interaction: Interaction
    others: tuple[PersonRef, ...] = field(default=())
    captured_from: str = ""
    """Where history capture took it from ("mbox", "ics", "whatsapp" ...); "" for an
    entry logged by hand."""
    message_count: int = 0  # captured: the messages it stands for
