"""Importing vCard files: plan, apply in one transaction, re-import, undo; and bad files."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.domain.errors import NotFound, VCardFileError
from relapp.domain.importing.plan import Choice, Decision
from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import importing, interactions, people
from relapp.services.importing.undo import AlreadyUndone
from relapp.storage import Database, bulk


def vcard(*cards: str) -> bytes:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body.strip()}\r\nEND:VCARD\r\n" for body in cards
    ).encode("utf-8")


CAROL_CARD = "FN:Carol Roth\r\nEMAIL:carol@roth.example\r\nTEL:+1 415 555 0100\r\nNOTE:Likes jazz"
DAN_CARD = "FN:Dan Smith\r\nEMAIL;TYPE=work:dan@smith.example\r\nORG:Globex"
DAN_AGAIN = "N:Smith;Daniel;;;\r\nFN:Daniel Smith\r\nEMAIL:DAN@smith.example\r\nTEL:555 0199"
ANN_CARD = "FN:Ann Lee\r\nTEL:+44 20 7946 0958\r\nCATEGORIES:book club"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def names(db: Database) -> list[str]:
    rows = people.person_rows(db, people.list_people(db))
    return sorted(row.display_name for row in rows.values())


def dump(db: Database) -> list[str]:
    """Every table's rows (and the schema), to compare a database before and after."""
    return list(db.connection().iterdump())


@pytest.fixture
def carol(db: Database) -> int:
    person = people.add_person(
        db,
        PersonDraft(
            "Carol Roth",
            given_name="Carol",
            family_name="Roth",
            organisation="Roth & Co",
            notes="Met at the spring fair.",
            contact_points=(ContactPoint(ContactKind.EMAIL, "carol@roth.example", "work"),),
        ),
    )
    return person.id


def test_a_file_of_strangers_is_created(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "contacts.vcf", vcard(DAN_CARD, ANN_CARD))
    plan = importing.plan_import(db, [path])
    assert [c.decision for c in plan.cards] == [Decision.NEW, Decision.NEW]
    (planned,) = plan.files
    assert (planned.name, planned.cards, planned.error) == ("contacts.vcf", 2, None)
    result = importing.apply_import(db, plan)
    assert (result.created, result.merged, result.skipped) == (2, 0, 0)
    assert result.summary() == "Imported 2 people, merged 0"
    ann = people.get_person(db, result.created_ids[1])
    assert ann.display_name == "Ann Lee" and ann.tags == ("book club",)
    assert people.list_people(db, "+44 20 7946 0958") == [ann.id]  # searchable at once


