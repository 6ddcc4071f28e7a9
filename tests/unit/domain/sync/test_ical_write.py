"""A new journal entry's text is written directly (``ical_write``), not built through
``icalendar``'s objects: the same bytes as ``icalendar`` writes for it (so servers and
the other side see no change), at a small, fixed cost an entry (a first sync writes one
per history entry: 100,000 on a large history)."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from types import FrameType
from typing import Any

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.domain.model import Channel, Direction, InteractionKind
from relapp.domain.sync.ical_text import RELAPP_PRODID, text_value
from relapp.domain.sync.ical_write import folded
from relapp.domain.sync.journal_codec import (
    InteractionItem,
    IntroductionItem,
    journal_text,
    read_journal,
)
from tests.unit.domain.sync.samples import PARIS

TYPED = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
UIDS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=90)
MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 1, 1), timezones=st.just(UTC)
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def by_icalendar(item: InteractionItem | IntroductionItem, now: datetime) -> str:
    """The entry as ``icalendar``'s objects write it, its text values as typed
    (``text_value``: icalendar's own writing turns a written backslash and N into a
    line end): what journal_text wrote before, but for that."""
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", RELAPP_PRODID)
    journal = icalendar.Journal()
    journal.add("UID", text_value(item.uid))
    journal.add("DTSTAMP", now.astimezone(UTC))
    journal.add("LAST-MODIFIED", now.astimezone(UTC))
    if isinstance(item, InteractionItem):
        journal.add("DTSTART", item.occurred_at.astimezone(UTC))
        if item.summary:
            journal.add("SUMMARY", text_value(item.summary))
        if item.notes:
            journal.add("DESCRIPTION", text_value(item.notes))
        journal.add("X-RELAPP-RECORD", icalendar.vText("interaction"))
        journal.add("X-RELAPP-CHANNEL", icalendar.vText(item.channel.value))
        journal.add("X-RELAPP-DIRECTION", icalendar.vText(item.direction.value))
        journal.add("X-RELAPP-KIND", icalendar.vText(item.kind.value))
        for uid in item.person_uids:
            journal.add("X-RELAPP-PERSON-UID", text_value(uid))
    else:
        if item.occurred_on is not None:
            journal.add("DTSTART", item.occurred_on)
        if item.summary:
            journal.add("SUMMARY", text_value(item.summary))
        if item.context:
            journal.add("DESCRIPTION", text_value(item.context))
        journal.add("X-RELAPP-RECORD", icalendar.vText("introduction"))
        for name, uid in (
            ("X-RELAPP-INTRODUCER", item.introducer_uid),
            ("X-RELAPP-PERSON-A", item.person_a_uid),
            ("X-RELAPP-PERSON-B", item.person_b_uid),
            ("X-RELAPP-INTERACTION-UID", item.interaction_uid),
        ):
            if uid:
                journal.add(name, text_value(uid))
    calendar.add_component(journal)
    return calendar.to_ical().decode("utf-8")


@SETTINGS
@given(
    uid=UIDS,
    at=MOMENTS,
    now=MOMENTS,
    summary=TYPED,
    notes=TYPED,
    people=st.lists(UIDS, max_size=4),
    channel=st.sampled_from(Channel),
    direction=st.sampled_from(Direction),
    kind=st.sampled_from(InteractionKind),
)
def test_an_interaction_is_written_as_icalendar_writes_it(
    uid: str,
    at: datetime,
    now: datetime,
    summary: str,
    notes: str,
    people: list[str],
    channel: Channel,
    direction: Direction,
    kind: InteractionKind,
) -> None:
    item = InteractionItem(uid, at, channel, direction, tuple(people), summary, notes, kind)
    assert journal_text(item, now) == by_icalendar(item, now)


@SETTINGS
@given(
    uid=UIDS,
    who=st.lists(st.none() | UIDS, min_size=4, max_size=4),
    day=st.none() | st.dates(min_value=date(1, 1, 1)),
    context=TYPED,
    summary=TYPED,
    now=MOMENTS,
)
def test_an_introduction_is_written_as_icalendar_writes_it(
    uid: str,
    who: list[str | None],
    day: date | None,
    context: str,
    summary: str,
    now: datetime,
) -> None:
    item = IntroductionItem(uid, who[0], who[1], who[2], day, context, summary, who[3])
    assert journal_text(item, now) == by_icalendar(item, now)


def test_folding_never_splits_an_escape_and_keeps_75_octets() -> None:
    line = "DESCRIPTION:" + "é" * 30 + "\\," * 40 + "x" * 3
    lines = folded(line).split("\r\n")
    assert all(len(x.encode()) <= 75 for x in lines)
    assert all(not x.endswith("\\") or x.endswith("\\\\") for x in lines)
    assert "".join(x[1:] if i else x for i, x in enumerate(lines)) == line


def test_a_written_entry_reads_back() -> None:
    at = datetime(2026, 3, 2, 9, 30, 15, tzinfo=UTC)
    item = InteractionItem(
        "h-1", at, Channel.CALL, Direction.BOTH, ("p2", "p1"), "Lunch; ok", "a,\nb\\N"
    )
    back = read_journal(journal_text(item, at + timedelta(hours=1)), PARIS)
    assert back == InteractionItem(
        "h-1",
        at,
        Channel.CALL,
        Direction.BOTH,
        ("p1", "p2"),
        "Lunch; ok",
        "a,\nb\\N",  # a written backslash and N stay as typed (they were a line end)
        modified_at=at + timedelta(hours=1),
    )


def python_calls(fn: Any) -> int:
    """How many Python functions ``fn()`` calls (C functions not counted)."""
    count = [0]

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            count[0] += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count[0]


def test_writing_an_entry_costs_a_few_dozen_calls() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    items = [
        InteractionItem(
            f"h-{i}",
            now - timedelta(hours=i),
            Channel.EMAIL,
            Direction.OUTBOUND,
            (f"p-{i % 7}", "p-x"),
            f"About topic {i}",
            f"Entry {i}: said this and that, at some length. " * 3,
        )
        for i in range(100)
    ]
    calls = python_calls(lambda: [journal_text(item, now) for item in items])
    # Through icalendar's objects: about 700 calls an entry; written directly: ~30.
    assert calls / len(items) < 60, calls / len(items)
