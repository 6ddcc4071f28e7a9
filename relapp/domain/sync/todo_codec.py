"""A promise as a CalDAV task (``VTODO``) and back (issue 16), so it rings on the phone.

What a task Relapp writes says::

    SUMMARY:Call Dan: send the quotes          the reminder's title (promises.reminder_text)
    DUE:20260305T140000Z                       the due time, in UTC
    STATUS:NEEDS-ACTION | COMPLETED | CANCELLED  (COMPLETED and PERCENT-COMPLETE:100 when done)
    X-RELAPP-RECORD:promise                    the mark of a Relapp promise
    X-RELAPP-PROMISER:me | them                who promised
    X-RELAPP-CHANNEL:call                      how (absent: not said)
    X-RELAPP-PERSON-UID:<the person's UID>     whom (one property per UID)
    X-RELAPP-WHAT:send the quotes              what, exactly (a name with a colon in it
                                               would split the title wrongly); a title
                                               edited elsewhere is read instead
    BEGIN:VALARM  ACTION:DISPLAY  X-RELAPP-ALARM:reminder
      TRIGGER;VALUE=DATE-TIME:20260305T140000Z rings at the due time; a snooze moves it to
                                               the snooze end (never earlier than DUE)

The alarm is absolute, as iOS Reminders writes its own (EventKit alarms of reminders are
absolute dates); tasks.org, jtx Board and Thunderbird ring absolute alarms too. A phone
that moves DUE may leave it behind: ``PromiseItem.alarm_at`` tells the engine, which can
move it back with an edit of ``snoozed_until``.

The person is an ``X-`` property, not ``RELATED-TO`` (tasks.org, Nextcloud Tasks, jtx
Board and Apple read that as "subtask of" another *task*); DAVx⁵ and tasks.org keep
``X-`` properties they do not know and write them back.

A task another app wrote (no ``X-RELAPP-*``) reads sensibly: a title in Relapp's own
shape ("Call Dan: …", "Dan owes you: …") gives the channel, the promiser and a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TypeVar

import icalendar

from relapp.domain.model import Channel
from relapp.domain.promise_due import MORNING
from relapp.domain.promises import Promise, Promiser, PromiseStatus, channel_verb, reminder_text
from relapp.domain.sync import todo_rule
from relapp.domain.sync.ical_text import (
    RECORD,
    RELAPP_PRODID,
    parse_series,
    text_of,
    text_value,
    utc_of,
    x_property,
    x_value,
)

PROMISE = "promise"
PROMISER = "X-RELAPP-PROMISER"
CHANNEL = "X-RELAPP-CHANNEL"
PERSON = "X-RELAPP-PERSON-UID"
WHAT = "X-RELAPP-WHAT"
ALARM_MARK = "X-RELAPP-ALARM"


@dataclass(frozen=True)
class PromiseItem:
    """What a task says about a promise, with people named by UID.

    Read from a task: ``due_at`` None when it has no due time; ``done_at`` None when it
    does not say when it was done; ``person_uid`` None when it names nobody (then
    ``person_name`` is the name its title mentions, if any); ``by_relapp`` whether Relapp
    wrote it (``X-RELAPP-RECORD``); ``modified_at`` its ``LAST-MODIFIED`` (for "the newer
    change wins"); ``alarm_at`` when Relapp's alarm rings (its marked one, else the first
    absolute one), None when it has none."""

    uid: str
    what: str
    promiser: Promiser
    person_uid: str | None
    channel: Channel | None
    due_at: datetime | None
    status: PromiseStatus = PromiseStatus.OPEN
    done_at: datetime | None = None
    snoozed_until: datetime | None = None
    title: str = ""
    created_at: datetime | None = None
    person_name: str | None = None
    by_relapp: bool = True
    modified_at: datetime | None = None
    alarm_at: datetime | None = field(default=None, compare=False)
    recurrence: str | None = None  # Relapp's repeat rule (``todo_rule.rule_in``)
    # done: the series' occurrence the phone named (its RECURRENCE-ID, :func:`occurrence_done`)
    occurrence_done: datetime | None = field(default=None, compare=False)
    zone: str | None = None  # its own zone's IANA name (the DUE's TZID); None: the user's


def promise_item(
    p: Promise,
    *,
    uid: str,
    person_uid: str,
    person_name: str,
    preferred: Channel | None = None,
    avoid: frozenset[Channel] = frozenset(),
) -> PromiseItem:
    """The item for a stored promise; its title is the reminder's (``reminder_text``)."""
    title, _ = reminder_text(person_name, p, preferred, avoid)
    return PromiseItem(
        uid=uid,
        what=p.what.strip(),
        promiser=p.promiser,
        person_uid=person_uid,
        channel=p.channel,
        due_at=p.due_at,
        status=p.status,
        done_at=p.done_at,
        snoozed_until=p.snoozed_until,
        title=title,
        created_at=p.created_at,
        person_name=person_name,
        recurrence=p.recurrence,
        zone=p.zone,
    )


