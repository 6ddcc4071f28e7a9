"""Which channel to reach someone on, and what to offer when a contact goes against their
wishes: the one rule the log dialog, the promise row and the promise dialog share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from relapp.domain.model import Channel
from relapp.domain.promises import Promiser
from relapp.domain.reaching import (
    FOLLOW_UP_AFTER_DAYS,
    alternative_to,
    channel_for_logging,
    follow_up_draft,
    follow_up_due,
    suggested_channel,
)

EMAIL, CALL, MESSAGE, MEETING = Channel.EMAIL, Channel.CALL, Channel.MESSAGE, Channel.MEETING


def test_a_new_promise_goes_the_way_they_prefer() -> None:
    assert suggested_channel(EMAIL, frozenset({CALL})) is EMAIL
    assert suggested_channel(CALL, frozenset()) is CALL


def test_never_an_avoided_channel_even_when_the_data_contradicts_itself() -> None:
    # "prefers phone" and "not phone" at once: phone is not suggested.
    assert suggested_channel(CALL, frozenset({CALL})) is None
    assert suggested_channel(CALL, frozenset({CALL}), last_used=EMAIL) is EMAIL
    assert suggested_channel(None, frozenset({CALL}), last_used=CALL) is None


def test_without_a_preference_the_channel_last_used_is_suggested() -> None:
    assert suggested_channel(None, frozenset(), last_used=MESSAGE) is MESSAGE
    assert suggested_channel(None, frozenset()) is None


def test_logging_always_gets_a_channel_and_never_an_avoided_one() -> None:
    assert channel_for_logging(EMAIL, frozenset({CALL}), CALL) is EMAIL
    assert channel_for_logging(None, frozenset(), MEETING) is MEETING
    assert channel_for_logging(None, frozenset({EMAIL}), None) is CALL  # first not avoided
    everything = frozenset(Channel)
    assert channel_for_logging(None, everything, None) is Channel.OTHER


@pytest.mark.parametrize("preferred", [None, *Channel])
@pytest.mark.parametrize("avoided", [frozenset(), frozenset({CALL}), frozenset({EMAIL, CALL})])
@pytest.mark.parametrize("last", [None, *Channel])
def test_no_suggestion_is_ever_avoided(preferred, avoided, last) -> None:
    suggestion = suggested_channel(preferred, avoided, last_used=last)
    assert suggestion is None or suggestion not in avoided
    assert channel_for_logging(preferred, avoided, last) not in avoided


def test_the_alternative_to_an_avoided_channel_is_their_preferred_one() -> None:
    assert alternative_to(CALL, EMAIL, frozenset({CALL})) is EMAIL
    assert alternative_to(EMAIL, EMAIL, frozenset({CALL})) is None  # nothing to fix
    assert alternative_to(MESSAGE, EMAIL, frozenset({CALL})) is None  # not avoided
    assert alternative_to(CALL, None, frozenset({CALL})) is None  # no preference to offer
    assert alternative_to(CALL, CALL, frozenset({CALL})) is None  # contradictory data


def test_a_follow_up_is_due_a_few_days_on_in_the_morning_local_time() -> None:
    zone = timezone(timedelta(hours=2))
    now_local = datetime(2026, 3, 5, 22, 30, tzinfo=zone)
    due = follow_up_due(now_local)
    assert due == datetime(2026, 3, 5 + FOLLOW_UP_AFTER_DAYS, 9, 0, tzinfo=zone)
    assert FOLLOW_UP_AFTER_DAYS == 3


def test_the_follow_up_promise_is_mine_on_their_preferred_channel() -> None:
    now_local = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    draft = follow_up_draft(7, EMAIL, frozenset({CALL}), 4, now_local)
    assert (draft.person_id, draft.promiser, draft.channel) == (7, Promiser.ME, EMAIL)
    assert draft.what == "follow up (your last 4 tries went unanswered)"
    assert draft.due_at == datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
    assert follow_up_draft(7, CALL, frozenset({CALL}), 3, now_local).channel is None
