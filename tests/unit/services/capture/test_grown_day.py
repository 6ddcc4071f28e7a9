"""A thread-day (or chat-day) that grew after it was captured: capturing the grown
archive again grows the ONE entry of that day (message count, people, direction), and
undoing that capture puts the entry back as the first capture made it. Real SQLite
files, through the services and through ``relapp import``."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp import cli
from relapp.domain.model import ContactKind, ContactPoint, Direction, HistoryEntry, PersonDraft
from relapp.paths import AppPaths
from relapp.services import capture, importing, interactions, people
from relapp.storage import Database, open_database
from tests.capture.generators.chats import whatsapp_text
from tests.capture.generators.mail import BASE, Mail, conversation, write_mbox

ME = "me@example.com"
NOW = BASE + timedelta(days=30)
TZ = ZoneInfo("Europe/Berlin")
CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nEMAIL:carol@example.org\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Berg\r\nEMAIL:dan@example.org\r\nEND:VCARD\r\n"
)


def person(db: Database, name: str, email: str) -> int:
    points = (ContactPoint(ContactKind.EMAIL, email),)
    return people.add_person(db, PersonDraft(name, contact_points=points)).id


@pytest.fixture
def carol(db: Database) -> int:
    return person(db, "Carol Roth", "carol@example.org")


@pytest.fixture
def dan(db: Database) -> int:
    return person(db, "Dan Berg", "dan@example.org")


def capture_file(db: Database, path: Path) -> capture.CaptureResult:
    plan = capture.plan_capture(db, [path], me=(ME,), now=NOW, tz=TZ)
    return capture.apply_capture(db, plan, backup_first=False)


def history(db: Database, person_id: int) -> list[HistoryEntry]:
    return interactions.history_page(db, person_id, 0, 50)


def shape(entry: HistoryEntry) -> tuple[object, ...]:
    i = entry.interaction
    return (i.occurred_at, i.direction, i.summary, entry.message_count, i.person_ids)


def thread(extra: int = 0) -> list[Mail]:
    """Carol writes in the morning; ``extra`` more messages come that same day (my reply,
    then Dan in copy)."""
    mails = conversation("Carol Roth <carol@example.org>", 1 + min(extra, 1))
    root = mails[0].message_id
    if extra >= 2:
        mails.append(
            Mail(
                sender="Dan Berg <dan@example.org>",
                to=("Me Myself <me@example.com>", "carol@example.org"),
                subject="Re: Plans",
                at=BASE + timedelta(hours=5),
                message_id="dan-reply@example.org",
                references=(root,) if root else (),
            )
        )
    return mails


def test_a_grown_thread_day_grows_its_one_entry(
    db: Database, carol: int, dan: int, tmp_path: Path
) -> None:
    path = tmp_path / "All mail.mbox"
    first = capture_file(db, write_mbox(path, thread()))
    [entry] = history(db, carol)
    assert (entry.message_count, entry.interaction.direction) == (1, Direction.INBOUND)
    second = capture_file(db, write_mbox(path, thread(extra=2)))
    assert second.batch_id is not None and second.batch_id != first.batch_id
    assert (second.interactions, second.grown) == (0, 1)
    [grown] = history(db, carol)
    assert grown.interaction.id == entry.interaction.id
    assert grown.message_count == 3
    assert grown.interaction.direction is Direction.BOTH
    assert set(grown.interaction.person_ids) == {carol, dan}
    assert [e.interaction.id for e in history(db, dan)] == [entry.interaction.id]
    assert grown.interaction.summary == "Plans"
    assert grown.interaction.occurred_at == entry.interaction.occurred_at
    # the same grown file once more: nothing new
    assert capture.plan_capture(db, [path], me=(ME,), now=NOW, tz=TZ).chosen() == ()


def test_undoing_the_capture_that_grew_a_day_puts_the_entry_back(
    db: Database, carol: int, dan: int, tmp_path: Path
) -> None:
    path = tmp_path / "All mail.mbox"
    first = capture_file(db, write_mbox(path, thread()))
    [entry] = history(db, carol)
    before = shape(entry)
    second = capture_file(db, write_mbox(path, thread(extra=2)))
    assert second.batch_id is not None
    undone = importing.undo_import(db, second.batch_id)
    assert set(undone.person_ids) >= {carol, dan}
    [back] = history(db, carol)
    assert back.interaction.id == entry.interaction.id
    assert shape(back) == before
    assert history(db, dan) == []
    assert people.get_person(db, dan).last_contact_at is None
    # the grown file again grows it again (the undone capture's keys are gone)
    third = capture_file(db, path)
    assert third.grown == 1
    assert history(db, carol)[0].message_count == 3
    # undoing the first capture takes the entry away, grown or not
    assert first.batch_id is not None
    importing.undo_import(db, first.batch_id)
    assert history(db, carol) == [] and history(db, dan) == []


def test_undo_of_an_earlier_growth_keeps_the_later_one(
    db: Database, carol: int, dan: int, tmp_path: Path
) -> None:
    path = tmp_path / "All mail.mbox"
    capture_file(db, write_mbox(path, thread()))
    [entry] = history(db, carol)
    middle = capture_file(db, write_mbox(path, thread(extra=1)))  # my reply
    last = capture_file(db, write_mbox(path, thread(extra=2)))  # Dan
    assert (middle.grown, last.grown) == (1, 1)
    assert middle.batch_id is not None
    importing.undo_import(db, middle.batch_id)
    [now] = history(db, carol)
    assert now.interaction.id == entry.interaction.id
    # what is left: Carol's message (first capture) and Dan's (the last one)
    assert now.message_count == 2
    assert now.interaction.direction is Direction.INBOUND
    assert set(now.interaction.person_ids) == {carol, dan}


def test_a_grown_chat_day_grows_its_one_entry(db: Database, carol: int, tmp_path: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Carol Roth.txt"
    morning = [(datetime(2025, 3, 12, 9, 0), "Carol Roth", "hi")]
    capture.set_my_addresses(db, [ME, "Ana Silva"])
    chat.write_bytes(whatsapp_text(morning))
    plan = capture.plan_capture(db, [chat], now=NOW, tz=TZ)
    first = capture.apply_capture(db, plan, backup_first=False)
    assert first.interactions == 1
    [entry] = history(db, carol)
    assert entry.interaction.direction is Direction.INBOUND
    chat.write_bytes(whatsapp_text([*morning, (datetime(2025, 3, 12, 18, 0), "Ana Silva", "yo")]))
    plan = capture.plan_capture(db, [chat], now=NOW, tz=TZ)
    second = capture.apply_capture(db, plan, backup_first=False)
    assert (second.interactions, second.grown) == (0, 1)
    [grown] = history(db, carol)
    assert grown.interaction.id == entry.interaction.id
    assert (grown.message_count, grown.interaction.direction) == (2, Direction.BOTH)
    assert second.batch_id is not None
    importing.undo_import(db, second.batch_id)
    [back] = history(db, carol)
    assert shape(back) == shape(entry)


def test_relapp_import_of_a_grown_archive_grows_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = tmp_path / "people.vcf"
    cards.write_text(CARD)
    data = str(tmp_path / "data")
    path = tmp_path / "All mail"
    write_mbox(path, thread())
    assert cli.main(["--data-dir", data, "import", str(cards), str(path), "--me", ME]) == 0
    write_mbox(path, thread(extra=2))
    assert cli.main(["--data-dir", data, "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Added new messages to 1 history entry captured before, with 2 people" in out
    db = open_database(AppPaths(Path(data)).database)
    try:
        [entry] = interactions.history_page(db, 1, 0, 10)
        assert entry.message_count == 3
        assert entry.interaction.direction is Direction.BOTH
        assert interactions.history_count(db, 2) == 1
        batches = importing.list_batches(db)
        assert [b.interactions for b in batches] == [0, 1, 0]
    finally:
        db.close()
