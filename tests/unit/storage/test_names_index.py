"""Searches of one or two letters read a names-only index (``person_names``: names and
organisation, no positions), which every write keeps equal to what the whole index
finds in those columns; the list shown is the same whichever index answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from relapp.domain.model import PersonDraft
from relapp.services import merging, people, search
from relapp.storage import Database, bulk, imports_repo, open_database, search_index
from relapp.storage.migrations import m0015_search_xl

LETTERS = ["a", "e", "m", "z", "an", "ma", "co", "ag", "lu"]


def _names_finds(conn: sqlite3.Connection, prefix: str) -> set[int]:
    sql = f"SELECT rowid FROM {search_index.NAMES} WHERE {search_index.NAMES} MATCH ?"
    return {pid for (pid,) in conn.execute(sql, (f'"{prefix}"*',))}


def _whole_index_finds(conn: sqlite3.Connection, prefix: str) -> set[int]:
    sql = f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH ?"
    expression = f'{{names organisation}} : ("{prefix}"*)'
    return {pid for (pid,) in conn.execute(sql, (expression,))}


def _assert_same(db: Database) -> None:
    conn = db.connection()
    for prefix in LETTERS:
        assert _names_finds(conn, prefix) == _whole_index_finds(conn, prefix), prefix
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


def test_a_database_from_before_gets_the_names_index_filled(tmp_path: Path) -> None:
    """The migration fills the names index from the whole index already there."""
    from relapp.storage.migrations import m0015_search_xl

    path = tmp_path / "relapp.sqlite3"
    db = open_database(path)
    people.add_person(db, PersonDraft("Ana Zola", organisation="Contoso"))
    db.close()
    with sqlite3.connect(path) as conn:  # as a database from before the names index
        conn.execute(f"DROP TABLE {search_index.NAMES}")
        conn.execute("DROP INDEX person_sort_key")
        conn.execute(f"PRAGMA user_version = {m0015_search_xl.VERSION - 1}")
    db = open_database(path)
    try:
        _assert_same(db)
        assert _names_finds(db.connection(), "co") == {1}
    finally:
        db.close()


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


def _plans(db: Database, read: Callable[[], object]) -> list[str]:
    """The query plan steps of each statement ``read`` runs."""
    conn = db.connection()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        read()
    finally:
        conn.set_trace_callback(None)
    return [
        step[3]
        for sql in statements
        if sql.lstrip().upper().startswith("SELECT") and "MATCH" in sql
        for step in conn.execute("EXPLAIN QUERY PLAN " + sql)  # values in place
    ]


def test_sorted_matches_are_ordered_from_a_narrow_index_not_the_person_rows(
    db: Database,
) -> None:
    """Sorting what a search finds by name looks each match up in the narrow index of
    ids and sort names (``person_sort_key``), not in ``person``'s wide rows (2-2.5x the
    CPU at a million people); only the page's rows are read."""
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Jo Person{n:03}") for n in range(50)])
    asked = search.PeopleQuery("jo")
    found = search.count_found(db, asked)
    rows: list = []
    plans = _plans(db, lambda: rows.extend(search.people_page(db, asked, 10, 20)))
    assert [row.display_name for row in rows] == [f"Jo Person{n:03}" for n in range(10, 30)]
    assert found == 50
    assert any("COVERING INDEX person_sort_key" in step for step in plans), plans
    assert search.position_of(db, asked, rows[0].id) == 10
    plans = _plans(db, lambda: search.position_of(db, asked, rows[0].id))
    assert any("COVERING INDEX person_sort_key" in step for step in plans), plans
