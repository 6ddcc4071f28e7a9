"""people_repo and interactions_repo work on the database they are handed, and store
any tag a user can type."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.domain.errors import NotFound
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.storage import Database, bulk, interactions_repo, open_database, people_repo


@pytest.fixture
def two(tmp_path: Path) -> tuple[Database, Database]:
    first = open_database(tmp_path / "first.db", backups_dir=tmp_path / "b1")
    second = open_database(tmp_path / "second.db", backups_dir=tmp_path / "b2")
    yield first, second
    first.close()
    second.close()


def test_people_are_written_to_and_read_from_the_database_given(
    two: tuple[Database, Database],
) -> None:
    first, second = two  # ``second`` was opened last
    with first.atomic():
        ann = people_repo.insert_person(first, PersonDraft("Ann Lee", tags=("friends",)))
        people_repo.update_person(first, ann, PersonDraft("Ann Lee-Roth", tags=("friends",)))
        people_repo.set_archived(first, ann, 1_700_000_000)
    assert people_repo.count_people(second) == 0
    assert people_repo.count_people(first, archived=True) == 1
    person = people_repo.get_person(first, ann)
    assert (person.display_name, person.tags, person.archived) == (
        "Ann Lee-Roth",
        ("friends",),
        True,
    )
    with pytest.raises(NotFound):
        people_repo.get_person(second, ann)
    assert people_repo.all_tags(first) == ["friends"] and people_repo.all_tags(second) == []


def test_interactions_are_written_to_the_database_given(two: tuple[Database, Database]) -> None:
    first, second = two
    with first.atomic():
        ann = people_repo.insert_person(first, PersonDraft("Ann Lee"))
        at = datetime(2024, 5, 1, 12, tzinfo=UTC)
        draft = InteractionDraft(at, Channel.CALL, Direction.OUTBOUND, (ann,), "hello")
        iid = interactions_repo.insert_interaction(first, draft)
        assert interactions_repo.participants(first, iid) == [ann]
        interactions_repo.update_interaction(first, iid, draft)
    assert interactions_repo.get_interaction(first, iid).summary == "hello"
    assert interactions_repo.history_count(first, ann) == 1
    with pytest.raises(NotFound):
        interactions_repo.get_interaction(second, iid)
    assert people_repo.get_person(first, ann).last_contact_at == at
    with first.atomic():
        interactions_repo.delete_interaction(first, iid)
    assert people_repo.get_person(first, ann).last_contact_at is None


@pytest.mark.parametrize("tag", ["Łódź", "Émigrés", "ÜBER", "book club"])
def test_a_tag_with_capital_letters_beyond_ascii_is_stored(db: Database, tag: str) -> None:
    with db.atomic():
        ann = people_repo.insert_person(db, PersonDraft("Ann Lee", tags=(tag,)))
        bea = people_repo.insert_person(db, PersonDraft("Bea Lee", tags=(tag,)))
    assert people_repo.get_person(db, ann).tags == (tag,)
    assert people_repo.get_person(db, bea).tags == (tag,)
    assert people_repo.all_tags(db) == [tag]


def test_the_people_service_keeps_to_the_database_it_is_given(
    two: tuple[Database, Database],
) -> None:
    """Through the services' API (unchanged by the fix): before, the repositories wrote
    through a module-wide handle that pointed at the database opened last."""
    from relapp.services import people

    first, second = two
    ann = people.add_person(first, PersonDraft("Ann Lee"))
    assert people.count_people(first) == 1 and people.count_people(second) == 0
    assert people.get_person(first, ann.id).display_name == "Ann Lee"
    people.archive_person(first, ann.id)
    assert people.get_person(first, ann.id).archived


def test_bulk_keeps_tags_apart_that_only_letters_beyond_ascii_tell_apart(db: Database) -> None:
    """The tag table's NOCASE folds ASCII letters only: "été" and "ÉTÉ" are two tags to
    it. The bulk path used to file both people under whichever came last."""
    with db.atomic():
        first = people_repo.insert_person(db, PersonDraft("Ann Lee", tags=("ÉTÉ",)))
        ids = bulk.insert_people(
            db, [PersonDraft("Bea Lee", tags=("été", "work")), PersonDraft("Cy", tags=("ÉTÉ",))]
        )
    assert people_repo.get_person(db, first).tags == ("ÉTÉ",)
    assert [people_repo.get_person(db, pid).tags for pid in ids] == [("work", "été"), ("ÉTÉ",)]
    assert people_repo.all_tags(db) == ["work", "ÉTÉ", "été"]
