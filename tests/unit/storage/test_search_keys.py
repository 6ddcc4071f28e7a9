"""The people's search indexes keyed in name order (issue 18, a million people): the
first page of a search is read from the first matches in key order, whatever the
search finds; keys never run against the names' order; every write keeps one key per
person; a database from before gets its indexes keyed with the same results."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.domain.text import sort_key
from relapp.services import people, search
from relapp.services.search import PeopleQuery
from relapp.storage import Database, bulk, open_database, search_index, search_keys
from relapp.storage.migrations import LATEST_VERSION, MIGRATIONS, m0018_search_keys

FIRST = ("Ana", "Bea", "Carl", "Dana", "Émile", "Zoë", "Ole", "Aaron", "Mia", "Łukasz")
LAST = ("Roth", "Whitaker", "Abel", "Nguyen", "Åberg", "Smith", "Santos", "Ito", "Oz")


def _crowd(count: int, seed: int = 1) -> list[PersonDraft]:
    """``count`` people of a hundred-odd names, each with an email at example.com."""
    rng = random.Random(seed)
    drafts = []
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = ContactPoint(ContactKind.EMAIL, f"p{n}@example.com")
        drafts.append(PersonDraft(f"{first} {last}{n % 37}", contact_points=(email,)))
    return drafts


def _steps(db: Database, read: Callable[[], object]) -> int:
    """SQLite's virtual machine steps (in hundreds) that ``read`` costs: the work done,
    the same on a loaded machine as on a quiet one."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    conn = db.connection()
    conn.set_progress_handler(count, 100)
    try:
        read()
    finally:
        conn.set_progress_handler(None, 0)
    return steps[0]


def _first_page_steps(db: Database, text: str) -> int:
    asked = PeopleQuery(text)
    found = search.count_found(db, asked)
    return _steps(db, lambda: search.people_page(db, asked, 0, 100, found=found))


def test_the_first_page_costs_the_same_whatever_the_search_finds(tmp_path: Path) -> None:
    """ "example" finds everyone: its first page costs no more with four times as many
    people (before: every match was looked at, 4x the steps)."""
    costs = []
    for count in (1_000, 4_000):
        db = open_database(tmp_path / f"{count}.sqlite3")
        with db.atomic():
            bulk.insert_people(db, _crowd(count))
        costs.append([_first_page_steps(db, text) for text in ("example", "a", "com ex")])
        db.close()
    for small, large in zip(*costs, strict=True):
        assert large < 1.5 * small + 20, costs


