"""Items the sync codec tests share: a promise and its task, an interaction, an
introduction, and tasks and notes in the shapes other apps write (made up from RFC 5545
and the apps' public documentation; no real data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from relapp.domain.model import Channel, Direction, InteractionKind
from relapp.domain.promises import Promise, Promiser, PromiseStatus
from relapp.domain.sync.journal_codec import InteractionItem, IntroductionItem
from relapp.domain.sync.todo_codec import PromiseItem, promise_item

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DUE = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)


def promise(**changes: object) -> Promise:
    base = Promise(
        person_id=7,
        promiser=Promiser.ME,
        what="send the quotes",
        channel=Channel.CALL,
        due_at=DUE,
        id=3,
        status=PromiseStatus.OPEN,
        snoozed_until=None,
        last_notified_at=None,
        created_at=datetime(2026, 2, 27, 9, 0, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def item(**changes: object) -> PromiseItem:
    return promise_item(
        promise(**changes),
        uid="promise-1@relapp",
        person_uid="person-dan@relapp",
        person_name="Dan",
    )


TASKS_ORG = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:+//IDN tasks.org//android-140304//EN
BEGIN:VTODO
DTSTAMP:20260301T101500Z
UID:4521093874629384756
CREATED:20260301T101200Z
LAST-MODIFIED:20260301T101500Z
SUMMARY:Buy a birthday card for Ann
DESCRIPTION:the one with the boat
PRIORITY:1
STATUS:NEEDS-ACTION
CATEGORIES:family,errands
DUE;TZID=Europe/Vienna:20260310T180000
X-APPLE-SORT-ORDER:-1234
BEGIN:VALARM
TRIGGER;RELATED=END:PT0S
ACTION:DISPLAY
DESCRIPTION:Default Tasks.org description
END:VALARM
BEGIN:VALARM
TRIGGER;RELATED=END:-PT15M
ACTION:DISPLAY
DESCRIPTION:Default Tasks.org description
END:VALARM
END:VTODO
BEGIN:VTIMEZONE
TZID:Europe/Vienna
BEGIN:STANDARD
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19810329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
END:VCALENDAR
"""

IOS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//iOS 17.4//EN
CALSCALE:GREGORIAN
BEGIN:VTODO
CREATED:20260301T091000Z
UID:6F1C3F4E-2B7A-4C1E-9D3A-0B2E5C7A9F11
SUMMARY:Call Carol: the venue for June
DTSTAMP:20260301T091100Z
LAST-MODIFIED:20260301T091100Z
SEQUENCE:0
STATUS:NEEDS-ACTION
DTSTART;TZID=America/New_York:20260312T150000
DUE;TZID=America/New_York:20260312T150000
X-APPLE-SORT-ORDER:794052000
BEGIN:VALARM
X-WR-ALARMUID:0C3D8E1A-7F55-4C2B-A1E4-5B9D2F6C8A70
UID:0C3D8E1A-7F55-4C2B-A1E4-5B9D2F6C8A70
TRIGGER;VALUE=DATE-TIME:20260312T190000Z
DESCRIPTION:Reminder
ACTION:DISPLAY
END:VALARM
END:VTODO
END:VCALENDAR
"""


DAVX5_OPENTASKS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:DAVx5/4.4.3.2-ose ical4j/3.2.19 (org.dmfs.tasks)
BEGIN:VTODO
DTSTAMP:20260302T081500Z
UID:d7a5e9b2-31c4-4f0e-8a61-2c9f3b7e1a05
SEQUENCE:2
CREATED:20260301T200000Z
LAST-MODIFIED:20260302T081400Z
SUMMARY:Dan owes you: the signed contract
LOCATION:Office
PRIORITY:5
CLASS:PRIVATE
DUE;VALUE=DATE:20260309
STATUS:COMPLETED
COMPLETED:20260302T081400Z
PERCENT-COMPLETE:100
X-OPENTASKS-PINNED:1
END:VTODO
END:VCALENDAR
"""


def task(*lines: str) -> str:
    body = "\r\n".join(lines)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:t1\r\n"
        f"DTSTAMP:20260301T000000Z\r\nSUMMARY:Buy milk\r\n{body}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )


MET = datetime(2026, 2, 20, 12, 30, tzinfo=UTC)


def interaction(**changes: object) -> InteractionItem:
    base = InteractionItem(
        uid="i-1@relapp",
        occurred_at=MET,
        channel=Channel.MEETING,
        direction=Direction.BOTH,
        person_uids=("p-carol", "p-dan"),
        summary="Lunch at Rosa's",
        notes="She's moving to Lyon; wants the quotes by Friday.",
        kind=InteractionKind.FAVOUR_RECEIVED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def introduction(**changes: object) -> IntroductionItem:
    base = IntroductionItem(
        uid="x-1@relapp",
        introducer_uid="p-carol",
        person_a_uid=None,
        person_b_uid="p-dan",
        occurred_on=date(2025, 6, 11),
        context="at the SmallBiz conference",
        summary="Carol Roth introduced you to Dan Whitaker",
        interaction_uid="i-9@relapp",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


JTX_NOTE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:+//IDN techbee.at//jtx Board//EN
BEGIN:VJOURNAL
UID:1709114400000-8c1e0c2b@at.techbee.jtx
DTSTAMP:20260228T100000Z
DTSTART;VALUE=DATE:20260228
SUMMARY:Ideas for the garden
DESCRIPTION:tomatoes\\, basil
CATEGORIES:home
STATUS:FINAL
X-JTX-COLOR:-16776961
END:VJOURNAL
END:VCALENDAR
"""
