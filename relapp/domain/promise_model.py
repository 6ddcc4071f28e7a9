"""What a promise is, as stored: who promised what to whom, by when, and its status.
Re-exported by ``relapp.domain.promises``, where the rules about promises live."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _
from relapp.domain.model import Channel
from relapp.domain.recurrence import check_rule


class PromiseStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Promiser(enum.StrEnum):
    """Who made the promise: you, or the other person ("Dan said he'd send the quotes")."""

    ME = "me"
    THEM = "them"


@dataclass(frozen=True)
class PromiseDraft:
    """A promise before it is stored.

    ``what`` is a short phrase of what will be done ("send the pricing"); ``channel`` how
    (None: not said). ``due_at`` may be given in any zone; it is kept in UTC.
    ``recurrence``: a recurring promise's rule (an RFC 5545 RRULE value, see
    ``domain/recurrence.py``); this promise is then one occurrence of it.
    ``zone``: the IANA name of the time zone its wall-clock time is meant in (a task
    written on a phone in New York: "America/New_York"); None: the user's zone, whatever
    it is at the time. The due instant is ``due_at`` either way; a repeat rule's time of
    day, weekday and day of the month are the zone's (:func:`zone_of`).
    """

    person_id: int
    promiser: Promiser
    what: str
    channel: Channel | None
    due_at: datetime
    recurrence: str | None = field(default=None, kw_only=True)
    zone: str | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if not self.what.strip():
            raise InvalidInput(N_("what"), _("Say what was promised."))
        _set_utc(self, "due_at")
        if self.recurrence is not None:
            object.__setattr__(self, "recurrence", check_rule(self.recurrence))
        if self.zone is not None and named_zone(self.zone) is None:
            raise InvalidInput(
                N_("time zone"), _("{zone} is not a known time zone.").format(zone=repr(self.zone))
            )


@dataclass(frozen=True)
class Promise(PromiseDraft):
    """A stored promise. ``snoozed_until`` postpones its reminder (never brings it
    forward); ``last_notified_at`` is when a reminder for it was last shown."""

    id: int
    status: PromiseStatus
    snoozed_until: datetime | None
    last_notified_at: datetime | None
    created_at: datetime
    done_at: datetime | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("snoozed_until", "last_notified_at", "created_at", "done_at"):
            _set_utc(self, name)

    @property
    def is_open(self) -> bool:
        return self.status is PromiseStatus.OPEN

    def draft(self) -> PromiseDraft:
        return PromiseDraft(**{f.name: getattr(self, f.name) for f in fields(PromiseDraft)})


def _set_utc(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if value is not None:
        object.__setattr__(obj, name, _require_aware(value, name).astimezone(UTC))


def _require_aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    return value


def named_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone of that name (with its daylight-saving rules); None when there is
    no such zone here (or no name)."""
    if not name or name.startswith("/") or len(name) > 100:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_key(zone: tzinfo) -> str | None:
    """The name a promise made in ``zone`` keeps as its own: the zone's IANA name; None
    for UTC or a zone without a name (a fixed offset): it then follows the user's."""
    key = getattr(zone, "key", None)
    return str(key) if key and key not in ("UTC", "Etc/UTC") else None


def zone_of(p: PromiseDraft, local: tzinfo) -> tzinfo:
    """The zone a promise's wall-clock time is meant in: its own, else the user's
    (``local``). Its next occurrence and its rule's time of day are worked out there."""
    return named_zone(p.zone) or local


def other_zone(p: PromiseDraft, local: tzinfo) -> str | None:
    """The promise's zone's name when its wall-clock time is not the user's (a promise of
    New York shown in Berlin); None when it has no zone of its own or it is the user's."""
    own = named_zone(p.zone)
    if own is None or own.key == getattr(local, "key", None):
        return None
    return own.key
