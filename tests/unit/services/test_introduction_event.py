"""An introduction is its own event: its own date and kind, not a contact; and the brief
never loses it, whatever happened since (issue 13, items 1 and 6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from relapp.domain.brief import IntroRole
from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft, InteractionKind, PersonDraft
from relapp.services import health, interactions, introductions, people
from relapp.services.brief import brief_for
from relapp.storage import Database

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def add(db: Database, name: str) -> int:
    return people.add_person(db, PersonDraft(name)).id


def call(db: Database, when: datetime, who: int, summary: str = "call") -> None:
    interactions.log_interaction(
        db, InteractionDraft(when, Channel.CALL, Direction.BOTH, (who,), summary)
    )


def last_contact(db: Database, pid: int) -> datetime | None:
    return people.person_rows(db, [pid])[pid].last_contact_at


def test_an_old_introduction_keeps_its_date_and_kind_and_is_not_a_contact(db: Database) -> None:
    carol, dan = add(db, "Carol Roth"), add(db, "Dan Whitaker")
    talked = NOW - timedelta(days=200)
    call(db, talked, dan)
    before = health.person_health(db, dan, NOW)

    introductions.record_introduction(
        db,
        IntroductionDraft(carol, None, dan, date(2019, 3, 1), "at SmallBiz"),
        channel=Channel.MEETING,
        now=NOW,
    )

    assert last_contact(db, dan) == talked  # "last talked" is not reset
    assert last_contact(db, carol) is None  # an introduction is not talking to Carol
    after = health.person_health(db, dan, NOW)
    assert after.value == before.value  # nor a meeting in health
    assert after.factors[0] == "last contact 6 months ago"
    entries = interactions.history_page(db, dan, 0, 10)
    kinds = [(e.interaction.kind, e.interaction.occurred_at.date()) for e in entries]
    assert (InteractionKind.INTRODUCTION, date(2019, 3, 1)) in kinds  # still in history


def test_an_introduction_recorded_today_is_not_a_contact_either(db: Database) -> None:
    carol, dan = add(db, "Carol Roth"), add(db, "Dan Whitaker")
    introductions.record_introduction(db, IntroductionDraft(carol, None, dan), now=NOW)
    assert last_contact(db, dan) is None and last_contact(db, carol) is None
    assert health.person_health(db, dan, NOW).factors[0] == "no contact yet"
    (entry,) = interactions.history_page(db, dan, 0, 10)
    assert entry.interaction.kind is InteractionKind.INTRODUCTION


def test_the_brief_keeps_every_introduction_whatever_happened_since(db: Database) -> None:
    carol, dan, ed, fay = (add(db, n) for n in ("Carol Roth", "Dan Whitaker", "Ed Navarro", "Fay"))
    introductions.record_introduction(
        db, IntroductionDraft(carol, None, dan, date(2019, 3, 1), "at SmallBiz"), now=NOW
    )
    introductions.record_introduction(
        db, IntroductionDraft(dan, None, fay, date(2023, 5, 2)), now=NOW
    )
    introductions.record_introduction(
        db, IntroductionDraft(None, dan, ed, date(2025, 1, 10), "by email"), now=NOW
    )
    for days in (1, 5, 9, 30, 60):
        call(db, NOW - timedelta(days=days), dan, f"talk {days}")

    brief = brief_for(db, dan, now=NOW)
    assert [(i.role, i.other_id) for i in brief.introductions] == [
        (IntroRole.INTRODUCED_BY, carol),
        (IntroRole.INTRODUCED_YOU_TO, fay),
        (IntroRole.YOU_INTRODUCED_THEM_TO, ed),
    ]
    rows = [line for line in brief.lines() if line.key == "introduction"]
    assert [(r.text, r.link_id, r.link_text) for r in rows] == [
        ("Introduced by Carol Roth · 1 Mar 2019, 7 years ago · at SmallBiz", carol, "Carol Roth"),
        ("Introduced you to Fay · 2 May 2023, 2 years ago", fay, "Fay"),
        (
            "You introduced them to Ed Navarro · 10 Jan 2025, 1 year ago · by email",
            ed,
            "Ed Navarro",
        ),
    ]
    recent = [line.text for line in brief.lines() if line.key == "recent"]
    assert recent and all("introduc" not in text.lower() for text in recent)
