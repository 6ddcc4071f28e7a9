"""Health a person can trust (issue 13): what was seen in the app, over a real database.

Before: a person just added was "Health 0 · fading", a call logged today "63 · cooling",
one email yesterday "29 · fading". Each test here failed on that code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import health, interactions, people
from relapp.storage import Database

NOW = datetime(2026, 5, 12, 18, 0, tzinfo=UTC)


def _log(db: Database, pid: int, when: datetime, channel: Channel, direction: Direction) -> None:
    interactions.log_interaction(db, InteractionDraft(when, channel, direction, (pid,), "hi"))


def test_a_person_just_added_is_new_not_fading(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Dan Whitaker")).id
    assert health.person_health(db, pid, NOW).band == "new"


def test_a_call_logged_today_is_new_not_cooling(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Dan Whitaker")).id
    _log(db, pid, NOW - timedelta(hours=1), Channel.CALL, Direction.INBOUND)
    assert health.person_health(db, pid, NOW).band == "new"


def test_one_email_yesterday_is_new_not_fading(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Dan Whitaker")).id
    _log(db, pid, NOW - timedelta(days=1), Channel.EMAIL, Direction.OUTBOUND)
    assert health.person_health(db, pid, NOW).band == "new"


def test_a_contact_today_after_a_long_silence_is_not_fading(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Old Friend")).id
    for months in range(12):  # a year of monthly meetings, three years ago
        _log(db, pid, NOW - timedelta(days=1095 + 30 * months), Channel.MEETING, Direction.BOTH)
    assert health.person_health(db, pid, NOW - timedelta(hours=2)).band == "fading"
    _log(db, pid, NOW - timedelta(hours=1), Channel.EMAIL, Direction.OUTBOUND)
    assert health.person_health(db, pid, NOW).band != "fading"
    ids, scores = health.health_of_everyone(db, NOW)
    assert scores[list(ids).index(pid)] >= 40