def test_someone_you_know_gets_the_new_details_and_keeps_theirs(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = write(tmp_path, "phone.vcf", vcard(CAROL_CARD + "\r\nORG:Other Corp"))
    plan = importing.plan_import(db, [path])
    (card,) = plan.cards
    assert card.decision is Decision.MATCH and card.default is Choice.MERGE
    assert plan.people[carol].display_name == "Carol Roth"
    result = importing.apply_import(db, plan)
    assert (result.created, result.merged_ids) == (0, (carol,))
    person = people.get_person(db, carol)
    assert person.organisation == "Roth & Co"
    assert person.notes == "Met at the spring fair.\nLikes jazz"
    assert [p.value for p in person.contact_points] == ["carol@roth.example", "+1 415 555 0100"]


def test_two_cards_for_one_person_in_one_file_become_one_person(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, "two-apps.vcf", vcard(DAN_CARD, ANN_CARD, DAN_AGAIN))
    plan = importing.plan_import(db, [path])
    dan, _ann, again = plan.cards
    assert again.decision is Decision.DUPLICATE_IN_FILE and again.same_as == dan.row
    result = importing.apply_import(db, plan)
    assert (result.created, result.combined) == (2, 1)
    person = people.get_person(db, result.created_ids[0])
    assert person.display_name == "Dan Smith"
    assert (person.given_name, person.family_name) == ("Daniel", "Smith")
    assert [p.value for p in person.contact_points] == ["dan@smith.example", "555 0199"]


def test_choices_skip_and_create_anyway(db: Database, carol: int, tmp_path: Path) -> None:
    path = write(tmp_path, "c.vcf", vcard(CAROL_CARD, DAN_CARD))
    plan = importing.plan_import(db, [path])
    result = importing.apply_import(db, plan, {0: Choice.CREATE, 1: Choice.SKIP})
    assert (result.created, result.merged, result.skipped) == (1, 0, 1)
    assert names(db) == ["Carol Roth", "Carol Roth"]  # a second Carol, as asked


def test_importing_the_same_file_again_offers_to_skip_what_is_there(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, "contacts.vcf", vcard(DAN_CARD, ANN_CARD))
    first = importing.apply_import(db, importing.plan_import(db, [path]))
    again = importing.plan_import(db, [path])
    assert [c.decision for c in again.cards] == [Decision.ALREADY_IMPORTED] * 2
    assert [c.default for c in again.cards] == [Choice.SKIP] * 2
    assert [c.previous.person_id for c in again.cards if c.previous] == list(first.created_ids)
    assert [b.id for b in again.files[0].imported_before] == [first.batch_id]
    before = dump(db)
    result = importing.apply_import(db, again)
    assert (result.created, result.skipped, result.batch_id) == (0, 2, None)
    assert dump(db) == before  # nothing written, not even an empty batch
    # A changed card in a new export is new again (and matches the person it was).
    path.write_bytes(vcard(DAN_CARD + "\r\nTEL:555 0123", ANN_CARD))
    changed = importing.plan_import(db, [path])
    assert [c.decision for c in changed.cards] == [Decision.MATCH, Decision.ALREADY_IMPORTED]
    assert changed.files[0].imported_before == ()


def test_cancel_leaves_the_database_exactly_as_it_was(
    db: Database, carol: int, tmp_path: Path
) -> None:
    many = [f"FN:Person {n}\r\nEMAIL:p{n}@x.example" for n in range(1200)]
    path = write(tmp_path, "big.vcf", vcard(CAROL_CARD, *many))
    plan = importing.plan_import(db, [path])
    before = dump(db)
    calls: list[tuple[int, int]] = []

    def cancel_after_first_chunk() -> bool:
        return len(calls) >= 2  # after the first 500 people were written

    with pytest.raises(importing.ImportCancelled):
        importing.apply_import(
            db, plan, progress=lambda d, t: calls.append((d, t)), cancel=cancel_after_first_chunk
        )
    assert calls[-1][0] == 500  # it was cancelled half-way, after writing
    assert dump(db) == before


def test_a_failure_half_way_leaves_the_database_exactly_as_it_was(
    db: Database, carol: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [f"FN:Person {n}\r\nEMAIL:p{n}@x.example" for n in range(700)]
    path = write(tmp_path, "big.vcf", vcard(CAROL_CARD, *many))
    plan = importing.plan_import(db, [path])
    before = dump(db)
    real = bulk.insert_people
    written: list[int] = []

    def fail_second_time(
        database: Database, drafts: list[PersonDraft], *, index: bool = True
    ) -> list[int]:
        if written:
            raise OSError("disk full")
        written.extend(real(database, drafts, index=index))
        return written

    monkeypatch.setattr(bulk, "insert_people", fail_second_time)
    with pytest.raises(OSError):
        importing.apply_import(db, plan)
    assert len(written) == 500
    assert dump(db) == before


def test_undo_removes_created_people_and_restores_merged_ones(
    db: Database, carol: int, tmp_path: Path
) -> None:
    carol_before = people.get_person(db, carol)
    path = write(tmp_path, "c.vcf", vcard(CAROL_CARD, DAN_CARD, ANN_CARD))
    result = importing.apply_import(db, importing.plan_import(db, [path]))
    assert result.created == 2 and result.merged == 1
    assert result.batch_id is not None
    (batch,) = importing.list_batches(db)
    assert (batch.file_name, batch.created, batch.merged, batch.undone) == ("c.vcf", 2, 1, False)
    assert len(batch.checksum) == 64
    undone = importing.undo_import(db, result.batch_id)
    assert (undone.deleted, undone.restored, undone.kept) == (2, 1, ())
    assert people.get_person(db, carol).draft() == carol_before.draft()
    assert names(db) == ["Carol Roth"]
    assert people.list_people(db, "Dan") == []  # gone from search too
    assert importing.list_batches(db)[0].undone
    with pytest.raises(AlreadyUndone):
        importing.undo_import(db, result.batch_id)
    with pytest.raises(NotFound):
        importing.undo_import(db, 999)
    # Undone cards are not "already imported" any more.
    assert importing.plan_import(db, [path]).cards[1].decision is Decision.NEW


def test_undo_keeps_people_you_worked_with_since_archived(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "c.vcf", vcard(DAN_CARD, ANN_CARD, CAROL_CARD))
    result = importing.apply_import(db, importing.plan_import(db, [path]))
    dan, ann, carol = result.created_ids
    interactions.log_interaction(
        db,
        InteractionDraft(datetime.now(UTC), Channel.CALL, Direction.OUTBOUND, (dan,), "Call"),
    )
    edited = people.get_person(db, ann)
    people.update_person(db, ann, PersonDraft(**{**edited.draft().__dict__, "notes": "Mine"}))
    assert result.batch_id is not None
    undone = importing.undo_import(db, result.batch_id)
    assert undone.deleted == 1 and sorted(undone.kept) == ["Ann Lee", "Dan Smith"]
    assert "archived" in undone.summary()
    assert people.get_person(db, dan).archived and people.get_person(db, ann).archived
    with pytest.raises(NotFound):
        people.get_person(db, carol)


def test_undo_of_a_merge_keeps_what_you_changed_since(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = write(tmp_path, "c.vcf", vcard(CAROL_CARD))
    result = importing.apply_import(db, importing.plan_import(db, [path]))
    current = people.get_person(db, carol)
    people.add_contact_points(
        db, carol, [ContactPoint(ContactKind.PHONE, "555 7777")], notes="Call back Friday"
    )
    assert result.batch_id is not None
    importing.undo_import(db, result.batch_id)
    person = people.get_person(db, carol)
    assert [p.value for p in person.contact_points] == ["carol@roth.example", "555 7777"]
    assert person.notes == "Met at the spring fair.\nCall back Friday"
    assert current.notes != person.notes


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.vcf", b"", "empty"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        ("binary.vcf", bytes(range(256)) * 8, "binary"),
        ("garbage.vcf", b"this is not a card\n" * 500, "BEGIN:VCARD"),
    ],
)
def test_a_file_that_is_no_vcard_gets_one_clear_error_and_changes_nothing(
    db: Database, carol: int, tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = write(tmp_path, name, data)
    before = dump(db)
    plan = importing.plan_import(db, [path])
    (error,) = plan.errors
    assert isinstance(error, VCardFileError) and error.file == name and says in error.message
    assert plan.readable == 0 and plan.files[0].error is error
    result = importing.apply_import(db, plan)
    assert not result.imported_anything and result.batch_id is None
    assert dump(db) == before
    assert path.read_bytes() == data  # the file itself is never touched


def test_missing_files_and_folders_are_errors_too(db: Database, tmp_path: Path) -> None:
    plan = importing.plan_import(db, [tmp_path / "gone.vcf", tmp_path])
    messages = [str(e) for e in plan.errors]
    assert messages[0].startswith("gone.vcf: the file cannot be read")
    assert "folder" in messages[1]


def test_a_broken_card_does_not_sink_the_file(db: Database, tmp_path: Path) -> None:
    data = vcard(DAN_CARD) + b"BEGIN:VCARD\r\nVERSION:3.0\r\nN;;;\x00\x00:x\r\nEND:VCARD\r\n"
    data += vcard(ANN_CARD)
    path = write(tmp_path, "mixed.vcf", data)
    plan = importing.plan_import(db, [path])
    assert [c.decision for c in plan.cards] == [Decision.NEW, Decision.ERROR, Decision.NEW]
    broken = plan.cards[1]
    assert (broken.file, broken.card_index, broken.line) == ("mixed.vcf", 2, 7)
    assert str(broken.error).startswith("mixed.vcf, card 2 (line 7): ")
    result = importing.apply_import(db, plan)
    assert result.created == 2 and len(result.errors) == 1
    assert result.summary() == "Imported 2 people, merged 0; 1 card could not be read"


def test_a_plan_made_stale_by_a_deleted_person_writes_nothing(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = write(tmp_path, "c.vcf", vcard(CAROL_CARD, DAN_CARD))
    plan = importing.plan_import(db, [path])
    db.connection().execute("DELETE FROM person WHERE id = ?", (carol,))
    before = dump(db)
    with pytest.raises(importing.StaleImport, match="Carol Roth is no longer in Relapp"):
        importing.apply_import(db, plan)
    assert dump(db) == before


def test_cards_dropped_on_a_person_are_added_to_them(
    db: Database, carol: int, tmp_path: Path
) -> None:
    path = write(tmp_path, "dan.vcf", vcard(DAN_CARD))
    plan = importing.plan_merge_into(db, [path], carol)
    preview = importing.preview_merges(db, plan, plan.defaults())
    (merge,) = preview.merged
    assert merge.person_id == carol and merge.after.organisation == "Roth & Co"
    result = importing.apply_import(db, plan)
    assert result.merged_ids == (carol,) and result.created == 0
    assert "dan@smith.example" in people.get_person(db, carol).emails()
    with pytest.raises(NotFound):
        importing.plan_merge_into(db, [path], 999)


def test_several_files_are_one_import(db: Database, tmp_path: Path) -> None:
    a = write(tmp_path, "a.vcf", vcard(DAN_CARD))
    b = write(tmp_path, "b.vcf", vcard(DAN_AGAIN, ANN_CARD))
    plan = importing.plan_import(db, [a, b])
    assert [c.file for c in plan.cards] == ["a.vcf", "b.vcf", "b.vcf"]
    assert plan.cards[1].same_as == 0  # the same person across the two files
    result = importing.apply_import(db, plan)
    (batch,) = importing.list_batches(db)
    assert batch.file_name == "a.vcf, b.vcf" and result.created == 2


def test_vcard_bytes_without_a_file_can_be_planned(db: Database) -> None:
    plan = importing.plan_import_data(db, [("dragged contact", vcard(ANN_CARD))])
    assert plan.cards[0].draft is not None and plan.files[0].path == ""


def test_planning_reports_progress_and_can_be_cancelled(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "c.vcf", vcard(*(f"FN:P{n}" for n in range(450))))
    steps: list[tuple[int, int]] = []
    importing.plan_import(db, [path], progress=lambda d, t: steps.append((d, t)))
    assert steps[-1] == (1000, 1000) and len(steps) > 2
    with pytest.raises(importing.ImportCancelled):
        importing.plan_import(db, [path], cancel=lambda: True)


def test_the_users_file_is_read_only(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "c.vcf", vcard(DAN_CARD))
    os.chmod(path, 0o400)
    stamp = path.stat().st_mtime_ns
    importing.apply_import(db, importing.plan_import(db, [path]))
    assert path.stat().st_mtime_ns == stamp and path.read_bytes() == vcard(DAN_CARD)


def test_an_import_planned_before_someone_else_wrote_is_refused_not_doubled(
    db: Database, tmp_path: Path
) -> None:
    """Two imports of the same file planned at once: the second one's plan was made
    before the first wrote, so applying it would create everyone twice."""
    card_file = tmp_path / "two.vcf"
    card_file.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Ray\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    first = importing.plan_import(db, [card_file])
    second = importing.plan_import(db, [card_file])
    assert importing.apply_import(db, first, backup_first=False).created == 2
    with pytest.raises(importing.StaleImport, match="Nothing was changed"):
        importing.apply_import(db, second, backup_first=False)
    again = importing.plan_import(db, [card_file])
    assert importing.apply_import(db, again, backup_first=False).created == 0
    assert people.count_people(db) == 2
