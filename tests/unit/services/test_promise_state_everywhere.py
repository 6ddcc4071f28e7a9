"""A promise is in one state everywhere: a snoozed promise is snoozed in the brief, in
the health score and on the chart, as it is in the promise row and the Due view.

Issue 13 saw a promise "snoozed until 13:33" in its row but "overdue" in red in the
brief, "1 promise broken or overdue" in the health score and a "Promise missed" marker
on the chart. Each test below failed on that code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.health import PROMISE_BROKEN
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseState, promise_state
from relapp.services import brief, health, interactions, people, promises
from relapp.storage import Database

NOW = datetime(2026, 5, 12, 13, 0, tzinfo=UTC)


@pytest.fixture
def carol(db: Database) -> int:
    """Carol: monthly calls for a year, and a callback promised for three days ago,
    snoozed until tomorrow."""
    pid = people.add_person(db, PersonDraft("Carol Reyes")).id
    for months in range(12):
        interactions.log_interaction(
            db,
            InteractionDraft(
                NOW - timedelta(days=10 + 30 * months), Channel.CALL, Direction.BOTH, (pid,), "call"
            ),
        )
    due = NOW - timedelta(days=3)
    made = promises.create_promise(
        db, PromiseDraft(pid, Promiser.ME, "send the photos", Channel.EMAIL, due), now=due
    )
    promises.snooze_promise_until(db, made.id, NOW + timedelta(days=1), now=NOW)
    return pid


def _without_promises(db: Database, pid: int) -> None:
    for p in promises.promises_kept_by(db, pid):
        promises.delete_promise(db, p.id)


def test_the_row_says_snoozed(db: Database, carol: int) -> None:
    (entry,) = promises.open_promises_for(db, carol)
    assert promise_state(entry.promise, NOW) is PromiseState.SNOOZED


def test_the_brief_says_snoozed_not_overdue_and_not_in_red(db: Database, carol: int) -> None:
    lines = {line.key: line for line in brief.brief_for(db, carol, now=NOW).lines()}
    owe = lines["you_owe"]
    assert "overdue" not in owe.text
    assert "snoozed, reminds you" in owe.text
    assert not owe.warn


def test_the_health_score_does_not_count_a_snoozed_promise(db: Database, carol: int) -> None:
    with_snooze = health.person_health(db, carol, NOW)
    assert not any("promise" in factor for factor in with_snooze.factors)
    _without_promises(db, carol)
    assert with_snooze.value == pytest.approx(health.person_health(db, carol, NOW).value)


def test_everyone_at_once_agrees_with_one_person(db: Database, carol: int) -> None:
    ids, scores = health.health_of_everyone(db, NOW)
    one = health.person_health(db, carol, NOW)
    assert scores[list(ids).index(carol)] == pytest.approx(one.value)


def test_the_chart_has_no_missed_marker_for_a_snoozed_promise(db: Database, carol: int) -> None:
    chart = health.person_chart(db, carol, NOW)
    assert not (chart.promises.kept == PROMISE_BROKEN).any()


def test_once_the_snooze_and_the_grace_are_over_it_is_broken_everywhere(
    db: Database, carol: int
) -> None:
    later = NOW + timedelta(days=2, hours=1)  # snooze ended a day and an hour ago
    (entry,) = promises.open_promises_for(db, carol)
    assert promise_state(entry.promise, later) is PromiseState.BROKEN
    owe = {line.key: line for line in brief.brief_for(db, carol, now=later).lines()}["you_owe"]
    assert owe.warn and "broken, was due 5 days ago" in owe.text
    assert any("promise" in f for f in health.person_health(db, carol, later).factors)
    assert (health.person_chart(db, carol, later).promises.kept == PROMISE_BROKEN).any()


def test_today_lists_a_snoozed_promise_only_once_its_snooze_is_over(
    db: Database, carol: int
) -> None:
    assert not health.needs_attention(db, NOW).rows
    (row,) = health.needs_attention(db, NOW + timedelta(days=2, hours=1)).rows
    assert row.why.startswith("You promised: send the photos (broken, ")


def test_today_never_says_due_today_for_a_promise_already_past_due(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Dan Whitaker")).id
    due = NOW - timedelta(hours=1)
    promises.create_promise(
        db, PromiseDraft(pid, Promiser.THEM, "send the quotes", None, due), now=due
    )
    (row,) = health.needs_attention(db, NOW, NOW.date()).rows
    assert "(due today)" not in row.why
    assert row.why == "They promised: send the quotes (overdue, was due today)"
