"""Latest contact and unanswered runs for everyone at once."""

from __future__ import annotations

from datetime import UTC, datetime

from relapp.domain.health import HealthEvent, HealthInput, arrays_from_inputs
from relapp.domain.health.streaks import (
    LATEST,
    NEVER,
    earliest_contact,
    latest_contact,
    unanswered_streaks,
)
from relapp.domain.model import Channel, Direction


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def sent(day: int) -> HealthEvent:
    return HealthEvent(at(day), Channel.EMAIL, Direction.OUTBOUND)


def heard(day: int) -> HealthEvent:
    return HealthEvent(at(day), Channel.CALL, Direction.INBOUND)


def test_outbound_after_the_latest_reply_make_the_streak() -> None:
    arrays = arrays_from_inputs(
        [
            HealthInput((sent(1), heard(2), sent(3), sent(4), sent(5))),
            HealthInput((sent(1), sent(2), heard(3))),
            HealthInput((sent(1), sent(2))),
            HealthInput(()),
        ]
    )
    now = int(at(20).timestamp())
    count, latest = unanswered_streaks(arrays, now)
    assert count.tolist() == [3, 0, 2, 0]
    assert latest.tolist() == [
        int(at(5).timestamp()),
        NEVER,
        int(at(2).timestamp()),
        NEVER,
    ]


def test_only_contacts_up_to_now_count() -> None:
    arrays = arrays_from_inputs([HealthInput((sent(1), sent(2), heard(10)))])
    count, _ = unanswered_streaks(arrays, int(at(5).timestamp()))
    assert count.tolist() == [2]
    assert latest_contact(arrays, int(at(5).timestamp())).tolist() == [int(at(2).timestamp())]


def test_first_and_latest_contact() -> None:
    arrays = arrays_from_inputs([HealthInput((heard(4), sent(2))), HealthInput(())])
    assert earliest_contact(arrays).tolist() == [int(at(2).timestamp()), LATEST]
    assert latest_contact(arrays, int(at(30).timestamp())).tolist() == [
        int(at(4).timestamp()),
        NEVER,
    ]
