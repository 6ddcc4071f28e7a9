"""A database restored from its JSON export knows what was captured: the same archive
captured again adds nothing, captured entries stay marked, and an entry deleted by hand
does not come back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.domain.capture.conversation import SkipReason
from relapp.services import capture, importing, interactions
from relapp.services.json_file.format import JsonImportError, export_json, import_json
from relapp.storage import Database, capture_repo, open_database
from tests.capture.generators.mail import Mail, conversation, write_mbox
from tests.unit.services.capture.test_capture_service import archive, plan


@pytest.fixture
def restored(tmp_path: Path) -> Iterator[Database]:
    (tmp_path / "restored").mkdir()
    database = open_database(tmp_path / "restored" / "relapp.sqlite3", backups_dir=tmp_path / "b")
    yield database
    database.close()


def carol_in(db: Database) -> int:
    from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
    from relapp.services import people

    draft = PersonDraft(
        "Carol Roth", contact_points=(ContactPoint(ContactKind.EMAIL, "carol@example.org"),)
    )
    return people.add_person(db, draft).id


def test_the_same_archive_captured_after_a_json_round_trip_adds_nothing(
    db: Database, restored: Database, tmp_path: Path
) -> None:
    carol = carol_in(db)
    path = archive(tmp_path)
    capture.apply_capture(db, plan(db, path), backup_first=False)
    target = tmp_path / "everything.json"
    export_json(db, target)

    import_json(restored, target)

    again = plan(restored, path)
    assert again.chosen() == ()
    assert again.skipped[SkipReason.ALREADY] == 3
    assert capture.apply_capture(restored, again, backup_first=False).batch_id is None
    assert interactions.history_count(restored, carol) == 1
    [entry] = interactions.history_page(restored, carol, 0, 10)
    assert (entry.captured_from, entry.message_count) == ("mbox", 3)


def test_an_entry_deleted_by_hand_stays_away_after_a_round_trip(
    db: Database, restored: Database, tmp_path: Path
) -> None:
    carol = carol_in(db)
    mails = [*conversation("carol@example.org", 2), Mail(message_id="solo", subject="Solo")]
    path = write_mbox(tmp_path / "m", mails)
    capture.apply_capture(db, plan(db, path), backup_first=False)
    first = interactions.history_page(db, carol, 0, 10)[-1].interaction.id
    interactions.delete_interaction(db, first)
    target = tmp_path / "everything.json"
    export_json(db, target)

    import_json(restored, target)

    assert plan(restored, path).chosen() == ()
    assert capture_repo.my_addresses(restored) == capture_repo.my_addresses(db)


def test_the_restored_captures_are_one_import_that_can_be_undone(
    db: Database, restored: Database, tmp_path: Path
) -> None:
    carol = carol_in(db)
    capture.apply_capture(db, plan(db, archive(tmp_path)), backup_first=False)
    target = tmp_path / "everything.json"
    export_json(db, target)
    import_json(restored, target)

    [batch] = [b for b in importing.list_batches(restored) if b.interactions]
    assert batch.interactions == 1
    importing.undo_import(restored, batch.id)
    assert interactions.history_count(restored, carol) == 0


def test_a_capture_record_naming_a_missing_interaction_is_refused_with_where(
    db: Database, restored: Database, tmp_path: Path
) -> None:
    carol_in(db)
    capture.apply_capture(db, plan(db, archive(tmp_path)), backup_first=False)
    target = tmp_path / "everything.json"
    export_json(db, target)
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace('{"interaction": 1, "source": "mbox"', '{"interaction": 77, "source": "pst"'),
        encoding="utf-8",
    )

    with pytest.raises(JsonImportError) as caught:
        import_json(restored, target)

    problems = "\n".join(caught.value.problems)
    assert "captured[0]: source must be one of" in problems and '"pst"' in problems
    assert restored.connection().execute("SELECT count(*) FROM person").fetchone() == (0,)
