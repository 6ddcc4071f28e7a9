"""Health as use cases over a real database: everyone, one person, the overview, Today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from relapp.domain.attention import Reason
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import health, interactions, people
from relapp.storage import Database
from tests import health_fixture

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()


@pytest.fixture
def fixture_people(db: Database) -> dict[str, int]:
    return health_fixture.build(db, NOW, TODAY)


def test_today_lists_each_reason_once_most_important_first(
    db: Database, fixture_people: dict[str, int]
) -> None:
    today = health.needs_attention(db, NOW, TODAY)
    names = [row.name for row in today.rows]
    assert names == list(health_fixture.NEEDS_YOU)
    reasons = {row.name: row.reason for row in today.rows}
    assert reasons == {
        "Bea Birthday": Reason.BIRTHDAY,
        "Otto Overdue": Reason.PROMISE_MINE,
        "Fiona Friend": Reason.CADENCE,
        "Sam Silent": Reason.UNANSWERED,
    }
    why = {row.name: row.why for row in today.rows}
    assert why["Bea Birthday"].startswith("Birthday in 3 days")
    assert why["Bea Birthday"].endswith(f"turns {(TODAY + timedelta(days=3)).year - 1990}")
    # issue 13: the state rule's word comes first (two days past due is past the grace)
    assert why["Otto Overdue"] == "You promised: send the photos (broken, 2 days overdue)"
    # 40 days: the one formatter counts whole weeks down (it said "6 weeks" by rounding)
    assert why["Fiona Friend"].startswith("Last contact 5 weeks ago; you wanted every 14 days")
    assert why["Sam Silent"].startswith("Your last 4 contacts went unanswered")
    assert today.left_off == 0
    assert all(row.person_id == fixture_people[row.name] for row in today.rows)


def test_a_friend_falling_below_their_usual_is_listed(db: Database) -> None:
    ada = people.add_person(db, PersonDraft("Ada Quinn", cadence_days=10)).id
    for days_ago in range(60, 420, 7):
        interactions.log_interaction(
            db,
            InteractionDraft(
                NOW - timedelta(days=days_ago), Channel.CALL, Direction.BOTH, (ada,), "weekly call"
            ),
        )
    (row,) = health.needs_attention(db, NOW, TODAY).rows
    assert [c.reason for c in row.concerns] == [Reason.FALLING, Reason.CADENCE]
    assert "down from a usual" in row.why


def test_health_of_everyone_and_of_one_person_agree(
    db: Database, fixture_people: dict[str, int]
) -> None:
    ids, scores = health.health_of_everyone(db, NOW, TODAY)
    assert fixture_people["Archie Archived"] not in ids
    assert len(ids) == len(fixture_people) - 1
    for pid, score in zip(ids.tolist(), scores.tolist(), strict=True):
        one = health.person_health(db, pid, NOW, TODAY)
        assert one.value == pytest.approx(score, abs=1e-9)
    hank = health.person_health(db, fixture_people["Hank Healthy"], NOW, TODAY)
    sam = health.person_health(db, fixture_people["Sam Silent"], NOW, TODAY)
    assert hank.band == "healthy"
    assert sam.value < hank.value
    assert any("unanswered" in f for f in sam.factors)


def test_the_chart_of_one_person_has_a_marker_per_interaction_and_promise(
    db: Database, fixture_people: dict[str, int]
) -> None:
    chart = health.person_chart(db, fixture_people["Karl Kept"], NOW, TODAY)
    assert len(chart.interactions) == 1
    assert len(chart.promises) == 1 and chart.promises.mine.tolist() == [True]
    assert chart.score is not None and chart.score.value == pytest.approx(chart.line_y[-1])
    hank = health.person_chart(db, fixture_people["Hank Healthy"], NOW, TODAY)
    assert len(hank.interactions) == 40
    assert hank.first_day < TODAY - timedelta(days=365)
    assert np.all(np.diff(hank.interactions.t) >= 0)


def test_a_promise_not_yet_due_is_not_on_the_chart(db: Database) -> None:
    from relapp.domain.promises import PromiseDraft, Promiser
    from relapp.services import promises

    bo = people.add_person(db, PersonDraft("Bo")).id
    promises.create_promise(
        db, PromiseDraft(bo, Promiser.THEM, "send it", None, NOW + timedelta(days=3)), now=NOW
    )
    assert len(health.person_chart(db, bo, NOW, TODAY).promises) == 0


def test_the_overview_counts_everyone_known_at_each_month_end(
    db: Database, fixture_people: dict[str, int]
) -> None:
    counts = health.overview(db, NOW, TODAY, years=2)
    assert counts.days[-1] == TODAY
    assert len(counts.days) == 25
    assert counts.total[-1] == len(fixture_people) - 1  # everyone but the archived
    # Only Hank's calls go back over a year; nobody was known two years ago.
    assert counts.total[0] == 0
    assert counts.total[12] == 1
    assert counts.healthy[-1] >= 1


def test_an_empty_database(db: Database) -> None:
    assert len(health.needs_attention(db, NOW, TODAY)) == 0
    ids, scores = health.health_of_everyone(db, NOW, TODAY)
    assert len(ids) == len(scores) == 0
    counts = health.overview(db, NOW, TODAY, years=1)
    assert counts.total.tolist() == [0] * 13


def test_now_must_know_its_time_zone(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        health.needs_attention(db, datetime(2025, 1, 1), date(2025, 1, 1))


def test_the_demo_has_a_birthday_among_the_things_to_do_today(db: Database) -> None:
    from relapp.demo.build import build_demo
    from relapp.demo.health import ANNIVERSARY_IN_DAYS, BIRTHDAY_IN_DAYS

    build_demo(db, NOW)
    today = health.needs_attention(db, NOW, NOW.astimezone().date())
    rosa = next(row for row in today.rows if row.name == "Rosa Delgado")
    assert rosa.reason is Reason.BIRTHDAY
    assert rosa.why.startswith(f"Birthday in {BIRTHDAY_IN_DAYS} days")
    assert [c.reason for c in rosa.concerns] == [Reason.BIRTHDAY, Reason.ANNIVERSARY]
    assert f"anniversary in {ANNIVERSARY_IN_DAYS} days" in rosa.why
    reasons = {row.reason for row in today.rows}
    assert {Reason.PROMISE_MINE, Reason.FALLING, Reason.CADENCE} <= reasons


# --- anniversaries (issue 17): Today lists them as it lists birthdays -------------------------


def test_today_lists_anniversaries_with_their_count_as_it_lists_birthdays(db: Database) -> None:
    from relapp.domain.model import Birthday

    today = date(2026, 6, 9)
    now = datetime(2026, 6, 9, 12, 0, tzinfo=UTC)
    ann = people.add_person(db, PersonDraft("Ann Wed", anniversary=Birthday(6, 12, 2016))).id
    nodate = people.add_person(db, PersonDraft("Nia Noyear", anniversary=Birthday(6, 10))).id
    gone = people.add_person(db, PersonDraft("Gus Gone", anniversary=Birthday(6, 9, 2000))).id
    people.add_person(db, PersonDraft("Fay Far", anniversary=Birthday(6, 24, 2000)))
    both = people.add_person(
        db, PersonDraft("Bo Both", birthday=Birthday(6, 9, 1980), anniversary=Birthday(6, 11))
    ).id
    people.archive_person(db, gone)
    found = health.needs_attention(db, now, today)
    rows = {row.person_id: row for row in found.rows}
    assert set(rows) == {ann, nodate, both}  # the archived and the far one are not listed
    assert rows[ann].reason is Reason.ANNIVERSARY
    assert rows[ann].why == "10th anniversary in 3 days (Fri 12 Jun)"
    assert rows[nodate].why == "Anniversary tomorrow"
    assert [c.reason for c in rows[both].concerns] == [Reason.BIRTHDAY, Reason.ANNIVERSARY]
    assert rows[both].why == "Birthday today, turns 46 · Anniversary in 2 days (Thu 11 Jun)"


def test_an_anniversary_on_29_february_falls_on_28_february_in_other_years(db: Database) -> None:
    from relapp.domain.model import Birthday

    leap = people.add_person(db, PersonDraft("Lea Leap", anniversary=Birthday(2, 29, 2004))).id
    now = datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
    (row,) = health.needs_attention(db, now, date(2027, 2, 28)).rows
    assert (row.person_id, row.why) == (leap, "23rd anniversary today")
    later = datetime(2028, 2, 28, 12, 0, tzinfo=UTC)
    (row,) = health.needs_attention(db, later, date(2028, 2, 28)).rows
    assert row.why == "24th anniversary tomorrow"
