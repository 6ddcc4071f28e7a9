"""Editing the server's copy of a promise's task (issue 16): only the properties Relapp
changed are written; every other line goes back exactly as the server had it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

import icalendar

from relapp.domain.promise_due import MORNING
from relapp.domain.sync import todo_rule
from relapp.domain.sync.ical_lines import Block, Line, parse_blocks, render
from relapp.domain.sync.ical_text import RECORD, main_block, moment_utc, parse_item
from relapp.domain.sync.todo_codec import (
    ALARM_MARK,
    CHANNEL,
    PERSON,
    PROMISER,
    WHAT,
    PromiseItem,
    promise_of,
    repeats,
    todo_text,
)
from relapp.domain.sync.todo_rule import RULE_MARK

_PROPERTIES = {
    "title": ("SUMMARY", WHAT),
    "what": ("SUMMARY", WHAT),
    "due_at": ("DUE", "DURATION"),
    "status": ("STATUS", "COMPLETED", "PERCENT-COMPLETE"),
    "done_at": ("STATUS", "COMPLETED", "PERCENT-COMPLETE"),
    "person_uid": (PERSON,),
    "promiser": (PROMISER,),
    "channel": (CHANNEL,),
    "snoozed_until": (),
    "recurrence": ("RRULE", RULE_MARK, "DUE"),
    "zone": ("DUE",),  # the due time's wall time in the promise's zone (TZID)
}
TODO_FIELDS = frozenset(_PROPERTIES)


def edit_todo(
    original: str,
    item: PromiseItem,
    changed: Iterable[str],
    now: datetime,
    zone: tzinfo,
    *,
    source: str = "task",
) -> str:
    """The server's task with only what ``changed`` names (fields of :class:`PromiseItem`,
    see ``TODO_FIELDS``) set from ``item``, and DTSTAMP/LAST-MODIFIED set to ``now``.

    Every other line stays as the server had it: other apps' properties, extra alarms,
    PRIORITY, CATEGORIES, VTIMEZONE. A changed due time or snooze moves Relapp's alarm
    (the one it marked, else the one ringing at the old due time) or adds one."""
    names = set(changed)
    unknown = names - TODO_FIELDS
    if unknown:
        raise ValueError(f"not a task field: {', '.join(sorted(unknown))}")
    root, component = parse_item(original, source, "VTODO")
    before = promise_of(component, zone)
    task = main_block(root, "VTODO")
    if "recurrence" in names and _recount(task, before.recurrence, item.recurrence):
        names = (names - {"recurrence"}) | {"due_at"}  # the rule line as it was, but COUNT
    if "zone" in names:
        names.add("due_at")  # the same instant, written as the wall time of the new zone
    fresh_root = parse_blocks(todo_text(item, now, zone), "Relapp")
    fresh = main_block(fresh_root, "VTODO")
    properties = {"DTSTAMP", "LAST-MODIFIED"}
    for name in names:
        properties.update(_PROPERTIES[name])
    if not task.lines(RECORD):  # another app's task becomes Relapp's: say all it reads
        properties.update((RECORD, PROMISER, CHANNEL, PERSON, WHAT))  # (else by title)
    for prop in sorted(properties):
        task.replace_property(prop, fresh.lines(prop))
    series = repeats(item) and bool(names & {"due_at", "recurrence"})
    own = todo_rule.own_zone(item.zone, zone)
    if series and item.due_at is not None and _all_day(component):
        _all_day_series(task, item.due_at.astimezone(own), new_rule="recurrence" in names)
    elif names & {"due_at", "recurrence"}:
        if series:
            _start_with_due(task, fresh, new_rule="recurrence" in names)
        elif "due_at" in names and item.due_at is not None:
            _keep_start_before_due(task, component, item.due_at, zone, fresh)
        _add_zones(root, task, fresh_root)
    retrigger = bool(names & {"due_at", "snoozed_until", "recurrence"})
    if names & {"due_at", "snoozed_until", "title", "what", "recurrence"}:
        _move_alarm(task, fresh, before, retrigger=retrigger)
    return render(root)


def _recount(task: Block, before: str | None, after: str | None) -> bool:
    """A series moved on with a ``COUNT`` lowered: only ``COUNT`` is rewritten in the
    task's ``RRULE`` line (what else the app wrote there stays as it wrote it)."""
    count = todo_rule.count_moved(before, after)
    lines = task.lines("RRULE")
    if count is None or len(lines) != 1:
        return False
    text = todo_rule.with_count(lines[0].unfolded(), count)
    if text is None:
        return False
    task.replace_property("RRULE", [Line(text, "RRULE", lines[0].number)])
    return True


