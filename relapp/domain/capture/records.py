"""What a capture source yields, before any rule is applied.

Every source (mbox, Maildir, .eml, .ics, WhatsApp, Telegram, SMS Backup & Restore,
LinkedIn) reads its file and yields, in file order, a stream of:

- ``Captured``: one message, call or calendar event (one per past instance of a
  recurring event), with the parties as the file names them;
- ``CapturedPerson``: a person the file describes (LinkedIn ``Connections.csv``);
- ``CaptureProblem``: something in the file that could not be read, saying where.

Sources do not decide who is me, who is known, what is a conversation or how messages
group into interactions: those are the rules in this package, applied to these records.
Only headers and metadata are kept: no body text is ever carried.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class SourceKind(enum.StrEnum):
    MBOX = "mbox"
    MAILDIR = "maildir"
    EML = "eml"
    ICS = "ics"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    SMS = "sms"  # SMS Backup & Restore sms.xml
    CALLS = "calls"  # SMS Backup & Restore calls.xml
    LINKEDIN_MESSAGES = "linkedin-messages"
    LINKEDIN_CONNECTIONS = "linkedin-connections"


class RecordKind(enum.StrEnum):
    MAIL = "mail"
    MESSAGE = "message"  # a chat or SMS message
    CALL = "call"
    EVENT = "event"  # a calendar event (instance)


class AddressKind(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    PROFILE_URL = "profile-url"  # e.g. a LinkedIn profile URL
    NAME = "name"  # only a display name (WhatsApp, Telegram authors)


@dataclass(frozen=True)
class Party:
    """Someone a record names: a sender, a recipient, an organizer or an attendee."""

    address: str  # as found in the file: "carol@example.org", "+49 170 1234567", a URL or a name
    kind: AddressKind
    name: str = ""  # the display name the file gives, if any
    declined: bool = False  # calendar: this attendee's PARTSTAT is DECLINED


@dataclass(frozen=True)
class Captured:
    """One message, call or event as the file has it."""

    kind: RecordKind
    source: SourceKind
    key: str
    """Identity within its source, stable across re-imports of the same or a grown file:
    the Message-ID (or a hash of Date+From+Subject when there is none); calendar
    "UID#RECURRENCE-ID"; chats "<chat id>#<timestamp>#<author>#<n>"; calls/SMS their date
    and number."""
    occurred_at: datetime  # timezone-aware; the event's start for calendar records
    thread: str
    """What groups records into one interaction per day: mail the root of References /
    In-Reply-To (else its own Message-ID); chats and SMS the chat (or the other number);
    calendar the record's own key (every instance stands alone)."""
    sender: Party | None = None  # mail/chat author; the organizer of an event
    recipients: tuple[Party, ...] = ()  # To/Cc/Bcc; chat members; event attendees
    from_me: bool | None = None
    """When the file itself says so (SMS type 2, an outgoing call, Telegram's own id,
    a mail in a "Sent" folder); None when only the "me" addresses can decide."""
    subject: str = ""  # mail Subject, event SUMMARY, chat title
    duration_seconds: int | None = None  # calls
    missed: bool = False  # calls: missed / rejected
    bulk_headers: tuple[tuple[str, str], ...] = ()
    """Mail only: the headers the not-a-conversation rule reads, lower-cased names
    (list-id, list-unsubscribe, precedence, auto-submitted), values as found."""
    where: str = ""  # for messages: "message 1,204" / "line 88"; used in problem reports


@dataclass(frozen=True)
class CapturedPerson:
    """A person the file describes (LinkedIn Connections.csv)."""

    source: SourceKind
    first_name: str
    last_name: str
    email: str = ""
    profile_url: str = ""
    organisation: str = ""
    title: str = ""
    connected_on: date | None = None
    where: str = ""


@dataclass(frozen=True)
class CaptureProblem:
    """Something in a file that could not be read; the rest of the file still imports."""

    file: str
    where: str  # "message 1,204", "line 88", "entry ../evil.txt"
    message: str  # plain words: what is wrong


CaptureItem = Captured | CapturedPerson | CaptureProblem
