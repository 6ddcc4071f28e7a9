"""Capture against real SQLite files: plan (nothing written), apply in one transaction,
re-import adds only what is new, undo as an import batch, cancel writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.capture.conversation import SkipReason
from relapp.domain.errors import InvalidInput
from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import capture, importing, interactions, people
from relapp.storage import Database, capture_repo
from tests.capture.generators.mail import BASE, Mail, conversation, write_maildir, write_mbox

ME = "me@example.com"
NOW = BASE + timedelta(days=30)
TZ = ZoneInfo("Europe/Berlin")


def dump(db: Database) -> list[str]:
    return list(db.connection().iterdump())


def rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    tables = (
        "person",
        "contact_point",
        "interaction",
        "interaction_person",
        "captured_interaction",
        "capture_key",
    )
    conn = db.connection()
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


@pytest.fixture
def carol(db: Database) -> int:
    draft = PersonDraft(
        "Carol Roth", contact_points=(ContactPoint(ContactKind.EMAIL, "Carol@Example.org"),)
    )
    return people.add_person(db, draft).id


def plan(db: Database, *paths: Path, me: tuple[str, ...] | None = (ME,)):
    return capture.plan_capture(db, paths, me=me, now=NOW, tz=TZ)


def archive(tmp_path: Path) -> Path:
    mails = [
        *conversation("Carol Roth <carol@example.org>", 3),
        Mail(sender="news@shop.example", extra=(("List-Id", "<shop>"),), message_id="n1"),
        Mail(sender="no-reply@bank.example", message_id="n2"),
        Mail(sender=ME, to=("nina@example.net",), message_id="x1", subject="Hi Nina"),
        Mail(
            sender=ME,
            to=("Nina Ng <nina@example.net>",),
            message_id="x2",
            subject="Hi again",
            at=BASE + timedelta(days=1),
        ),
    ]
    return write_mbox(tmp_path / "All mail.mbox", mails)


def test_the_plan_writes_nothing_and_previews_per_person(
    db: Database, carol: int, tmp_path: Path
) -> None:
    before = dump(db)
    result = plan(db, archive(tmp_path))
    assert dump(db) == before
    summary = result.per_person()
    assert summary[carol].count == 1 and summary[carol].first == BASE
    assert result.skipped == {SkipReason.MAILING_LIST: 1, SkipReason.NO_REPLY: 1}
    [nina] = result.offered
    assert nina.name == "Nina Ng" and nina.written_to == 2
    assert result.me.addresses == (ME,) and not result.me_suggested
    assert result.files == ("All mail.mbox",)


def test_apply_writes_the_interactions_into_the_persons_history(
    db: Database, carol: int, tmp_path: Path
) -> None:
    result = capture.apply_capture(db, plan(db, archive(tmp_path)), backup_first=False)
    assert result.interactions == 1 and result.person_ids == (carol,)
    assert result.changes.interactions and result.changes.touches(carol)
    [entry] = interactions.history_page(db, carol, 0, 10)
    got = entry.interaction
    assert (got.channel, got.direction, got.summary) == (Channel.EMAIL, Direction.BOTH, "Plans")
    assert got.occurred_at == BASE
    assert (entry.captured_from, entry.message_count) == ("mbox", 3)
    hand = interactions.log_interaction(
        db, InteractionDraft(BASE, Channel.CALL, Direction.OUTBOUND, (carol,), "By hand")
    )
    logged = [e for e in interactions.history_page(db, carol, 0, 10) if e.interaction.id == hand.id]
    assert (logged[0].captured_from, logged[0].message_count) == ("", 0)
    marks = capture_repo.marks_of(db, [got.id])
    assert marks[got.id].message_count == 3 and marks[got.id].source == "mbox"
    assert people.get_person(db, carol).last_contact_at is not None


def test_a_second_capture_of_the_same_file_adds_nothing(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = archive(tmp_path)
    capture.apply_capture(db, plan(db, path), backup_first=False)
    again = plan(db, path)
    assert again.chosen() == ()  # only the two mails to Nina, offered as new, are left
    assert again.skipped[SkipReason.ALREADY] == 3
    assert capture.apply_capture(db, again, backup_first=False).batch_id is None
    assert interactions.history_count(db, carol) == 1


def test_a_grown_file_adds_only_the_new_days(db: Database, carol: int, tmp_path: Path) -> None:
    mails = conversation("carol@example.org", 2)
    capture.apply_capture(db, plan(db, write_mbox(tmp_path / "m", mails)), backup_first=False)
    later = Mail(message_id="later", subject="Next week", at=BASE + timedelta(days=3))
    grown = write_mbox(tmp_path / "m", [*mails, later])
    result = capture.apply_capture(db, plan(db, grown), backup_first=False)
    assert result.interactions == 1
    assert [e.interaction.summary for e in interactions.history_page(db, carol, 0, 10)] == [
        "Next week",
        "Plans",
    ]


def test_a_captured_entry_deleted_by_hand_does_not_come_back(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = archive(tmp_path)
    capture.apply_capture(db, plan(db, path), backup_first=False)
    [entry] = interactions.history_page(db, carol, 0, 10)
    interactions.delete_interaction(db, entry.interaction.id)
    assert plan(db, path).chosen() == ()


def test_the_same_mail_in_an_mbox_and_a_maildir_is_captured_once(
    db: Database, carol: int, tmp_path: Path
) -> None:
    mails = conversation("carol@example.org", 2)
    mbox = write_mbox(tmp_path / "m", mails)
    maildir = write_maildir(tmp_path / "Maildir", mails)
    result = capture.apply_capture(db, plan(db, mbox, maildir), backup_first=False)
    assert result.interactions == 1
    assert capture_repo.marks_of(db, [1])[1].message_count == 2


def test_undo_takes_the_capture_back_with_the_people_it_added(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = archive(tmp_path)
    before = rows(db)
    the_plan = plan(db, path)
    result = capture.apply_capture(db, the_plan, add=[-1], backup_first=False)
    assert len(result.created_ids) == 1 and result.interactions == 3
    nina = people.get_person(db, result.created_ids[0])
    assert nina.display_name == "Nina Ng"
    assert [p.value for p in nina.contact_points] == ["nina@example.net"]
    assert interactions.history_count(db, nina.id) == 2
    [batch] = importing.list_batches(db)
    assert (batch.interactions, batch.created) == (3, 1)
    undone = importing.undo_import(db, batch.id)
    assert (undone.interactions, undone.deleted) == (3, 1)
    assert carol in undone.person_ids
    assert "removed 3 captured history entries" in undone.summary()
    assert interactions.history_count(db, carol) == 0
    assert people.get_person(db, carol).last_contact_at is None
    assert capture_repo.existing_keys(db, ["mail:x1"]) == set()
    assert rows(db) == before  # people, history and keys as they were
    assert len(plan(db, path).chosen()) == 1  # and it can be captured again


def test_cancel_while_applying_writes_nothing(db: Database, carol: int, tmp_path: Path) -> None:
    mails = [
        Mail(message_id=f"m{n}", subject=f"Topic {n}", at=BASE + timedelta(days=n))
        for n in range(4500)
    ]
    the_plan = plan(db, write_mbox(tmp_path / "many", mails))
    assert len(the_plan.interactions) == 4500
    before = dump(db)
    calls: list[tuple[int, int]] = []
    with pytest.raises(importing.ImportCancelled):
        capture.apply_capture(
            db,
            the_plan,
            backup_first=False,
            progress=lambda d, t: calls.append((d, t)),
            cancel=lambda: len(calls) >= 3,  # after 2,000 interactions were written
        )
    assert calls[-1][0] == 2000
    assert dump(db) == before


def test_cancel_while_planning_stops(db: Database, tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "m", [Mail(message_id=f"m{n}") for n in range(1200)])
    with pytest.raises(importing.ImportCancelled):
        capture.plan_capture(db, [path], cancel=lambda: True)


def test_my_addresses_are_kept_and_used(db: Database, carol: int, tmp_path: Path) -> None:
    capture.set_my_addresses(db, ["Me@Example.com", " me@example.com ", "+1 972 529 1234"])
    assert capture.my_addresses(db) == ("Me@Example.com", "+1 972 529 1234")
    result = capture.plan_capture(db, [archive(tmp_path)], now=NOW)
    assert not result.me_suggested and "me@example.com" in result.me.addresses
    with pytest.raises(InvalidInput, match="neither an email"):
        capture.set_my_addresses(db, ["#12"])


def test_without_my_addresses_me_is_suggested_from_sent_mail(db: Database, tmp_path: Path) -> None:
    sent = [
        Mail(sender="owner@example.com", to=("a@example.org",), message_id=f"s{n}")
        for n in range(3)
    ]
    path = write_mbox(tmp_path / "Sent", sent)
    result = capture.plan_capture(db, [path], now=NOW)
    assert result.me_suggested and result.me.addresses == ("owner@example.com",)
    assert capture.my_addresses(db) == ()  # a suggestion is not kept


def test_archives_are_found_by_content_inside_folders(tmp_path: Path) -> None:
    folder = tmp_path / "Thunderbird"
    (folder / "Local Folders").mkdir(parents=True)
    write_mbox(folder / "Local Folders" / "Inbox", [Mail()])
    (folder / "Local Folders" / "Inbox.msf").write_text('// <!-- <mdb:mork:z v="1.4"/> -->')
    write_maildir(folder / "Maildir", [Mail()])
    found = [(p.name, k.value) for p, k in capture.find_archives([folder])]
    assert found == [("Maildir", "maildir"), ("Inbox", "mbox")]


def test_a_file_that_is_no_archive_says_so(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(capture.NothingToCapture, match=r"notes\.txt"):
        capture.plan_capture(db, [path])


def test_bad_messages_are_reported_and_the_rest_is_captured(
    db: Database, carol: int, tmp_path: Path
) -> None:
    mails = [Mail(at=None, message_id="nodate"), Mail(message_id="ok")]
    result = plan(db, write_mbox(tmp_path / "mixed.mbox", mails))
    assert result.problem_count == 1 and result.problems[0].file == "mixed.mbox"
    assert len(result.interactions) == 1
    applied = capture.apply_capture(db, result, backup_first=False)
    assert applied.problems == 1 and "1 could not be read" in applied.summary()


def test_apply_backs_up_first(db: Database, carol: int, tmp_path: Path) -> None:
    capture.apply_capture(db, plan(db, archive(tmp_path)))
    assert list((db.path.parent / "backups").glob("*pre-import*"))
    assert datetime.now(UTC)  # the backup is a real file beside the database