_NAMES = st.text(alphabet=st.sampled_from("aábcz ZŁ-0.'\u00e9\u4e2d\x01"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(first=_NAMES, second=_NAMES)
def test_a_name_before_another_never_has_a_greater_prefix(first: str, second: str) -> None:
    """SQLite orders sort names by code point (UTF-8 bytes), as Python orders str."""
    low, high = sorted((first, second))
    assert search_keys.name_prefix(low) <= search_keys.name_prefix(high)
    assert search_keys.name_prefix(high) < 1 << (64 - 1 - search_keys.SLOT_BITS)


def test_a_database_from_before_gets_its_indexes_keyed_with_the_same_results(
    tmp_path: Path,
) -> None:
    """Schema 15 keyed the indexes by person id: the migration keys them in name order
    and every search finds the same people, in the same order, with the same count."""
    path = tmp_path / "relapp.sqlite3"
    conn = sqlite3.connect(path)
    MIGRATIONS[0].apply(conn)
    for n, draft in enumerate(_crowd(300, seed=2), start=1):
        conn.execute(
            "INSERT INTO person (id, display_name, sort_name, notes, organisation, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
            (n, draft.display_name, sort_key(draft.display_name), f"note {n}", "Acme" * (n % 2)),
        )
    for migration in MIGRATIONS[1 : m0018_search_keys.VERSION - 1]:
        migration.apply(conn)
    conn.execute(f"PRAGMA user_version = {m0018_search_keys.VERSION - 1}")
    conn.commit()
    before = {
        text: sorted(pid for (pid,) in conn.execute(sql, (expression,)))
        for text, (sql, expression) in {
            "ana": (_BY_ID.format(fts=search_index.TABLE), '"ana"*'),
            "ac": (_BY_ID.format(fts=search_index.NAMES), '"ac"*'),
        }.items()
    }
    conn.close()
    db = open_database(path, backups_dir=tmp_path / "backups")
    try:
        assert db.schema_version == LATEST_VERSION
        everyone = people.list_people(db)
        for text in ("ana", "ac"):
            shown = people.list_people(db, text)
            assert sorted(shown) == before[text] and shown == [i for i in everyone if i in shown]
            asked = PeopleQuery(text)
            found = search.count_found(db, asked)
            pages = [search.people_page(db, asked, n, 50, found=found) for n in (0, 50, 100)]
            assert found == len(shown) and [r.id for p in pages for r in p] == shown[:150]
        in_key_order = db.connection().execute(
            f"SELECT p.sort_name FROM {search_keys.KEYS} k JOIN person p ON p.id = k.person_id"
            " ORDER BY k.key"
        )
        prefixes = [search_keys.name_prefix(name) for (name,) in in_key_order]
        assert len(prefixes) == 300 and prefixes == sorted(prefixes)
    finally:
        db.close()


_BY_ID = "SELECT rowid FROM {fts} WHERE {fts} MATCH ?"  # schema 15: rowid = person id


def test_a_renamed_person_moves_to_their_new_place_and_keeps_it_while_the_start_stays(
    db: Database,
) -> None:
    ana = people.add_person(db, PersonDraft("Ana Roth"))
    zed = people.add_person(db, PersonDraft("Zed Quinn"))
    keys = search_keys.keys_of(db.connection(), [ana.id, zed.id])
    assert keys[ana.id] < keys[zed.id]
    people.update_person(db, ana.id, PersonDraft("Ana Roth", notes="jazz"))
    assert search_keys.keys_of(db.connection(), [ana.id]) == {ana.id: keys[ana.id]}
    people.update_person(db, ana.id, PersonDraft("Zoë Abel"))
    moved = search_keys.keys_of(db.connection(), [ana.id])[ana.id]
    assert moved > keys[zed.id]
    assert people.list_people(db, "abel") == [ana.id]
    assert [r.id for r in search.people_page(db, PeopleQuery("z"), 0, 10)] == [zed.id, ana.id]


def _one_prefix(path: Path, count: int) -> tuple[int, int]:
    """``count`` people called "Camille P..." (added in name order): the steps of a page
    of "cam" and of one person's row, checked; then one added out of order."""
    db = open_database(path)
    try:
        with db.atomic():
            ids = bulk.insert_people(db, [PersonDraft(f"Camille P{n:05}") for n in range(count)])
        asked = PeopleQuery("cam")
        found = search.count_found(db, asked)
        page: list = []
        page_steps = _steps(
            db, lambda: page.extend(search.people_page(db, asked, 500, 100, found=found))
        )
        row_steps = _steps(db, lambda: search.position_of(db, asked, ids[700]))
        assert [row.id for row in page] == ids[500:600]
        assert search.position_of(db, asked, ids[700]) == 700
        people.add_person(db, PersonDraft("Camille Abel"))  # first in name order, last slot
        assert not search_keys.in_name_order(db.connection(), 0, 1 << 63 - 1)
        shown = [row.display_name for row in search.people_page(db, asked, 0, 3)]
        assert shown == ["Camille Abel", "Camille P00000", "Camille P00001"]
        assert search.position_of(db, asked, ids[700]) == 701
        return page_steps, row_steps
    finally:
        db.close()


def test_a_page_within_one_long_name_prefix_reads_the_page_not_the_prefix(
    tmp_path: Path,
) -> None:
    """Everyone called "Camille ..." shares a key prefix (18,680 at a million people):
    while its keys run in name order, a page and a person's row are read in key order,
    at the same cost with four times as many; once a slot comes out of order, the
    prefix is sorted when read (the same rows)."""
    (page_small, row_small), (page_large, row_large) = (
        _one_prefix(tmp_path / f"{count}.sqlite3", count) for count in (1_000, 4_000)
    )
    assert page_large < 1.2 * page_small + 5, (page_small, page_large)
    assert row_large < 1.5 * row_small + 5, (row_small, row_large)


def test_a_batch_takes_its_slots_in_name_order(db: Database) -> None:
    """An import's people, in whatever order they come, take their prefixes' slots in
    name order: the prefixes stay ordered when they come after what is there."""
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Camille P{n:03}") for n in range(99, -1, -1)])
    conn = db.connection()
    assert search_keys.in_name_order(conn, 0, 1 << 63 - 1)
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Camille Q{n:03}") for n in range(9, -1, -1)])
    assert search_keys.in_name_order(conn, 0, 1 << 63 - 1)
    with db.atomic():
        bulk.insert_people(db, [PersonDraft("Camille O")])
    assert not search_keys.in_name_order(conn, 0, 1 << 63 - 1)
    shown = [row.display_name for row in search.people_page(db, PeopleQuery("cam"), 0, 3)]
    assert shown == ["Camille O", "Camille P000", "Camille P001"]


def test_a_batch_goes_into_the_indexes_in_key_order(db: Database) -> None:
    """FTS5 writes out the terms it holds whenever a rowid comes below the last one: a
    batch written in id order, its keys in name order scattered, made a segment almost
    per person (a 10,000-card import: 0.18 -> 2.5 s in the index). In key order the
    index is written once, at the commit."""
    names = [f"{first} {last}" for last in ("Zorn", "Mayer", "Abt") for first in "ZMA"]
    random.Random(4).shuffle(names)
    statements: list[str] = []
    with db.atomic():
        db.connection().set_trace_callback(statements.append)
        try:
            bulk.insert_people(db, [PersonDraft(name) for name in names])
        finally:
            db.connection().set_trace_callback(None)
    written = [s for s in statements if "person_search_data" in s and "REPLACE" in s]
    assert written == []  # nothing written out before the commit
