"""Reading everything in pages for exports, and writing it back with its ids."""

from __future__ import annotations

import pytest

from relapp.storage import Database, export_repo, restore_repo
from relapp.storage.export_repo import PersonRecord, TagRecord
from tests import export_fixture


def test_every_table_is_exported_worked_out_again_or_left_out_on_purpose(db: Database) -> None:
    declared = (
        export_repo.EXPORTED_TABLES | export_repo.DERIVED_TABLES | export_repo.LEFT_OUT_TABLES
    )
    assert export_repo.schema_tables(db) == declared, (
        "a table is not covered by the Relapp JSON format: add it to the format "
        "(storage/export_repo.py, services/json_file/, docs/json-format.md) or say why not"
    )


@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_pages_of_people_cover_everyone_once_in_id_order(db: Database, limit: int) -> None:
    export_fixture.build(db)
    seen: list[PersonRecord] = []
    after = 0
    while page := export_repo.people_after(db, after, limit):
        assert len(page) <= limit
        seen.extend(page)
        after = page[-1].id
    assert [p.id for p in seen] == sorted(p.id for p in seen) and len(seen) == 5
    ada = seen[0]
    assert ada.tags == ("friends", "maths", "Zürich")  # sorted as the person page sorts
    assert [c.kind for c in ada.contact_points][:3] == ["email", "email", "phone"]
    assert ada.photo == export_fixture.PNG
    active = export_repo.people_after(db, 0, 100, include_archived=False)
    assert "Bo Leap" not in [p.display_name for p in active] and len(active) == 4


def test_people_by_id_in_the_order_asked(db: Database) -> None:
    ids = export_fixture.build(db)
    found = export_repo.people_with_ids(db, [ids["carol"], 999, ids["ada"]])
    assert [p.display_name for p in found] == ["Carol Roth", "Ada Lovelace"]


def test_interactions_come_with_all_their_people(db: Database) -> None:
    ids = export_fixture.build(db)
    page = export_repo.interactions_after(db, 0, 2)
    assert [i.id for i in page] == [ids["dinner"], ids["favour_given"]]
    assert page[0].person_ids == tuple(sorted((ids["ada"], ids["carol"], ids["lukasz"])))
    assert page[1].kind == "favour_given"


def test_a_database_refusal_rolls_everything_back(db: Database) -> None:
    with pytest.raises(restore_repo.RestoreFailed), restore_repo.write_transaction(db):
        restore_repo.insert_tags(db, [TagRecord(1, "first")])
        restore_repo.insert_tags(db, [TagRecord(1, "same id again")])
    assert list(export_repo.iter_tags(db)) == []
