"""The brief: one glance at how you met, what passed, and what each of you owes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from relapp.domain.brief import (
    Brief,
    BriefIntroduction,
    BriefLine,
    FavourTally,
    IntroRole,
    OpenPromise,
)
from relapp.domain.model import Channel, Direction, Interaction, InteractionKind
from relapp.domain.promises import Promiser

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def line(brief: Brief, key: str) -> BriefLine:
    (found,) = [item for item in brief.lines() if item.key == key]
    return found


def test_how_you_met_names_the_introducer_and_lets_you_open_them() -> None:
    brief = Brief(
        7,
        "Dan",
        NOW,
        met_on=date(2024, 2, 1),
        met_how="At the SmallBiz conference",
        introducer_id=3,
        introducer_name="Carol Roth",
    )
    met = line(brief, "met")
    assert (
        met.text
        == "1 Feb 2024 (2 years ago) — At the SmallBiz conference · introduced by Carol Roth"
    )
    assert (met.link_id, met.link_text) == (3, "Carol Roth")


def test_an_introducer_already_named_in_how_you_met_is_not_repeated() -> None:
    brief = Brief(
        7,
        "Dan",
        NOW,
        met_how="Introduced by Carol Roth",
        introducer_id=3,
        introducer_name="Carol Roth",
    )
    assert line(brief, "met").text == "Introduced by Carol Roth"
    assert line(brief, "met").link_id == 3


def test_nothing_known_says_so() -> None:
    brief = Brief(7, "Dan", NOW)
    texts = {item.key: item.text for item in brief.lines()}
    assert texts["met"].startswith("Not recorded yet")
    assert texts["recent"].startswith("Never")
    assert texts["you_owe"] == texts["they_owe"] == "nothing open"
    assert texts["favours"] == "none recorded either way"
    assert texts["reach"] == "No preferred channel noted"
    assert texts["interests"] == "None noted yet"


def _interaction(days: float, summary: str, kind: InteractionKind = InteractionKind.ORDINARY):
    return Interaction(ago(days), Channel.CALL, Direction.OUTBOUND, (7,), summary, kind=kind, id=1)


def test_the_last_three_interactions_newest_first() -> None:
    recent = tuple(_interaction(d, f"talk {d}") for d in (1, 8, 30, 90))
    lines = [item for item in Brief(7, "Dan", NOW, recent=recent).lines() if item.key == "recent"]
    assert [item.text for item in lines] == [
        "yesterday · call → · talk 1",
        "8 days ago · call → · talk 8",
        "4 weeks ago · call → · talk 30",
    ]
    assert [item.caption for item in lines] == ["Last contact", "", ""]


def test_open_promises_both_ways_with_overdue_ones_marked() -> None:
    # Issue 13: past the grace (a day) an open promise reads "broken", as health counts it.
    promises = (
        OpenPromise("send the quotes", Promiser.THEM, NOW + timedelta(days=3)),
        OpenPromise("call back", Promiser.ME, ago(2)),
        OpenPromise("send pricing", Promiser.ME, NOW + timedelta(days=5)),
        OpenPromise("lunch", Promiser.ME, NOW + timedelta(days=20)),
    )
    brief = Brief(7, "Dan", NOW, promises=promises)
    mine = line(brief, "you_owe")
    assert mine.text == (
        "call back (broken, was due 2 days ago); send pricing (due in 5 days); and 1 more"
    )
    assert mine.warn
    theirs = line(brief, "they_owe")
    assert theirs.text == "send the quotes (due in 3 days)"
    assert not theirs.warn


def test_a_promise_within_the_grace_is_overdue_and_a_snoozed_one_is_not_late() -> None:
    promises = (
        OpenPromise("call back", Promiser.ME, NOW - timedelta(hours=3)),
        OpenPromise(
            "send the quotes",
            Promiser.THEM,
            NOW - timedelta(days=2),
            snoozed_until=NOW + timedelta(hours=5),
        ),
    )
    brief = Brief(7, "Dan", NOW, promises=promises)
    assert line(brief, "you_owe").text == "call back (overdue, was due 3 hours ago)"
    assert line(brief, "you_owe").warn
    theirs = line(brief, "they_owe")
    assert theirs.text == "send the quotes (snoozed, reminds you in 5 hours)"
    assert not theirs.warn
    # the next change: "in 5 hours" turns "in 4 hours" at once (the snooze ends at NOW
    # + 5 h exactly), before the overdue promise turns broken a day after it was due
    assert brief.next_change() == NOW + timedelta(microseconds=1)


def test_the_brief_is_read_again_when_a_promise_line_would_read_differently() -> None:
    """Issue 13 leftover: "due in 5 hours" went stale until the next state change."""
    due = NOW + timedelta(hours=5, minutes=30)
    brief = Brief(7, "Dan", NOW, promises=(OpenPromise("call back", Promiser.ME, due),))
    assert line(brief, "you_owe").text == "call back (due in 5 hours)"
    assert brief.next_change() == NOW + timedelta(minutes=30, microseconds=1)
    later = Brief(7, "Dan", brief.next_change(), promises=brief.promises)
    assert line(later, "you_owe").text == "call back (due in 4 hours)"
    late = OpenPromise("send it", Promiser.ME, NOW - timedelta(hours=3, minutes=10))
    assert Brief(7, "Dan", NOW, promises=(late,)).next_change() == NOW + timedelta(minutes=50)


def test_favours_count_both_ways_with_the_latest() -> None:
    brief = Brief(
        7,
        "Dan",
        NOW,
        favours_given=FavourTally(2, ago(150), "helped with the Tulsa bid"),
        favours_received=FavourTally(0),
    )
    assert line(brief, "favours").text == (
        "you did them 2 (last 4 months ago: helped with the Tulsa bid) · they did you none"
    )


def test_reach_and_interests() -> None:
    brief = Brief(
        7,
        "Priya",
        NOW,
        preferred=Channel.EMAIL,
        avoid=frozenset({Channel.CALL}),
        interests=("analytics", "logistics"),
    )
    assert line(brief, "reach").text == "Prefers email, not phone"
    assert line(brief, "interests").text == "analytics, logistics"


def test_introductions_keep_their_rows_and_newer_contacts_give_up_theirs() -> None:
    contacts = tuple(
        Interaction(ago(d), Channel.CALL, Direction.BOTH, (7,), f"talk {d}", id=d)
        for d in (1, 2, 3, 4, 5)
    )
    carol = BriefIntroduction(IntroRole.INTRODUCED_BY, 3, "Carol", date(2019, 3, 1), "at a fair")
    plain = Brief(7, "Dan", NOW, recent=contacts)
    assert [item.key for item in plain.lines()].count("recent") == 3
    brief = Brief(7, "Dan", NOW, recent=contacts, introductions=(carol,))
    keys = [item.key for item in brief.lines()]
    assert keys[:4] == ["met", "introduction", "recent", "recent"]  # same height as before
    row = line(brief, "introduction")
    assert row.text == "Introduced by Carol · 1 Mar 2019, 7 years ago · at a fair"
    assert (row.caption, row.link_id, row.link_text) == ("Introduced", 3, "Carol")
    many = tuple(
        BriefIntroduction(IntroRole.YOU_INTRODUCED_THEM_TO, 10 + i, f"P{i}") for i in range(5)
    )
    crowded = Brief(7, "Dan", NOW, recent=contacts, introductions=(*many, carol))
    texts = [item.text for item in crowded.lines() if item.key.startswith("introduction")]
    assert texts[0].startswith("Introduced by Carol")  # the key fact first, always
    assert texts[-1] == "and 3 more introductions"
    assert [item.key for item in crowded.lines()].count("recent") == 1