# --- writing -----------------------------------------------------------------------------------


def repeats(item: PromiseItem) -> bool:
    """Whether the task is written as a series (``RRULE``): an open recurring promise."""
    return bool(item.recurrence) and item.due_at is not None and item.status is PromiseStatus.OPEN


def todo_text(item: PromiseItem, now: datetime, zone: tzinfo = UTC) -> str:
    """A new ``VCALENDAR`` holding the promise's ``VTODO`` (``now``: DTSTAMP, LAST-MODIFIED).

    An open recurring promise is a series: ``RRULE``, and ``DUE`` and ``DTSTART`` at the
    occurrence's wall time in its own zone, else in ``zone`` (the user's), with its
    ``VTIMEZONE`` (a promise with a zone of its own is due there too); its alarm rings
    at each occurrence's due time (relative to ``DUE``) unless this one is snoozed. A done
    or cancelled one keeps its rule in ``X-RELAPP-RECURRENCE`` (it is no series)."""
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", RELAPP_PRODID)
    todo = icalendar.Todo()
    todo.add("UID", text_value(item.uid))
    todo.add("DTSTAMP", _utc(now))
    if item.created_at is not None:
        todo.add("CREATED", _utc(item.created_at))
    todo.add("LAST-MODIFIED", _utc(now))
    todo.add("SUMMARY", text_value(item.title or item.what))
    series, own = repeats(item), todo_rule.own_zone(item.zone, zone)
    if item.due_at is not None and (series or item.zone):  # wall time in a zone (TZID)
        due = todo_rule.wall_time(item.due_at, own)
        todo.add("DUE", due)
        if series and item.recurrence:
            todo.add("DTSTART", due)
            todo.add("RRULE", todo_rule.recur(todo_rule.rule_out(item.recurrence, due)))
        if (timezone := todo_rule.vtimezone(own, due)) is not None:
            calendar.add_component(timezone)
    elif item.due_at is not None:
        todo.add("DUE", _utc(item.due_at))
    todo.add("STATUS", _STATUS_OUT[item.status])
    if item.status is PromiseStatus.DONE:
        todo.add("COMPLETED", _utc(item.done_at or now))
        todo.add("PERCENT-COMPLETE", 100)
    todo.add(RECORD, x_property(PROMISE))
    todo.add(PROMISER, x_property(item.promiser.value))
    if item.what:
        todo.add(WHAT, x_property(item.what))
    if item.channel is not None:
        todo.add(CHANNEL, x_property(item.channel.value))
    if item.person_uid:
        todo.add(PERSON, x_property(item.person_uid))
    if item.recurrence and not series:
        todo.add(todo_rule.RULE_MARK, x_property(item.recurrence))
    if item.due_at is not None:
        todo.add_component(_alarm(item))
    calendar.add_component(todo)
    return calendar.to_ical().decode("utf-8")


def _alarm(item: PromiseItem) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", text_value(item.title or item.what))
    rings = ringing_at(item)
    if repeats(item) and rings == item.due_at:
        alarm.add("TRIGGER", todo_rule.AT_DUE, parameters={"RELATED": "END"})
    elif rings is not None:
        alarm.add("TRIGGER", _utc(rings), parameters={"VALUE": "DATE-TIME"})
    alarm.add(ALARM_MARK, x_property("reminder"))
    return alarm


