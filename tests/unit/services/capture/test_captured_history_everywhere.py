"""Captured history is history like any other (issue 15): the unanswered-streak warning
counts captured mail I sent and sees a captured reply, the brief lists captured
entries, last contact and health move with them. Real SQLite, through the services."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.model import Channel, ContactKind, ContactPoint, Direction, PersonDraft
from relapp.domain.outreach import OutreachKind
from relapp.services import brief, capture, health, outreach, people
from relapp.storage import Database
from tests.capture.generators.mail import BASE, Mail, write_mbox

ME = "me@example.com"
CAROL = "Carol Roth <carol@example.org>"
TZ = ZoneInfo("Europe/Berlin")
NOW = BASE + timedelta(days=40)


@pytest.fixture
def carol(db: Database) -> int:
    draft = PersonDraft(
        "Carol Roth",
        preferred_channel=Channel.EMAIL,
        contact_points=(ContactPoint(ContactKind.EMAIL, "carol@example.org"),),
    )
    return people.add_person(db, draft).id


def mine(day: int) -> Mail:
    """A mail I wrote to Carol ``day`` days after BASE, a thread of its own."""
    return Mail(
        sender=ME, to=(CAROL,), subject=f"Note {day}", at=BASE + timedelta(days=day),
        message_id=f"mine-{day}@example.com",
    )  # fmt: skip


def capture_file(db: Database, path: Path) -> capture.CaptureResult:
    plan = capture.plan_capture(db, [path], me=(ME,), now=NOW, tz=TZ)
    return capture.apply_capture(db, plan, backup_first=False)


def test_the_unanswered_streak_counts_captured_mail_and_sees_a_captured_reply(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = tmp_path / "All mail"
    before = health.person_health(db, carol, NOW)
    assert capture_file(db, write_mbox(path, [mine(10), mine(20), mine(30)])).interactions == 3
    found = outreach.warnings_for(db, carol, Channel.EMAIL, NOW)
    assert [w.kind for w in found] == [OutreachKind.UNANSWERED]
    assert found[0].count == 3
    assert people.get_person(db, carol).last_contact_at == BASE + timedelta(days=30)
    recent = brief.brief_for(db, carol, now=NOW).recent
    assert [i.summary for i in recent][:3] == ["Note 30", "Note 20", "Note 10"]
    assert all(i.direction is Direction.OUTBOUND for i in recent)
    after = health.person_health(db, carol, NOW)
    assert (after.value, after.band, after.factors) != (before.value, before.band, before.factors)

    reply = Mail(
        sender=CAROL, subject="Re: Note 30", at=BASE + timedelta(days=31),
        message_id="reply@example.org", references=("mine-30@example.com",),
    )  # fmt: skip
    write_mbox(path, [mine(10), mine(20), mine(30), reply])
    assert capture_file(db, path).interactions == 1  # her reply, a day later
    assert outreach.warnings_for(db, carol, Channel.EMAIL, NOW) == []
    assert brief.brief_for(db, carol, now=NOW).recent[0].direction is Direction.INBOUND
