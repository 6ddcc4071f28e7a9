"""Gentle warnings before logging an outbound contact: avoided channels, silence, bursts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.model import Channel, Direction
from relapp.domain.outreach import (
    DEFAULT_THRESHOLDS,
    OutreachKind,
    OutreachThresholds,
    OutreachWarning,
    RecentContact,
    check_outreach,
    describe_span,
    preference_text,
)

NOW = datetime(2024, 5, 14, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
OUT, IN, BOTH = Direction.OUTBOUND, Direction.INBOUND, Direction.BOTH


def contact(hours_ago: float, direction: Direction = OUT, channel: Channel = Channel.EMAIL):
    return RecentContact(NOW - timedelta(hours=hours_ago), direction, channel)


def check(
    recent: list[RecentContact],
    channel: Channel = Channel.EMAIL,
    *,
    preferred: Channel | None = None,
    avoid: frozenset[Channel] = frozenset(),
    thresholds: OutreachThresholds = DEFAULT_THRESHOLDS,
    when: datetime = NOW,
) -> list[OutreachWarning]:
    return check_outreach(
        channel,
        when,
        recent,
        name="Dan",
        preferred=preferred,
        avoid=avoid,
        thresholds=thresholds,
    )


def kinds(warnings: list[OutreachWarning]) -> list[OutreachKind]:
    return [w.kind for w in warnings]


# --- avoided channels ---------------------------------------------------------------------


def test_calling_someone_who_asked_for_email_warns() -> None:
    warnings = check([], Channel.CALL, preferred=Channel.EMAIL, avoid=frozenset({Channel.CALL}))
    assert warnings == [
        OutreachWarning(
            OutreachKind.AVOIDED_CHANNEL, 1, "Dan asked not to be reached by phone; prefers email."
        )
    ]


def test_avoided_channel_without_a_preference_says_only_what_to_avoid() -> None:
    warnings = check([], Channel.MEETING, avoid=frozenset({Channel.MEETING}))
    assert [w.message for w in warnings] == ["Dan asked not to be reached in person."]


def test_a_preferred_channel_that_is_also_avoided_is_not_suggested() -> None:
    avoid = frozenset({Channel.CALL, Channel.EMAIL})
    warnings = check([], Channel.CALL, preferred=Channel.EMAIL, avoid=avoid)
    assert [w.message for w in warnings] == ["Dan asked not to be reached by phone."]


def test_a_channel_not_avoided_does_not_warn() -> None:
    assert check([], Channel.EMAIL, preferred=Channel.EMAIL, avoid=frozenset({Channel.CALL})) == []


# --- unanswered ---------------------------------------------------------------------------


def test_two_unanswered_are_not_yet_a_pattern() -> None:
    assert check([contact(48), contact(24)]) == []


def test_three_unanswered_warn_gently_with_the_count() -> None:
    warnings = check([contact(72), contact(48), contact(24)])
    assert warnings == [
        OutreachWarning(
            OutreachKind.UNANSWERED,
            3,
            "Your last 3 emails to Dan went unanswered. Maybe give it time?",
        )
    ]


def test_unanswered_counts_every_outbound_since_the_last_reply() -> None:
    recent = [contact(200, IN)] + [contact(h) for h in (150, 120, 100, 72, 48)]
    random.Random(4).shuffle(recent)
    [warning] = check(recent)
    assert warning.count == 5


@pytest.mark.parametrize("reply", [IN, BOTH])
def test_a_reply_breaks_the_streak(reply: Direction) -> None:
    recent = [contact(96), contact(72), contact(50, reply), contact(48), contact(24)]
    assert check(recent) == []


def test_unanswered_across_channels_says_attempts() -> None:
    recent = [contact(72, channel=Channel.CALL), contact(48), contact(24, channel=Channel.CALL)]
    [warning] = check(recent)
    assert (
        warning.message == "Your last 3 attempts to reach Dan went unanswered. Maybe give it time?"
    )


def test_unanswered_calls_are_called_calls() -> None:
    [warning] = check([contact(h, channel=Channel.CALL) for h in (72, 48, 24)])
    assert warning.message.startswith("Your last 3 calls to Dan")


def test_contacts_after_the_one_being_logged_do_not_count_as_unanswered() -> None:
    recent = [contact(96), contact(72, IN), contact(48), contact(24), contact(-24)]
    assert check(recent, when=NOW - timedelta(hours=30)) == []


def test_unanswered_threshold_is_adjustable() -> None:
    thresholds = OutreachThresholds(unanswered=2)
    assert kinds(check([contact(48), contact(24)], thresholds=thresholds)) == [
        OutreachKind.UNANSWERED
    ]
    assert check([contact(24)], thresholds=thresholds) == []


# --- bursts -------------------------------------------------------------------------------


def test_third_contact_within_four_hours_warns() -> None:
    recent = [contact(3, IN), contact(2), contact(1)]
    assert check(recent) == [
        OutreachWarning(OutreachKind.BURST, 3, "This would be 3 contacts to Dan in 4 hours.")
    ]


def test_second_contact_within_four_hours_is_fine() -> None:
    assert check([contact(2, IN), contact(1)]) == []


def test_four_calls_in_four_hours() -> None:
    recent = [contact(10, IN)] + [contact(h, channel=Channel.CALL) for h in (4, 2.5, 1)]
    warnings = check(recent, Channel.CALL)
    assert [(w.kind, w.count) for w in warnings] == [
        (OutreachKind.UNANSWERED, 3),
        (OutreachKind.BURST, 4),
    ]
    assert warnings[1].message == "This would be 4 contacts to Dan in 4 hours."


def test_burst_window_includes_its_edge() -> None:
    assert kinds(check([contact(8, IN), contact(4), contact(1)])) == [OutreachKind.BURST]
    assert check([contact(8, IN), contact(4 + 1 / 3600), contact(1)]) == []


def test_replies_do_not_count_towards_a_burst() -> None:
    assert check([contact(3, IN), contact(2, BOTH), contact(1)]) == []


def test_a_contact_logged_after_the_fact_can_complete_a_burst() -> None:
    recent = [contact(10, IN), contact(4), contact(2)]
    warnings = check(recent, when=NOW - 3 * HOUR)
    assert [(w.kind, w.count) for w in warnings] == [(OutreachKind.BURST, 3)]


def test_contacts_either_side_that_do_not_fit_one_window_are_no_burst() -> None:
    # 3.5 hours before and after: each is near, but all three never fit in 4 hours.
    recent = [contact(20, IN), contact(3.5), contact(-3.5)]
    assert check(recent) == []


def test_burst_threshold_and_window_are_adjustable() -> None:
    thresholds = OutreachThresholds(burst_count=2, burst_window=timedelta(minutes=90))
    [warning] = check([contact(5, IN), contact(1.25)], thresholds=thresholds)
    assert warning.message == "This would be 2 contacts to Dan in 90 minutes."
    assert check([contact(5, IN), contact(1.75)], thresholds=thresholds) == []


# --- together -----------------------------------------------------------------------------


def test_every_rule_can_fire_at_once_in_a_fixed_order() -> None:
    recent = [contact(h, channel=Channel.CALL) for h in (3, 2, 1)]
    warnings = check(recent, Channel.CALL, preferred=Channel.EMAIL, avoid=frozenset({Channel.CALL}))
    assert kinds(warnings) == [
        OutreachKind.AVOIDED_CHANNEL,
        OutreachKind.UNANSWERED,
        OutreachKind.BURST,
    ]


def test_a_nameless_person_still_gets_a_sentence() -> None:
    warnings = check_outreach(
        Channel.CALL, NOW, [], name=" ", preferred=None, avoid=frozenset({Channel.CALL})
    )
    assert warnings[0].message == "This person asked not to be reached by phone."


@pytest.mark.parametrize(
    "changes",
    [{"unanswered": 0}, {"burst_count": 0}, {"burst_window": timedelta(0)}],
)
def test_thresholds_must_be_positive(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        OutreachThresholds(**changes)  # type: ignore[arg-type]


# --- wording shared with reminders --------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "avoid", "text"),
    [
        (None, set(), ""),
        (Channel.EMAIL, set(), "prefers email"),
        (None, {Channel.CALL}, "not phone"),
        (
            Channel.MESSAGE,
            {Channel.LETTER, Channel.CALL, Channel.VIDEO},
            "prefers messages, not phone, video calls or letters",
        ),
        (Channel.CALL, {Channel.CALL}, "not phone"),
    ],
)
def test_preference_text(preferred: Channel | None, avoid: set[Channel], text: str) -> None:
    assert preference_text(preferred, avoid) == text


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(hours=4), "4 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(days=2), "2 days"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(seconds=45), "45 seconds"),
    ],
)
def test_describe_span(span: timedelta, text: str) -> None:
    assert describe_span(span) == text


def test_a_promise_on_an_avoided_channel_is_warned_in_the_words_logging_uses() -> None:
    from relapp.domain.outreach import avoided_channel_warning

    avoid = frozenset({Channel.CALL})
    warning = avoided_channel_warning(Channel.CALL, "Dan", preferred=Channel.EMAIL, avoid=avoid)
    assert warning is not None
    [logged] = check([], Channel.CALL, preferred=Channel.EMAIL, avoid=avoid)  # what logging says
    assert warning == logged
    assert avoided_channel_warning(Channel.EMAIL, "Priya", preferred=None, avoid=avoid) is None