def ringing_at(item: PromiseItem) -> datetime | None:
    """When the promise's alarm should ring: the snooze end when it is later than the due
    time (a snooze never brings a reminder forward), else the due time."""
    if item.due_at is None:
        return None
    if item.snoozed_until is not None and item.snoozed_until > item.due_at:
        return item.snoozed_until
    return item.due_at


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time to write must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC)


_STATUS_OUT = {
    PromiseStatus.OPEN: "NEEDS-ACTION",
    PromiseStatus.DONE: "COMPLETED",
    PromiseStatus.CANCELLED: "CANCELLED",
}


# --- reading -----------------------------------------------------------------------------------

_NAMELESS = {"them", "someone"}


def _title_pattern() -> re.Pattern[str]:
    verbs = sorted({channel_verb(c) for c in Channel} | {channel_verb(None)}, key=len)
    alternatives = "|".join(re.escape(v) for v in reversed(verbs))
    return re.compile(rf"^(?P<verb>{alternatives}) (?P<name>[^:]+?): (?P<what>.+)$", re.DOTALL)


_MINE = _title_pattern()
_THEIRS = re.compile(r"^(?P<name>[^:]+?) owes you: (?P<what>.+)$", re.DOTALL)
_CHANNEL_OF_VERB = {channel_verb(c): c for c in Channel if channel_verb(c) != channel_verb(None)}


@dataclass(frozen=True)
class TitleWords:
    """What a title says; None where it does not say."""

    what: str
    promiser: Promiser | None
    channel: Channel | None
    name: str | None


def read_title(title: str) -> TitleWords:
    """What a title in Relapp's shape says: "Call Dan: send the quotes" -> (send the
    quotes, me, call, Dan); "Dan owes you: the quotes" -> (the quotes, them, None, Dan);
    anything else is all "what"."""
    text = title.strip()
    theirs = _THEIRS.match(text)
    if theirs:
        return TitleWords(theirs["what"].strip(), Promiser.THEM, None, _name(theirs["name"]))
    mine = _MINE.match(text)
    if mine:
        channel = _CHANNEL_OF_VERB.get(mine["verb"])
        return TitleWords(mine["what"].strip(), Promiser.ME, channel, _name(mine["name"]))
    return TitleWords(text, None, None, None)


def _name(name: str) -> str | None:
    name = name.strip()
    return None if name.lower() in _NAMELESS else name


def read_todo(text: str, zone: tzinfo, *, source: str = "task") -> PromiseItem:
    """The promise a task holds. ``zone`` is the user's: a floating DUE, or one with a
    TZID nobody knows, is wall time there; a DATE-only DUE is 9:00 that day.

    Raises ``CalendarItemError`` (source, line, why) for text that is not a task."""
    _, todo, overrides = parse_series(text, source, "VTODO")
    return occurrence_done(promise_of(todo, zone), overrides, zone)


def occurrence_done(
    item: PromiseItem, overrides: list[icalendar.Component], zone: tzinfo
) -> PromiseItem:
    """A series whose current occurrence a phone marked done: an override (a ``VTODO``
    of the series' UID with ``RECURRENCE-ID``, as DAVx⁵ and iOS write one occurrence's
    change) at the series' ``DUE`` with ``STATUS:COMPLETED`` (or 100 %) is that
    occurrence done; Relapp keeps a done record and moves the series on, as Done does.
    An override of another occurrence, or not done, changes nothing Relapp keeps."""
    if not item.recurrence or item.status is not PromiseStatus.OPEN or item.due_at is None:
        return item
    for override in overrides:
        at = utc_of(override, "RECURRENCE-ID", zone, MORNING)
        if at != item.due_at or _status(override) is not PromiseStatus.DONE:
            continue
        done_at = utc_of(override, "COMPLETED", zone, MORNING) or at
        return replace(item, status=PromiseStatus.DONE, done_at=done_at, occurrence_done=at)
    return item


