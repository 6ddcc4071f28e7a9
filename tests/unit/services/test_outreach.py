"""The gentle outreach warnings, over a person's real history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.outreach import OutreachKind, OutreachThresholds
from relapp.services import interactions, outreach, people
from relapp.services import promises as promise_service
from relapp.storage import Database

T0 = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture
def priya(db: Database) -> int:
    return people.add_person(
        db,
        PersonDraft(
            "Priya", preferred_channel=Channel.EMAIL, avoid_channels=frozenset({Channel.CALL})
        ),
    ).id


def log(db: Database, pid: int, when: datetime, direction: Direction, channel=Channel.EMAIL):
    return interactions.log_interaction(db, InteractionDraft(when, channel, direction, (pid,)))


def kinds(warnings) -> list[OutreachKind]:
    return [w.kind for w in warnings]


def test_calling_someone_who_asked_for_email_warns(db: Database, priya: int) -> None:
    found = outreach.warnings_for(db, priya, Channel.CALL, T0)
    assert kinds(found) == [OutreachKind.AVOIDED_CHANNEL]
    assert found[0].message == "Priya asked not to be reached by phone; prefers email."
    assert outreach.warnings_for(db, priya, Channel.EMAIL, T0) == []


def test_only_outbound_contacts_are_checked(db: Database, priya: int) -> None:
    assert outreach.warnings_for(db, priya, Channel.CALL, T0, Direction.INBOUND) == []


def test_unanswered_streak_counts_since_the_last_reply(db: Database, priya: int) -> None:
    log(db, priya, T0 - 30 * 24 * HOUR, Direction.INBOUND)
    for days in (20, 10, 5):
        log(db, priya, T0 - days * 24 * HOUR, Direction.OUTBOUND)
    found = outreach.warnings_for(db, priya, Channel.EMAIL, T0)
    assert kinds(found) == [OutreachKind.UNANSWERED]
    assert found[0].count == 3
    log(db, priya, T0 - 24 * HOUR, Direction.INBOUND)
    assert outreach.warnings_for(db, priya, Channel.EMAIL, T0) == []


def test_a_burst_counts_this_contact_too_and_follows_the_settings(db: Database, priya: int) -> None:
    log(db, priya, T0 - 3 * HOUR, Direction.INBOUND)
    first = log(db, priya, T0 - 2 * HOUR, Direction.OUTBOUND)
    log(db, priya, T0 - HOUR, Direction.OUTBOUND)
    found = outreach.warnings_for(db, priya, Channel.EMAIL, T0)
    assert kinds(found) == [OutreachKind.BURST]
    assert found[0].count == 3
    assert "3 contacts to Priya in 4 hours" in found[0].message
    # Editing one of them does not count it against itself.
    edited = outreach.warnings_for(
        db, priya, Channel.EMAIL, T0 - 2 * HOUR, exclude_interaction_id=first.id
    )
    assert edited == []
    promise_service.set_outreach_thresholds(
        db, OutreachThresholds(unanswered=3, burst_count=4, burst_window=timedelta(hours=4))
    )
    assert outreach.warnings_for(db, priya, Channel.EMAIL, T0) == []
