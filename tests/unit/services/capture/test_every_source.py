"""Every history source through the one capture path (issue 15), against a real SQLite
file: a calendar, a WhatsApp chat, a Telegram export, an SMS and a calls backup and a
LinkedIn message export each add their interactions to the known person they name, by
the rules of docs/capture.md; a second capture of the same files adds nothing; the
capture undoes as one import batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.model import Channel, ContactKind, ContactPoint, Direction, PersonDraft
from relapp.services import capture, importing, interactions, people
from relapp.services.capture.sources import detect
from relapp.storage import Database
from tests.capture.generators import calendars, chats, linkedin, phone

ME = "me@example.com"
TZ = ZoneInfo("Europe/Berlin")
DAY = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
NOW = DAY + timedelta(days=30)
CAROL_PHONE = "+49 170 1234567"
MY_PHONE = "+49 171 7654321"
CAROL_PROFILE = linkedin.profile("carol-roth")
CAROL_IN = ("Carol Roth", "carol-roth")


def _local(days: int, hour: int) -> datetime:
    """A wall-clock time ``days`` after DAY (Telegram writes local times)."""
    return (DAY + timedelta(days=days)).replace(hour=hour, tzinfo=None)


@pytest.fixture
def carol(db: Database) -> int:
    points = (
        ContactPoint(ContactKind.EMAIL, "carol@example.org"),
        ContactPoint(ContactKind.PHONE, CAROL_PHONE),
        ContactPoint(ContactKind.URL, CAROL_PROFILE),
    )
    return people.add_person(db, PersonDraft("Carol Roth", contact_points=points)).id


def _files(tmp: Path) -> dict[str, Path]:
    files = {
        "ics": calendars.calendar(
            calendars.event(
                "standup-1",
                DAY,
                summary="Planning",
                organizer=(ME, "Me"),
                attendees=(("carol@example.org", "Carol Roth", "ACCEPTED"),),
            )
        ),
        "whatsapp": chats.whatsapp_text(
            [
                (DAY.replace(tzinfo=None), "Carol Roth", "hello"),
                (DAY.replace(tzinfo=None) + timedelta(minutes=3), "Me", "hi!"),
            ]
        ),
        "sms": phone.smses(phone.sms(DAY, CAROL_PHONE, 1), phone.sms(DAY, CAROL_PHONE, 2)),
        "calls": phone.calls(phone.call(DAY + timedelta(days=1), CAROL_PHONE, 2, 300)),
        "telegram": chats.telegram_json(
            chats.telegram_export(
                [
                    chats.telegram_chat(
                        "Carol Roth",
                        "personal_chat",
                        7,
                        [
                            chats.telegram_message(1, _local(2, 9), "Carol Roth", "user7"),
                            chats.telegram_message(2, _local(2, 10), "Me", "user1001"),
                        ],
                    )
                ]
            )
        ),
        "linkedin-messages": linkedin.messages_csv(
            [  # newest first, as LinkedIn writes it; the exporter is the one profile in
                # every message (with one conversation alone the file could not tell)
                linkedin.message_row(
                    "2-dan", "2025-03-16 09:00:00 UTC", ("Dan O", "dan-o"), [("Me", "me-myself")]
                ),
                linkedin.message_row(
                    "2-xyz", "2025-03-15 09:30:00 UTC", ("Me", "me-myself"), [CAROL_IN]
                ),
                linkedin.message_row(
                    "2-xyz", "2025-03-15 09:00:00 UTC", CAROL_IN, [("Me", "me-myself")]
                ),
            ]
        ),
    }
    names = {
        "ics": "cal.data",
        "whatsapp": "chat",
        "sms": "backup",
        "calls": "backup2",
        "telegram": "result.data",
        "linkedin-messages": "export.data",
    }
    paths = {}
    for kind, data in files.items():
        path = tmp / names[kind]  # no telling extensions: found by content
        path.write_bytes(data)
        paths[kind] = path
    return paths


def test_each_source_is_found_by_content(tmp_path: Path) -> None:
    found = {kind: detect(path) for kind, path in _files(tmp_path).items()}
    assert {kind: str(value) for kind, value in found.items()} == {
        "ics": "ics",
        "whatsapp": "whatsapp",
        "sms": "sms",
        "calls": "calls",
        "telegram": "telegram",
        "linkedin-messages": "linkedin-messages",
    }


def test_every_source_adds_to_the_known_persons_history_once_and_undoes_as_one(
    db: Database, carol: int, tmp_path: Path
) -> None:
    paths = list(_files(tmp_path).values())
    plan = capture.plan_capture(
        db, paths, me=(ME, CAROL_PHONE.replace("170", "171")), now=NOW, tz=TZ
    )
    result = capture.apply_capture(db, plan)
    assert result.interactions == 6
    entries = {e.captured_from: e for e in interactions.history_page(db, carol, 0, 50)}
    # the meeting, one WhatsApp chat day, one SMS day, one call, a Telegram and a
    # LinkedIn chat day
    assert sorted(entries) == ["calls", "ics", "linkedin-messages", "sms", "telegram", "whatsapp"]
    for chat in ("telegram", "linkedin-messages"):  # she wrote, I answered
        assert entries[chat].interaction.channel is Channel.MESSAGE
        assert entries[chat].interaction.direction is Direction.BOTH
        assert entries[chat].message_count == 2
    assert entries["ics"].interaction.channel is Channel.MEETING
    assert entries["ics"].interaction.direction is Direction.BOTH
    assert entries["sms"].interaction.channel is Channel.MESSAGE
    assert entries["sms"].interaction.direction is Direction.BOTH  # one received, one sent
    assert entries["sms"].message_count == 2
    assert entries["calls"].interaction.channel is Channel.CALL
    assert entries["calls"].interaction.direction is Direction.OUTBOUND
    assert entries["whatsapp"].interaction.channel is Channel.MESSAGE  # Carol by her name

    again = capture.plan_capture(db, paths, me=(ME,), now=NOW, tz=TZ)
    assert capture.apply_capture(db, again).interactions == 0  # nothing new the second time

    batch = importing.list_batches(db)[-1]
    assert batch.id == result.batch_id
    importing.undo_import(db, batch.id)
    assert interactions.history_page(db, carol, 0, 50) == []
