"""``IN (…)`` over any number of values: the one chunking helper, at SQLite's limit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.storage import (
    Database,
    bulk,
    export_repo,
    health_repo,
    imports_repo,
    network_repo,
    people_repo,
    promises_repo,
)
from relapp.storage.chunks import CHUNK, ROWS, chunked, execute_in, insert_rows, rows_in

OLDEST_LIMIT = 999  # SQLITE_MAX_VARIABLE_NUMBER before SQLite 3.32


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (0, []),
        (1, [1]),
        (CHUNK - 1, [CHUNK - 1]),
        (CHUNK, [CHUNK]),
        (CHUNK + 1, [CHUNK, 1]),
        (2 * CHUNK, [CHUNK, CHUNK]),
        (2 * CHUNK + 1, [CHUNK, CHUNK, 1]),
    ],
)
def test_chunks_hold_at_most_chunk_values_in_order(count: int, sizes: list[int]) -> None:
    chunks = list(chunked(iter(range(count))))
    assert [len(c) for c in chunks] == sizes
    assert [v for c in chunks for v in c] == list(range(count))


def test_a_chunk_holds_at_least_one_value() -> None:
    with pytest.raises(ValueError, match="at least one"):
        list(chunked([1], 0))


@pytest.fixture
def numbers() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE n (v INTEGER PRIMARY KEY, even INTEGER)")
    conn.executemany("INSERT INTO n VALUES (?, ?)", [(v, v % 2 == 0) for v in range(5000)])
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, CHUNK + 2)
    yield conn
    conn.close()


@pytest.mark.parametrize("count", [CHUNK, CHUNK + 1, 3 * CHUNK + 7])
def test_rows_in_stays_under_the_limit_with_parameters_on_both_sides(
    numbers: sqlite3.Connection, count: int
) -> None:
    values = range(count)
    with pytest.raises(sqlite3.OperationalError, match="too many SQL variables"):
        numbers.execute(
            f"SELECT v FROM n WHERE even = ? AND v IN ({','.join('?' * (CHUNK + 1))}) AND v < ?",
            (1, *range(CHUNK + 1), 10_000),
        )
    found = list(
        rows_in(
            numbers,
            "SELECT v FROM n WHERE even = ? AND v IN ({marks}) AND v < ?",
            values,
            before=(1,),
            after=(10_000,),
        )
    )
    assert [v for (v,) in found] == [v for v in values if v % 2 == 0]


def test_execute_in_runs_every_chunk(numbers: sqlite3.Connection) -> None:
    execute_in(numbers, "DELETE FROM n WHERE v IN ({marks})", range(0, 5000, 2))
    assert numbers.execute("SELECT count(*), sum(even) FROM n").fetchone() == (2500, 0)


def test_no_values_run_no_statement(numbers: sqlite3.Connection) -> None:
    assert list(rows_in(numbers, "not even SQL ({marks})", [])) == []


def test_lookups_by_many_ids_work_under_the_oldest_variable_limit(db: Database) -> None:
    """Every repository lookup whose ``IN`` list grows with the data, over more ids than
    the oldest SQLite accepts in one statement."""
    many = 3 * OLDEST_LIMIT
    with db.atomic():
        ids = bulk.insert_people(
            db,
            [
                PersonDraft(
                    f"P {i}",
                    tags=(f"t{i % 7}",),
                    contact_points=(ContactPoint(ContactKind.EMAIL, f"p{i}@x.example"),),
                )
                for i in range(many)
            ],
        )
    db.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, OLDEST_LIMIT)
    assert len(people_repo.person_rows(db, ids)) == many
    assert len(people_repo.name_fields(db, ids)) == many
    assert [p.id for p in export_repo.people_with_ids(db, ids)] == ids
    assert len(promises_repo.wishes_of(db, ids)) == many
    assert len(health_repo.names_of(db, ids)) == many
    assert len(network_repo.names_and_contacts(db, ids)) == many
    assert len(imports_repo.person_keys(db, ids)) == many
    assert imports_repo.existing_people(db, ids) == set(ids)
    assert imports_repo.touched_since(db, ids, 0) == set(ids)
    assert len(imports_repo.tags_of(db, ids)) == 7
    emails, _ = imports_repo.contact_owners(db, [f"p{i}@x.example" for i in range(many)], [])
    assert len(emails) == many
    with db.atomic():
        imports_repo.delete_people(db, ids)
        imports_repo.drop_unused_tags(db, [f"t{i}" for i in range(7)])
    assert people_repo.count_people(db) == 0 and people_repo.all_tags(db) == []


ROW_VALUES = [
    (None, 0, "", b""),
    (2**62, -1.5, "Zoë\x00Ågren", b"\x00\xff"),
    ("12", 3.0, "  spaced  ", None),
    *[(i, i / 7, f"text {i}", bytes([i % 256]) * (i % 5)) for i in range(3 * ROWS + 11)],
]


def _table_with_a_trigger(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b REAL, c TEXT, d BLOB)")
    conn.execute("CREATE TABLE seen (t_id INTEGER, kind TEXT)")
    conn.execute(
        "CREATE TRIGGER t_seen AFTER INSERT ON t BEGIN"
        " INSERT INTO seen VALUES (NEW.id, typeof(NEW.a) || typeof(NEW.b)); END"
    )


@pytest.mark.parametrize("limit", [250_000, OLDEST_LIMIT, 9])
def test_insert_rows_stores_what_one_statement_per_row_stores(limit: int) -> None:
    """Many rows to a statement (a ``VALUES`` list) store the same rows, ids, types and
    trigger effects, in the same order, under any parameter limit (9: two rows of four
    values to a statement)."""
    one_by_one, many = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for conn in (one_by_one, many):
        _table_with_a_trigger(conn)
    one_by_one.executemany("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)", ROW_VALUES)
    many.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    insert_rows(many, "INSERT INTO t (a, b, c, d)", iter(ROW_VALUES), 4)
    for sql in (
        "SELECT id, a, typeof(a), b, typeof(b), c, d, typeof(d) FROM t ORDER BY id",
        "SELECT rowid, * FROM seen ORDER BY rowid",
    ):
        assert many.execute(sql).fetchall() == one_by_one.execute(sql).fetchall()
    assert many.execute("SELECT count(*) FROM t").fetchone() == (len(ROW_VALUES),)


def test_insert_rows_of_nothing_runs_no_statement() -> None:
    conn = sqlite3.connect(":memory:")
    insert_rows(conn, "not even SQL", [], 3)


def test_bulk_people_go_in_under_the_oldest_variable_limit(db: Database) -> None:
    """A person row has some 25 values: fewer rows to a statement where the limit is
    low, not a refused statement."""
    db.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, OLDEST_LIMIT)
    drafts = [
        PersonDraft(
            f"Q {i}",
            tags=("x",),
            contact_points=(ContactPoint(ContactKind.EMAIL, f"q{i}@x.example"),),
        )
        for i in range(300)
    ]
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
    assert [row.display_name for row in people_repo.person_rows(db, ids).values()] == [
        d.display_name for d in drafts
    ]
