"""History entries and introductions as CalDAV journal entries (``VJOURNAL``) and back
(issue 16).

An interaction::

    DTSTART:20260302T093000Z                   when it happened (UTC)
    SUMMARY:Lunch at Rosa's                    its summary (absent when empty)
    DESCRIPTION:notes…                         its notes, as plain text
    X-RELAPP-RECORD:interaction
    X-RELAPP-CHANNEL:meeting  X-RELAPP-DIRECTION:both  X-RELAPP-KIND:ordinary
    X-RELAPP-PERSON-UID:<uid>                  one property per person, in order

An introduction::

    DTSTART;VALUE=DATE:20250611                the day it happened (absent when unknown)
    SUMMARY:Carol Roth introduced you to Dan   its description (introductions.describe)
    DESCRIPTION:at the SmallBiz conference     its context
    X-RELAPP-RECORD:introduction
    X-RELAPP-INTRODUCER / X-RELAPP-PERSON-A / X-RELAPP-PERSON-B:<uid>
                                               absent: you (at most one of the three)
    X-RELAPP-INTERACTION-UID:<uid>             the history entry that logged it

A journal entry without ``X-RELAPP-RECORD`` (a jtx Board note, say) is not Relapp's:
:func:`read_journal` says so with :class:`NotRelapps` and the entry is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import TypeVar

import icalendar

from relapp.domain.introductions import IntroductionDraft, describe
from relapp.domain.model import Channel, Direction, InteractionKind
from relapp.domain.sync.ical_lines import parse_blocks, render
from relapp.domain.sync.ical_text import (
    RECORD,
    RELAPP_PRODID,
    calendar_text,
    main_block,
    parse_item,
    text_of,
    utc_of,
    x_value,
    x_values,
)
from relapp.domain.sync.ical_write import date_value, escaped, item_text, utc_value

INTERACTION = "interaction"
INTRODUCTION = "introduction"
CHANNEL = "X-RELAPP-CHANNEL"
DIRECTION = "X-RELAPP-DIRECTION"
KIND = "X-RELAPP-KIND"
PERSON = "X-RELAPP-PERSON-UID"
INTRODUCER = "X-RELAPP-INTRODUCER"
PERSON_A = "X-RELAPP-PERSON-A"
PERSON_B = "X-RELAPP-PERSON-B"
LOGGED_AS = "X-RELAPP-INTERACTION-UID"
NOON = time(12, 0)


@dataclass(frozen=True)
class InteractionItem:
    """``person_uids`` is kept sorted and without repeats: a server may reorder lines of
    one name, so their order carries no meaning."""

    uid: str
    occurred_at: datetime
    channel: Channel
    direction: Direction
    person_uids: tuple[str, ...]
    summary: str = ""
    notes: str = ""
    kind: InteractionKind = InteractionKind.ORDINARY
    modified_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "person_uids", tuple(sorted(set(self.person_uids))))


@dataclass(frozen=True)
class IntroductionItem:
    """``None`` for a UID is you."""

    uid: str
    introducer_uid: str | None
    person_a_uid: str | None
    person_b_uid: str | None
    occurred_on: date | None = None
    context: str = ""
    summary: str = ""
    interaction_uid: str | None = None
    modified_at: datetime | None = None


@dataclass(frozen=True)
class NotRelapps:
    """A journal entry Relapp did not write and does not read; it is left as it is."""

    uid: str
    reason: str


def introduction_summary(introducer: str | None, person_a: str | None, person_b: str | None) -> str:
    """ "Carol Roth introduced you to Dan Whitaker" from the three names (None: you), in
    the words of ``introductions.describe``."""
    ids = [None if n is None else i for i, n in enumerate((introducer, person_a, person_b), 1)]
    names: Mapping[int, str] = {
        i: n for i, n in enumerate((introducer, person_a, person_b), 1) if n is not None
    }
    return describe(IntroductionDraft(ids[0], ids[1], ids[2]), names)


# --- writing -----------------------------------------------------------------------------------


def journal_text(item: InteractionItem | IntroductionItem, now: datetime) -> str:
    """A new ``VCALENDAR`` holding the entry's ``VJOURNAL`` (written directly: the bytes
    ``icalendar`` wrote, at a fraction of the cost; ``ical_write``)."""
    stamp = ":" + utc_value(now)
    lines = [("UID", ":" + escaped(calendar_text(item.uid))), ("DTSTAMP", stamp)]
    lines.append(("LAST-MODIFIED", stamp))
    if isinstance(item, InteractionItem):
        _interaction(lines, item)
    else:
        _introduction(lines, item)
    return item_text(RELAPP_PRODID, "VJOURNAL", lines)


def _text(value: str) -> str:
    return ":" + escaped(calendar_text(value))


def _interaction(lines: list[tuple[str, str]], item: InteractionItem) -> None:
    lines.append(("DTSTART", ":" + utc_value(item.occurred_at)))
    if item.summary:
        lines.append(("SUMMARY", _text(item.summary)))
    if item.notes:
        lines.append(("DESCRIPTION", _text(item.notes)))
    lines.append((RECORD, ":" + INTERACTION))
    lines.append((CHANNEL, _text(item.channel.value)))
    lines.append((DIRECTION, _text(item.direction.value)))
    lines.append((KIND, _text(item.kind.value)))
    lines.extend((PERSON, _text(uid)) for uid in item.person_uids)


def _introduction(lines: list[tuple[str, str]], item: IntroductionItem) -> None:
    if item.occurred_on is not None:
        lines.append(("DTSTART", ";VALUE=DATE:" + date_value(item.occurred_on)))
    if item.summary:
        lines.append(("SUMMARY", _text(item.summary)))
    if item.context:
        lines.append(("DESCRIPTION", _text(item.context)))
    lines.append((RECORD, ":" + INTRODUCTION))
    for name, uid in (
        (INTRODUCER, item.introducer_uid),
        (PERSON_A, item.person_a_uid),
        (PERSON_B, item.person_b_uid),
        (LOGGED_AS, item.interaction_uid),
    ):
        if uid:
            lines.append((name, _text(uid)))


# --- reading -----------------------------------------------------------------------------------


def read_journal(
    text: str, zone: tzinfo, *, source: str = "journal entry"
) -> InteractionItem | IntroductionItem | NotRelapps:
    """The interaction or introduction a journal entry holds, or :class:`NotRelapps`.
    Unknown channel, direction or kind words read as "other", "both ways" and
    "ordinary". ``zone`` is the user's: a floating time is wall time there, a DATE-only
    DTSTART is noon that day.

    Raises ``CalendarItemError`` (source, line, why) for text that is not a journal."""
    _, journal = parse_item(text, source, "VJOURNAL")
    uid = text_of(journal, "UID") or ""
    record = (x_value(journal, RECORD) or "").lower()
    modified = utc_of(journal, "LAST-MODIFIED", zone, NOON) or utc_of(
        journal, "DTSTAMP", zone, NOON
    )
    if record == INTERACTION:
        return _read_interaction(journal, uid, zone, modified)
    if record == INTRODUCTION:
        return _read_introduction(journal, uid, zone, modified)
    if record:
        return NotRelapps(uid, f"a Relapp record of a kind this Relapp does not know: {record}")
    return NotRelapps(uid, "not written by Relapp (no X-RELAPP-RECORD)")


def _read_interaction(
    journal: icalendar.Component, uid: str, zone: tzinfo, modified: datetime | None
) -> InteractionItem | NotRelapps:
    occurred = (
        utc_of(journal, "DTSTART", zone, NOON)
        or utc_of(journal, "CREATED", zone, NOON)
        or utc_of(journal, "DTSTAMP", zone, NOON)
    )
    if occurred is None:
        return NotRelapps(uid, "a history entry without a date")
    return InteractionItem(
        uid=uid,
        occurred_at=occurred,
        channel=_enum(Channel, x_value(journal, CHANNEL)) or Channel.OTHER,
        direction=_enum(Direction, x_value(journal, DIRECTION)) or Direction.BOTH,
        person_uids=tuple(v.strip() for v in x_values(journal, PERSON)),
        summary=text_of(journal, "SUMMARY") or "",
        notes=text_of(journal, "DESCRIPTION") or "",
        kind=_enum(InteractionKind, x_value(journal, KIND)) or InteractionKind.ORDINARY,
        modified_at=modified,
    )


def _read_introduction(
    journal: icalendar.Component, uid: str, zone: tzinfo, modified: datetime | None
) -> IntroductionItem | NotRelapps:
    who = [x_value(journal, name) or None for name in (INTRODUCER, PERSON_A, PERSON_B)]
    if sum(w is None for w in who) > 1:
        return NotRelapps(uid, "an introduction that names fewer than two people")
    if len(set(who)) < 3:
        return NotRelapps(uid, "an introduction that names one person twice")
    start = journal.get("DTSTART")
    day = getattr(start, "dt", None)
    if isinstance(day, datetime):
        day = (day.replace(tzinfo=zone) if day.tzinfo is None else day).astimezone(zone).date()
    return IntroductionItem(
        uid=uid,
        introducer_uid=who[0],
        person_a_uid=who[1],
        person_b_uid=who[2],
        occurred_on=day if isinstance(day, date) else None,
        context=text_of(journal, "DESCRIPTION") or "",
        summary=text_of(journal, "SUMMARY") or "",
        interaction_uid=x_value(journal, LOGGED_AS) or None,
        modified_at=modified,
    )


_E = TypeVar("_E", Channel, Direction, InteractionKind)


def _enum(kind: type[_E], value: str | None) -> _E | None:
    if value is None:
        return None
    try:
        return kind(value.strip().lower())
    except ValueError:
        return None


# --- editing the server's copy -------------------------------------------------------------------

_INTERACTION_PROPERTIES = {
    "occurred_at": ("DTSTART",),
    "summary": ("SUMMARY",),
    "notes": ("DESCRIPTION",),
    "channel": (CHANNEL,),
    "direction": (DIRECTION,),
    "kind": (KIND,),
    "person_uids": (PERSON,),
}
_INTRODUCTION_PROPERTIES = {
    "occurred_on": ("DTSTART",),
    "summary": ("SUMMARY",),
    "context": ("DESCRIPTION",),
    "introducer_uid": (INTRODUCER,),
    "person_a_uid": (PERSON_A,),
    "person_b_uid": (PERSON_B,),
    "interaction_uid": (LOGGED_AS,),
}
INTERACTION_FIELDS = frozenset(_INTERACTION_PROPERTIES)
INTRODUCTION_FIELDS = frozenset(_INTRODUCTION_PROPERTIES)


def edit_journal(
    original: str,
    item: InteractionItem | IntroductionItem,
    changed: Iterable[str],
    now: datetime,
    *,
    source: str = "journal entry",
) -> str:
    """The server's journal entry with only what ``changed`` names (``INTERACTION_FIELDS``
    or ``INTRODUCTION_FIELDS``) set from ``item``, and DTSTAMP/LAST-MODIFIED set to
    ``now``; every other line stays as the server had it."""
    table = (
        _INTERACTION_PROPERTIES if isinstance(item, InteractionItem) else _INTRODUCTION_PROPERTIES
    )
    names = set(changed)
    unknown = names - set(table)
    if unknown:
        raise ValueError(f"not a field of this entry: {', '.join(sorted(unknown))}")
    root, _ = parse_item(original, source, "VJOURNAL")
    entry = main_block(root, "VJOURNAL")
    fresh = main_block(parse_blocks(journal_text(item, now), "Relapp"), "VJOURNAL")
    properties = {"DTSTAMP", "LAST-MODIFIED", RECORD}
    for name in names:
        properties.update(table[name])
    for prop in sorted(properties):
        entry.replace_property(prop, fresh.lines(prop))
    return render(root)
