"""The person codec: one field list that matches the domain and the schema, and a person
written by every path (one at a time, in bulk, restored, recorded by an import) reads
back as it was written."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.domain.importing.records import ChangeAction, ImportChange
from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, Person, PersonDraft
from relapp.storage import (
    Database,
    bulk,
    export_repo,
    imports_repo,
    open_database,
    people_repo,
    person_codec,
    restore_repo,
    search_index,
    search_keys,
)

# --- the field list ----------------------------------------------------------------------------


def test_every_field_of_a_person_is_stored_by_the_codec() -> None:
    """Fails when the domain gains a field the codec does not say where to keep."""
    draft_fields = {f.name for f in dataclasses.fields(PersonDraft)}
    person_fields = {f.name for f in dataclasses.fields(Person)}
    assert draft_fields == set(person_codec.STORED_IN)
    assert person_fields - draft_fields == set(person_codec.STORED_PERSON_FIELDS)


def test_every_column_of_the_person_table_is_in_the_field_list(db: Database) -> None:
    """Fails when a migration adds a column the codec does not read or write."""
    columns = {row[1] for row in db.connection().execute("PRAGMA table_info(person)")}
    # uid: given by the database (m0008's trigger); records carry it, drafts do not.
    kept_by_the_database = {"sort_name", "updated_at", "uid"}
    assert columns == (
        set(person_codec.DETAIL_COLUMNS)
        | set(person_codec.STORED_PERSON_FIELDS.values())
        | kept_by_the_database
    )
    assert len(person_codec.DETAIL_COLUMNS) == len(set(person_codec.DETAIL_COLUMNS))


def test_the_record_has_a_field_for_each_record_column() -> None:
    names = tuple(f.name for f in dataclasses.fields(person_codec.PersonRecord))
    assert names == (*person_codec.RECORD_COLUMNS, "tags", "contact_points", "photo")
    assert export_repo.PERSON_COLUMNS == person_codec.RECORD_COLUMNS


def test_each_value_goes_to_its_own_column() -> None:
    draft = PersonDraft(
        "Display",
        given_name="Given",
        family_name="Family",
        nickname="Nick",
        organisation="Org",
        title="Title",
        birthday=Birthday(2, 29, 1996),
        met_on=date(2020, 3, 4),
        met_how="How",
        preferred_channel=Channel.VIDEO,
        avoid_channels=frozenset({Channel.CALL, Channel.EMAIL}),
        cadence_days=42,
        notes="Notes",
        anniversary=Birthday(6, 19, 2010),
    )
    assert dict(zip(person_codec.WRITE_COLUMNS, person_codec.write_values(draft), strict=True)) == {
        "display_name": "Display",
        "given_name": "Given",
        "family_name": "Family",
        "nickname": "Nick",
        "organisation": "Org",
        "title": "Title",
        "birthday_month": 2,
        "birthday_day": 29,
        "birthday_year": 1996,
        "met_on": "2020-03-04",
        "met_how": "How",
        "preferred_channel": "video",
        "avoid_channels": "call,email",
        "cadence_days": 42,
        "notes": "Notes",
        "anniversary_month": 6,
        "anniversary_day": 19,
        "anniversary_year": 2010,
        "sort_name": "display",
    }


# --- round trips -------------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
# Tag names as they read back: whitespace already collapsed, no two the same but for the
# case of ASCII letters, in the order of SQLite's lower() (ASCII letters only).
_TAGS = ("book club", "Friends", "work", "Łódź", "ÉTÉ", "été")


def _sqlite_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


_drafts = st.builds(
    PersonDraft,
    display_name=_TEXT.filter(lambda t: t.strip() != ""),
    given_name=_TEXT,
    family_name=_TEXT,
    nickname=_TEXT,
    organisation=_TEXT,
    title=_TEXT,
    birthday=st.none()
    | st.builds(
        lambda d, year: Birthday(d.month, d.day, d.year if year else None),
        st.dates(date(1900, 1, 1), date(2030, 12, 31)),
        st.booleans(),
    ),
    met_on=st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    met_how=_TEXT,
    preferred_channel=st.none() | st.sampled_from(Channel),
    avoid_channels=st.frozensets(st.sampled_from(Channel)),
    cadence_days=st.none() | st.integers(1, 100_000),
    notes=_TEXT,
    tags=st.lists(st.sampled_from(_TAGS), unique=True).map(
        lambda tags: tuple(sorted(tags, key=_sqlite_lower))
    ),
    contact_points=st.lists(
        st.builds(ContactPoint, st.sampled_from(ContactKind), _TEXT, _TEXT), max_size=4
    ).map(tuple),
    photo=st.none() | st.binary(min_size=1, max_size=32),
    anniversary=st.none()
    | st.builds(
        lambda d, year: Birthday(d.month, d.day, d.year if year else None),
        st.dates(date(1900, 1, 1), date(2030, 12, 31)),
        st.booleans(),
    ),
)

_FAST = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def fresh() -> Iterator[list[Database]]:
    """Open databases on demand (one per example), closed at the end."""
    opened: list[Database] = []
    yield opened
    for database in opened:
        database.close()


def _words_of_tags(row: tuple[object, ...]) -> tuple[object, ...]:
    """The row with its tags column as sorted words: reindexing reads the tags in the
    order they were first made, and the order of words does not matter to a search."""
    rowid, names, contacts, organisation, tags, notes = row
    return (rowid, names, contacts, organisation, sorted(str(tags).split()), notes)


def _search_row(db: Database, person_id: int) -> tuple[object, ...]:
    """The person's row of the search index, under their key (``search_keys``)."""
    sql = (
        f"SELECT k.person_id, s.names, s.contacts, s.organisation, s.tags, s.notes"
        f" FROM {search_keys.KEYS} k JOIN {search_index.TABLE} s ON s.rowid = k.key"
    )
    return _words_of_tags(
        db.connection().execute(f"{sql} WHERE k.person_id = ?", (person_id,)).fetchone()
    )