def promise_of(todo: icalendar.Component, zone: tzinfo) -> PromiseItem:
    """:func:`read_todo` for a ``VTODO`` icalendar already read."""
    title = text_of(todo, "SUMMARY") or ""
    said = read_title(title)
    what = x_value(todo, WHAT)
    if what and title.strip().endswith(what):  # the title as Relapp wrote it: exact
        said = replace(said, what=what)
    by_relapp = (x_value(todo, RECORD) or "").lower() == PROMISE
    promiser = _enum(Promiser, x_value(todo, PROMISER)) or said.promiser or Promiser.ME
    channel = _enum(Channel, x_value(todo, CHANNEL))
    if channel is None and not by_relapp:
        channel = said.channel
    due_at, own = utc_of(todo, "DUE", zone, MORNING), todo_rule.task_zone(todo)
    if due_at is None:
        start = utc_of(todo, "DTSTART", zone, MORNING)
        duration = getattr(todo.get("DURATION"), "dt", None)
        if start is not None and isinstance(duration, timedelta):
            due_at = start + duration
    status = _status(todo)
    done_at = utc_of(todo, "COMPLETED", zone, MORNING) if status is PromiseStatus.DONE else None
    modified = utc_of(todo, "LAST-MODIFIED", zone, MORNING)
    modified = modified or utc_of(todo, "DTSTAMP", zone, MORNING)
    return PromiseItem(
        uid=text_of(todo, "UID") or "",
        what=said.what or title.strip(),
        promiser=promiser,
        person_uid=x_value(todo, PERSON) or None,
        channel=channel,
        due_at=due_at,
        status=status,
        done_at=done_at,
        snoozed_until=_snoozed_until(todo, due_at, zone),
        alarm_at=_alarm_at(todo, zone),
        title=title,
        created_at=utc_of(todo, "CREATED", zone, MORNING),
        person_name=said.name,
        by_relapp=by_relapp,
        modified_at=modified,
        recurrence=_rule(todo, due_at, todo_rule.own_zone(own, zone)),
        zone=own,
    )


def _rule(todo: icalendar.Component, due_at: datetime | None, zone: tzinfo) -> str | None:
    """Relapp's rule for the task's one ``RRULE`` (else its ``X-RELAPP-RECURRENCE``);
    None for none, several, or one Relapp cannot follow."""
    if due_at is None:
        return None
    rules = todo.get("RRULE")
    if isinstance(rules, list):
        return None
    if rules is not None:
        value: str | None = rules.to_ical().decode("utf-8", "replace")
    else:
        value = x_value(todo, todo_rule.RULE_MARK)
    return todo_rule.rule_in(value, due_at.astimezone(zone)) if value else None


_E = TypeVar("_E", Promiser, Channel)


def _enum(kind: type[_E], value: str | None) -> _E | None:
    if value is None:
        return None
    try:
        return kind(value.strip().lower())
    except ValueError:
        return None


def _status(todo: icalendar.Component) -> PromiseStatus:
    """COMPLETED -> done, CANCELLED -> cancelled; NEEDS-ACTION, IN-PROCESS, none or an
    unknown word -> open, unless a COMPLETED time or 100 % says it is done."""
    word = (text_of(todo, "STATUS") or "").strip().upper()
    if word == "COMPLETED":
        return PromiseStatus.DONE
    if word == "CANCELLED":
        return PromiseStatus.CANCELLED
    percent = todo.get("PERCENT-COMPLETE")
    if not word and ("COMPLETED" in todo or str(percent or "").strip() == "100"):
        return PromiseStatus.DONE
    return PromiseStatus.OPEN


def _snoozed_until(
    todo: icalendar.Component, due_at: datetime | None, zone: tzinfo
) -> datetime | None:
    """The latest alarm set at a time later than the due time (a snooze moves the alarm;
    RFC 9074's snooze alarms are such alarms too); None when no alarm rings later. An
    alarm a phone left behind when it moved DUE earlier reads as a snooze too: the phone
    still rings then, and so does Relapp."""
    if due_at is None:
        return None
    later = [
        at
        for alarm in todo.walk("VALARM")
        if (at := utc_of(alarm, "TRIGGER", zone, MORNING)) is not None and at > due_at
    ]
    return max(later, default=None)


def _alarm_at(todo: icalendar.Component, zone: tzinfo) -> datetime | None:
    alarms = todo.walk("VALARM")
    marked = [a for a in alarms if ALARM_MARK in a]
    for alarm in marked or alarms:
        at = utc_of(alarm, "TRIGGER", zone, MORNING)
        if at is not None:
            return at
    return None
