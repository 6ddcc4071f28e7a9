"""The few factors that explain a score, in human words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from relapp.domain.health import HealthEvent, HealthInput, PromiseOutcome, health_at, health_terms
from relapp.domain.health.explain import MAX_FACTORS, describe_span
from relapp.domain.model import Channel, Direction, InteractionKind

DAY = date(2024, 6, 1)


def ago(days: int) -> datetime:
    return datetime(2024, 6, 1, 9, tzinfo=UTC) - timedelta(days=days)


def test_the_issue_example_last_contact_unanswered_messages_and_cadence() -> None:
    talk = HealthEvent(ago(200), Channel.CALL, Direction.BOTH)
    unanswered = [HealthEvent(ago(n), Channel.MESSAGE, Direction.OUTBOUND) for n in (160, 140, 122)]
    score = health_at(HealthInput((talk, *unanswered), cadence_days=30), DAY)

    assert score.factors[0] == "last contact 4 months ago"
    assert "3 messages unanswered" in score.factors
    assert "cadence 30 days, overdue by 3 months" in score.factors
    assert score.band == "fading"


def test_mixed_unanswered_channels_are_called_contacts() -> None:
    events = [
        HealthEvent(ago(3), Channel.EMAIL, Direction.OUTBOUND),
        HealthEvent(ago(2), Channel.CALL, Direction.OUTBOUND),
        HealthEvent(ago(1), Channel.EMAIL, Direction.OUTBOUND),
    ]
    assert "3 contacts unanswered" in health_at(HealthInput(events), DAY).factors


def test_one_sided_initiative_is_named_with_its_share() -> None:
    theirs = [HealthEvent(ago(n), Channel.CALL, Direction.INBOUND) for n in range(1, 9)]
    score = health_at(HealthInput(theirs), DAY)
    assert "all recent contacts one-way from them" in score.factors

    same_day = [HealthEvent(ago(1), Channel.CALL, Direction.INBOUND) for _ in range(3)]
    same_day.append(HealthEvent(ago(1), Channel.CALL, Direction.BOTH))
    score = health_at(HealthInput(same_day), DAY)
    assert "75% of recent contacts one-way from them" in score.factors


def test_frequent_two_way_contact_is_said_when_there_is_room() -> None:
    events = [HealthEvent(ago(n), Channel.MEETING, Direction.BOTH) for n in (1, 10, 20, 60)]
    score = health_at(HealthInput(events), DAY)
    # Issue 13: four contacts set a rhythm (every 20 days, kept to at least 30) as the half-life.
    assert score.factors == ("last contact yesterday", "3 contacts in the last 30 days")


def test_factors_follow_the_impact_of_each_term() -> None:
    events = [HealthEvent(ago(2), Channel.MEETING, Direction.BOTH)]
    promises = [PromiseOutcome(ago(n), kept=False) for n in (1, 5, 9)]
    score = health_at(HealthInput(events, promises), DAY)
    terms = health_terms(HealthInput(events, promises), DAY)
    assert terms.promises == pytest.approx(1 - 3 / 4 * 0.3)
    assert score.factors == ("last contact 2 days ago", "3 promises broken or late")


def test_kept_and_broken_promises_are_named_together() -> None:
    events = [HealthEvent(ago(2), Channel.MEETING, Direction.BOTH)]
    promises = [PromiseOutcome(ago(1), kept=True), PromiseOutcome(ago(1), kept=True)]
    promises.append(PromiseOutcome(ago(1), kept=False))
    score = health_at(HealthInput(events, promises), DAY)
    assert "2 promises kept, 1 broken or late" in score.factors


def test_never_more_than_the_few_most_important_factors() -> None:
    events = [
        HealthEvent(ago(100), Channel.CALL, Direction.BOTH, InteractionKind.FAVOUR_GIVEN),
        *(HealthEvent(ago(n), Channel.EMAIL, Direction.OUTBOUND) for n in (60, 50, 40)),
        HealthEvent(ago(30), Channel.EMAIL, Direction.OUTBOUND, InteractionKind.FAVOUR_GIVEN),
    ]
    promises = [PromiseOutcome(ago(10), kept=False)]
    score = health_at(HealthInput(events, promises, cadence_days=14), DAY)
    assert len(score.factors) == MAX_FACTORS
    assert score.factors[0] == "last contact 4 weeks ago"
    assert score.factors[1] == "4 emails unanswered"  # the largest impact comes first
    assert score.factors[-1] == "cadence 14 days, overdue by 2 weeks"


def test_no_contact_yet_still_names_the_cadence() -> None:
    assert health_at(HealthInput((), cadence_days=1), DAY).factors == (
        "no contact yet",
        "cadence 1 day",
    )


def test_last_contact_is_said_by_the_one_formatter_relative_to_now() -> None:
    """The health header and the people list say the same words for the same contact."""
    events = [HealthEvent(ago(0), Channel.CALL, Direction.BOTH)]
    now = datetime(2024, 6, 1, 14, tzinfo=UTC)
    assert health_at(HealthInput(events), DAY, now).factors[0] == "last contact 5 hours ago"
    older = [HealthEvent(ago(290), Channel.CALL, Direction.BOTH)]
    assert health_at(HealthInput(older), DAY, now).factors[0] == "last contact 9 months ago"


def test_describe_span_uses_the_singular_for_one() -> None:
    assert describe_span(1) == "1 day"
    assert describe_span(7 * 5 + 2) == "5 weeks"
    assert describe_span(30) == "4 weeks"