def _expected_row(person_id: int, draft: PersonDraft) -> tuple[object, ...]:
    return _words_of_tags(person_codec.search_row(person_id, draft))


@_FAST
@given(draft=_drafts)
def test_a_person_created_one_at_a_time_reads_back_as_written(
    db: Database, draft: PersonDraft
) -> None:
    with db.atomic():
        person_id = people_repo.insert_person(db, draft)
    assert people_repo.get_person(db, person_id).draft() == draft
    assert _search_row(db, person_id) == _expected_row(person_id, draft)


@_FAST
@given(first=_drafts, then=_drafts)
def test_a_person_rewritten_as_an_import_merge_does_reads_back_as_written(
    db: Database, first: PersonDraft, then: PersonDraft
) -> None:
    """Applying an import writes a merged person with ``update_person`` and keeps the
    details before and after in the import's record (to undo it)."""
    with db.atomic():
        person_id = people_repo.insert_person(db, first)
        people_repo.update_person(db, person_id, then)
        batch = imports_repo.insert_batch(
            db,
            file_name="x.vcf",
            checksum="c",
            imported_at=0,
            created=0,
            merged=1,
            skipped=0,
            errors=0,
        )
        change = ImportChange(person_id, ChangeAction.MERGED, "card", before=first, after=then)
        imports_repo.insert_changes(db, batch, [change])
    assert people_repo.get_person(db, person_id).draft() == then
    assert imports_repo.changes_of(db, batch) == [change]
    assert _search_row(db, person_id) == _expected_row(person_id, then)


@_FAST
@given(drafts=st.lists(_drafts, min_size=1, max_size=4))
def test_people_inserted_in_bulk_read_back_as_written(
    db: Database, drafts: list[PersonDraft]
) -> None:
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
    assert [people_repo.get_person(db, pid).draft() for pid in ids] == drafts
    for pid, draft in zip(ids, drafts, strict=True):
        assert _search_row(db, pid) == _expected_row(pid, draft)
        # The search row a later edit writes is the one the bulk path wrote.
        search_index.reindex(db.connection(), [pid])
        assert _search_row(db, pid) == _expected_row(pid, draft)


@_FAST
@given(drafts=st.lists(_drafts, min_size=1, max_size=4))
def test_people_exported_and_restored_read_back_as_written(
    db: Database, fresh: list[Database], tmp_path: Path, drafts: list[PersonDraft]
) -> None:
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
    records = export_repo.people_with_ids(db, ids)
    assert [person_codec.record_draft(r) for r in records] == drafts
    target = open_database(tmp_path / f"restored-{len(fresh)}.db", backups_dir=tmp_path / "b")
    fresh.append(target)
    tags = list(export_repo.iter_tags(db))
    tag_ids = {t.name: t.id for t in tags}
    with restore_repo.write_transaction(target):
        restore_repo.insert_tags(target, tags)
        restore_repo.insert_people(target, records, tag_ids.__getitem__)
    for pid, draft in zip(ids, drafts, strict=True):
        assert people_repo.get_person(target, pid).draft() == draft
        assert _search_row(target, pid) == _search_row(db, pid)
    assert export_repo.people_with_ids(target, ids) == records


def test_an_import_record_of_every_field_reads_back() -> None:
    draft = PersonDraft(
        "Ann",
        given_name="A",
        family_name="L",
        nickname="N",
        organisation="O",
        title="T",
        birthday=Birthday(2, 29),
        met_on=date(2020, 1, 2),
        met_how="H",
        preferred_channel=Channel.CALL,
        avoid_channels=frozenset({Channel.EMAIL}),
        cadence_days=7,
        notes="x",
        tags=("a",),
        contact_points=(ContactPoint(ContactKind.EMAIL, "a@b.example", "work"),),
        photo=b"\x00\x01",
        anniversary=Birthday(6, 19),
    )
    data = person_codec.draft_json(draft)
    assert set(data) == set(person_codec.STORED_IN)
    assert person_codec.draft_from_json(data) == draft