def _all_day(component: icalendar.Component) -> bool:
    due = getattr(component.get("DUE"), "dt", None)
    return isinstance(due, date) and not isinstance(due, datetime)


def _all_day_series(task: Block, due_local: datetime, *, new_rule: bool) -> None:
    """A phone's all-day series (``DUE;VALUE=DATE``) moves on as a day: it stays all-day
    there (Relapp reads its occurrences at 9:00, as any date-only due)."""
    day = due_local.strftime("%Y%m%d")
    task.replace_property("DUE", [Line(f"DUE;VALUE=DATE:{day}", "DUE", 0)])
    if task.lines("DTSTART") or new_rule:
        task.replace_property("DTSTART", [Line(f"DTSTART;VALUE=DATE:{day}", "DTSTART", 0)])


def _start_with_due(task: Block, fresh: Block, *, new_rule: bool) -> None:
    """A series' ``DTSTART`` is its current occurrence's ``DUE`` (RFC 5545: the start of
    the recurrence; iOS and Relapp write them equal): moved with it where the task has
    one (a task that did not repeat gets one)."""
    if task.lines("DTSTART") or new_rule:
        task.replace_property("DTSTART", fresh.lines("DTSTART"))
    task.replace_property("DUE", fresh.lines("DUE"))


def _add_zones(root: Block, task: Block, fresh_root: Block) -> None:
    """The ``VTIMEZONE`` of the zone a new ``DUE`` names, when the item has none for it
    (clients and Radicale read a ``TZID`` by it)."""
    known = {
        line.unfolded().split(":", 1)[1].strip()
        for z in root.blocks("VTIMEZONE")
        for line in z.lines("TZID")
    }
    for zone in fresh_root.blocks("VTIMEZONE"):
        tzids = {line.unfolded().split(":", 1)[1].strip() for line in zone.lines("TZID")}
        if not tzids & known:
            at = root.items.index(task) if task in root.items else len(root.items)
            root.items.insert(at, zone)


def _keep_start_before_due(
    task: Block, component: icalendar.Component, due_at: datetime, zone: tzinfo, fresh: Block
) -> None:
    """A DTSTART must not follow DUE and must be of its kind (RFC 5545 3.8.2.3): iOS
    writes DTSTART equal to DUE, so moving DUE earlier, or a DATE-only DTSTART beside the
    new date-time DUE, moves DTSTART to the new due time, written as the new DUE is (in
    the promise's zone, else in UTC)."""
    start = getattr(component.get("DTSTART"), "dt", None)
    if start is None:
        return
    if isinstance(start, datetime) and moment_utc(start, zone, MORNING) <= due_at:
        return
    due = [line.unfolded() for line in fresh.lines("DUE")]
    stamp = due_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = "DTSTART" + due[0][3:] if due else f"DTSTART:{stamp}"
    task.replace_property("DTSTART", [Line(text, "DTSTART", 0)])


def _move_alarm(task: Block, fresh: Block, before: PromiseItem, *, retrigger: bool) -> None:
    new = fresh.blocks("VALARM")
    alarm = _relapp_alarm(task, before)
    if alarm is None:
        if new and retrigger:
            task.items.append(new[0])
        return
    if not new:
        return
    if retrigger:
        alarm.replace_property("TRIGGER", new[0].lines("TRIGGER"))
        alarm.replace_property("ACKNOWLEDGED", [])
    if alarm.lines(ALARM_MARK):
        alarm.replace_property("DESCRIPTION", new[0].lines("DESCRIPTION"))


def _relapp_alarm(task: Block, before: PromiseItem) -> Block | None:
    alarms = task.blocks("VALARM")
    marked = [a for a in alarms if a.lines(ALARM_MARK)]
    if marked:
        return marked[0]
    rings = before.snoozed_until or before.due_at
    for alarm in alarms:
        if any(_rings_at_due(line, rings) for line in alarm.lines("TRIGGER")):
            return alarm
    return None


def _rings_at_due(line: Line, rings: datetime | None) -> bool:
    try:
        _, params, value = icalendar.parser.Contentline(line.unfolded()).parts()
        when = icalendar.vDDDTypes.from_ical(value, timezone=params.get("TZID"))
    except (ValueError, KeyError):
        return False
    if isinstance(when, timedelta):
        return when == timedelta(0) and str(params.get("RELATED", "")).upper() == "END"
    if isinstance(when, datetime) and rings is not None and when.tzinfo is not None:
        return when.astimezone(UTC) == rings
    return False
