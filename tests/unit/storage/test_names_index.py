"""Searches of one or two letters read a names-only index (``person_names``: names and
organisation, no positions), which every write keeps equal to what the whole index
finds in those columns; the list shown is the same whichever index answers."""

from __future__ import annotations

import sqlite3

from relapp.domain.model import PersonDraft
from relapp.services import merging, people, search
from relapp.storage import Database, bulk, imports_repo, search_index, search_keys

LETTERS = ["a", "e", "m", "z", "an", "ma", "co", "ag", "lu"]


def _people(conn: sqlite3.Connection, fts: str, expression: str) -> set[int]:
    """Who ``fts`` finds (its rowids are the people's keys: ``search_keys``)."""
    sql = (
        f"SELECT k.person_id FROM {fts} s JOIN {search_keys.KEYS} k ON k.key = s.rowid"
        f" WHERE {fts} MATCH ?"
    )
    return {pid for (pid,) in conn.execute(sql, (expression,))}


def _names_finds(conn: sqlite3.Connection, prefix: str) -> set[int]:
    return _people(conn, search_index.NAMES, f'"{prefix}"*')


def _whole_index_finds(conn: sqlite3.Connection, prefix: str) -> set[int]:
    return _people(conn, search_index.TABLE, f'{{names organisation}} : ("{prefix}"*)')


def _assert_same(db: Database) -> None:
    conn = db.connection()
    for prefix in LETTERS:
        assert _names_finds(conn, prefix) == _whole_index_finds(conn, prefix), prefix
    people_ids = {pid for (pid,) in conn.execute("SELECT id FROM person")}
    keys = dict(conn.execute(f"SELECT person_id, key FROM {search_keys.KEYS}"))
    assert set(keys) == people_ids  # one key each, and none for the people gone
    for fts in (search_index.TABLE, search_index.NAMES):
        assert {k for (k,) in conn.execute(f"SELECT rowid FROM {fts}")} == set(keys.values())
    integrity = (
        f"INSERT INTO {search_index.NAMES} ({search_index.NAMES}) VALUES ('integrity-check')"
    )
    conn.execute(integrity)


def test_every_write_keeps_the_names_index_equal_to_the_whole_index(db: Database) -> None:
    ana = people.add_person(db, PersonDraft("Ana Zola", organisation="Contoso"))
    mia = people.add_person(db, PersonDraft("Mia Ågren", notes="anchovies on the menu"))
    with db.atomic():
        lukas, zoe, emil = bulk.insert_people(
            db,
            [
                PersonDraft("Łukasz Wójcik", organisation="Agfa"),
                PersonDraft("Zoë Ember"),
                PersonDraft("Emil Mann", notes="zebra"),
            ],
        )
    _assert_same(db)
    people.update_person(db, ana.id, PersonDraft("Anna Colm", organisation="Maersk"))
    people.archive_person(db, mia.id)
    _assert_same(db)
    merged = merging.merge_people(db, lukas, zoe)
    _assert_same(db)
    merging.undo_merge(db, merged)
    _assert_same(db)
    with db.atomic():
        imports_repo.delete_people(db, [emil])
    _assert_same(db)
    assert _names_finds(db.connection(), "e") == {zoe}  # Emil gone, Zoë Ember back


def test_a_short_search_shows_the_same_list_as_the_whole_index(db: Database) -> None:
    names = ["Ana Zola", "Bo Anders", "Cem Arı", "Dana Ek", "Ann-Marie Ost", "Zed Quinn"]
    with db.atomic():
        bulk.insert_people(
            db, [PersonDraft(n, organisation="Acme" if "Z" in n else "") for n in names]
        )
    asked = search.PeopleQuery("a")
    found = search.count_found(db, asked)
    shown = search.people_page(db, asked, 0, 100, found=found, everyone=len(names))
    expected = _whole_index_finds(db.connection(), "a")
    assert found == len(expected) == 5  # all but Dana Ek
    assert {row.id for row in shown} == expected
    everyone = search.people_page(db, search.PeopleQuery(), 0, 100)
    assert shown == [row for row in everyone if row.id in expected]  # in list order
