"""The health of one person at one day, against values worked out by hand.

The hand computations follow docs/health.md: warmth halves every half-life (the
cadence, else 45 days); base = 100 * (1 - exp(-warmth / 0.4)); channel weights
meeting 1.0, call 0.8, message 0.5, email 0.4; direction weights both 1.0, inbound 0.6,
outbound 0.4.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from relapp.domain.health import (
    HealthEvent,
    HealthInput,
    PromiseOutcome,
    band,
    health_at,
)
from relapp.domain.model import Channel, Direction, InteractionKind

DAY0 = date(2024, 3, 1)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def days_after(n: int) -> date:
    return DAY0 + timedelta(days=n)


def event(
    day: date,
    channel: Channel = Channel.MEETING,
    direction: Direction = Direction.BOTH,
    kind: InteractionKind = InteractionKind.ORDINARY,
) -> HealthEvent:
    return HealthEvent(at(day), channel, direction, kind)


def base(warmth: float) -> float:
    return 100 * (1 - math.exp(-warmth / 0.4))


def test_no_interactions_at_all_is_zero_with_no_contact_yet() -> None:
    score = health_at(HealthInput(events=()), DAY0)
    assert score.value == 0.0
    assert score.band == "new"  # issue 13: no history is "new", never a red "fading"
    assert score.factors == ("no contact yet",)


def test_interactions_after_the_day_do_not_count() -> None:
    inp = HealthInput(events=(event(days_after(1)),))
    assert health_at(inp, DAY0).value == 0.0
    assert health_at(inp, DAY0).factors == ("no contact yet",)
    assert health_at(inp, days_after(1)).value == pytest.approx(base(1.0))


def test_a_silent_friend_decays() -> None:
    inp = HealthInput(events=(event(DAY0),))  # one two-way meeting, then silence
    values = [health_at(inp, days_after(n)).value for n in (0, 45, 90, 180)]
    # Warmth 1, 1/2, 1/4, 1/16 after 0, 1, 2, 4 half-lives of 45 days.
    assert values == pytest.approx([base(1.0), base(0.5), base(0.25), base(1 / 16)])
    assert values == pytest.approx([91.79, 71.35, 46.47, 14.47], abs=0.01)
    assert [band(v) for v in values] == ["healthy", "healthy", "cooling", "fading"]


def test_a_one_sided_stream_of_unanswered_emails_does_not_look_healthy() -> None:
    emails = [event(days_after(7 * k), Channel.EMAIL, Direction.OUTBOUND) for k in range(10)]
    day = days_after(63)
    score = health_at(HealthInput(events=emails), day)

    # Issue 13: ten contacts a week apart set a rhythm; the half-life is its floor, 30 days.
    warmth = sum(0.4 * 0.4 * 0.5 ** (7 * k / 30) for k in range(10))
    initiative = 1 - 0.3 * 1.0 * 10 / 12  # all one-way from you, ten contacts
    unanswered = 0.8**9  # ten unanswered, the first is free
    assert score.value == pytest.approx(base(warmth) * initiative * unanswered)
    assert score.band == "fading"
    assert "10 emails unanswered" in score.factors

    both_ways = [event(days_after(7 * k), Channel.EMAIL, Direction.BOTH) for k in range(10)]
    assert health_at(HealthInput(events=both_ways), day).band == "healthy"


def test_a_reply_ends_the_unanswered_run_and_one_waiting_contact_is_free() -> None:
    reply = event(days_after(2), Channel.MESSAGE, Direction.INBOUND)
    out = [event(days_after(n), Channel.MESSAGE, Direction.OUTBOUND) for n in (0, 1)]
    waiting = event(days_after(3), Channel.MESSAGE, Direction.OUTBOUND)
    day = days_after(3)

    answered = health_at(HealthInput(events=(*out, reply)), day)
    one_waiting = health_at(HealthInput(events=(*out, reply, waiting)), day)
    assert not any("unanswered" in f for f in answered.factors)
    # The waiting message adds warmth and costs no unanswered penalty, only initiative.
    # four contacts set a rhythm: the half-life is its floor, 30 days (issue 13)
    warmth = 0.5 * (0.4 * 0.5 ** (3 / 30) + 0.4 * 0.5 ** (2 / 30) + 0.6 * 0.5 ** (1 / 30) + 0.4)
    shares = [0.5 ** (age / 365) for age in (3, 2, 1, 0)]
    out_share = (shares[0] + shares[1] + shares[3]) / sum(shares)
    in_share = shares[2] / sum(shares)
    initiative = 1 - 0.3 * (out_share - in_share) * 4 / 6
    assert one_waiting.value == pytest.approx(base(warmth) * initiative)


def test_a_kept_promise_helps() -> None:
    call = event(days_after(-10), Channel.CALL, Direction.BOTH)
    without = health_at(HealthInput(events=(call,)), DAY0)
    kept = PromiseOutcome(due_at=at(days_after(-5)), kept=True)
    with_kept = health_at(HealthInput(events=(call,), promises=(kept,)), DAY0)

    assert without.value == pytest.approx(base(0.8 * 0.5 ** (10 / 45)))
    assert with_kept.value == pytest.approx(without.value * (1 + 0.5 * 0.1))
    assert "1 promise kept" in with_kept.factors


def test_a_broken_or_overdue_promise_hurts() -> None:
    call = event(days_after(-10), Channel.CALL, Direction.BOTH)
    without = health_at(HealthInput(events=(call,)), DAY0)
    broken = PromiseOutcome(due_at=at(days_after(-5)), kept=False)
    with_broken = health_at(HealthInput(events=(call,), promises=(broken,)), DAY0)

    assert with_broken.value == pytest.approx(without.value * (1 - 0.5 * 0.3))
    assert "1 promise broken or late" in with_broken.factors


def test_promises_count_only_once_due_and_open_ones_not_at_all() -> None:
    call = event(days_after(-10), Channel.CALL, Direction.BOTH)
    without = health_at(HealthInput(events=(call,)), DAY0).value
    not_yet_due = PromiseOutcome(due_at=at(days_after(3)), kept=False)
    still_open = PromiseOutcome(due_at=at(days_after(-3)), kept=None)
    inp = HealthInput(events=(call,), promises=(not_yet_due, still_open))
    assert health_at(inp, DAY0).value == pytest.approx(without)
    assert (
        health_at(inp, days_after(3)).value < health_at(HealthInput((call,)), days_after(3)).value
    )


def test_a_cadence_of_7_days_decays_faster_than_one_of_90() -> None:
    meeting = (event(DAY0),)
    day = days_after(30)
    weekly = health_at(HealthInput(events=meeting, cadence_days=7), day)
    quarterly = health_at(HealthInput(events=meeting, cadence_days=90), day)

    assert weekly.value == pytest.approx(base(0.5 ** (30 / 7)))  # 4.3 half-lives: 13.7
    assert quarterly.value == pytest.approx(base(0.5 ** (30 / 90)))  # a third of one: 86.5
    assert band(weekly.value) == "fading"
    assert band(quarterly.value) == "healthy"
    assert weekly.band == quarterly.band == "new"  # one meeting a month ago (issue 13)
    assert "cadence 7 days, overdue by 3 weeks" in weekly.factors


def test_no_cadence_decays_with_a_45_day_half_life_and_a_bad_cadence_means_none() -> None:
    meeting = (event(DAY0),)
    day = days_after(45)
    assert health_at(HealthInput(meeting), day).value == pytest.approx(base(0.5))
    assert health_at(HealthInput(meeting, cadence_days=0), day).value == pytest.approx(base(0.5))


def test_a_two_way_meeting_counts_more_than_an_outbound_email() -> None:
    # Scored the day after: on the day itself both are lifted to at least 40 (issue 13).
    day = days_after(1)
    meeting = health_at(HealthInput(events=(event(DAY0),)), day)
    email = health_at(HealthInput((event(DAY0, Channel.EMAIL, Direction.OUTBOUND),)), day)

    decay = 0.5 ** (1 / 45)
    assert meeting.value == pytest.approx(base(decay))
    # Weight 0.4 * 0.4; one contact, all one-way from you: initiative 1 - 0.3 * 1/3.
    assert email.value == pytest.approx(base(0.16 * decay) * 0.9)
    assert meeting.value > 3 * email.value


def test_a_contact_on_the_day_is_never_fading_unless_a_run_goes_unanswered() -> None:
    email = health_at(HealthInput((event(DAY0, Channel.EMAIL, Direction.OUTBOUND),)), DAY0)
    assert email.value == 40.0  # base(0.16) * 0.9 = 29.7, lifted on the day
    run = [event(days_after(n), Channel.EMAIL, Direction.OUTBOUND) for n in range(4)]
    assert health_at(HealthInput(run), days_after(3)).value < 40.0


def test_them_reaching_out_counts_more_than_you_reaching_out() -> None:
    inbound = health_at(HealthInput((event(DAY0, Channel.CALL, Direction.INBOUND),)), DAY0)
    outbound = health_at(HealthInput((event(DAY0, Channel.CALL, Direction.OUTBOUND),)), DAY0)
    assert inbound.value == pytest.approx(base(0.8 * 0.6) * 0.9)
    assert outbound.value == pytest.approx(base(0.8 * 0.4) * 0.9)


def test_favours_both_ways_count_as_reciprocity() -> None:
    def favour(kind: InteractionKind) -> HealthEvent:
        return event(DAY0, Channel.MESSAGE, Direction.BOTH, kind)

    mutual = HealthInput(
        (favour(InteractionKind.FAVOUR_GIVEN), favour(InteractionKind.FAVOUR_RECEIVED))
    )
    one_way = HealthInput(
        (favour(InteractionKind.FAVOUR_GIVEN), favour(InteractionKind.FAVOUR_GIVEN))
    )
    mutual_score = health_at(mutual, DAY0)
    one_way_score = health_at(one_way, DAY0)

    assert mutual_score.value == pytest.approx(base(1.0))  # balanced: no penalty
    assert one_way_score.value == pytest.approx(base(1.0) * (1 - 0.2 * 1.0 * 2 / 3))
    assert "favours both ways (1 given, 1 received)" in mutual_score.factors
    assert "favours mostly from you (2 given, 0 received)" in one_way_score.factors


def test_favours_only_from_them_are_one_sided_too() -> None:
    received = event(DAY0, Channel.CALL, Direction.BOTH, InteractionKind.FAVOUR_RECEIVED)
    score = health_at(HealthInput((received, received)), DAY0)
    assert score.value == pytest.approx(base(1.6) * (1 - 0.2 * 2 / 3))
    assert "favours mostly from them (2 received, 0 given)" in score.factors


def test_the_score_never_exceeds_100() -> None:
    meetings = tuple(event(DAY0) for _ in range(40))
    kept = tuple(PromiseOutcome(at(DAY0), kept=True) for _ in range(5))
    score = health_at(HealthInput(meetings, kept), DAY0)
    assert score.value == 100.0
    assert score.band == "healthy"


def test_naive_times_are_utc_and_days_are_utc_days() -> None:
    late_evening_new_york = datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    aware = HealthInput((HealthEvent(late_evening_new_york, Channel.CALL, Direction.BOTH),))
    # 23:30 in New York is 04:30 UTC the next day: it counts from 2 March.
    assert health_at(aware, date(2024, 3, 1)).value == 0.0
    assert health_at(aware, date(2024, 3, 2)).value == pytest.approx(base(0.8))

    naive = HealthInput((HealthEvent(datetime(2024, 3, 2, 4, 30), Channel.CALL, Direction.BOTH),))
    assert health_at(naive, date(2024, 3, 2)) == health_at(aware, date(2024, 3, 2))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100.0, "healthy"),
        (70.0, "healthy"),
        (69.99, "cooling"),
        (40.0, "cooling"),
        (39.9, "fading"),
        (0.0, "fading"),
    ],
)
def test_bands(value: float, expected: str) -> None:
    assert band(value) == expected
