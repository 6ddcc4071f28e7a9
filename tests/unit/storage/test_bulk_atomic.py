"""``Database.bulk_atomic``: an ``atomic`` whose statement journals stay in memory, the
connection's settings as they were once it ends, whatever happens."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import relapp
from relapp.domain.errors import FolderBusy
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database, bulk
from relapp.storage.database import BULK_SPILL_PAGES, open_database


def settings(conn: sqlite3.Connection) -> tuple[int, int]:
    return (
        conn.execute("PRAGMA temp_store").fetchone()[0],
        conn.execute("PRAGMA cache_spill").fetchone()[0],
    )


def test_in_memory_while_it_runs_and_as_before_after_it(db: Database) -> None:
    conn = db.connection()
    before = settings(conn)
    with db.bulk_atomic():
        assert conn.in_transaction
        assert settings(conn) == (2, BULK_SPILL_PAGES)  # 2: MEMORY; spilling still on
        bulk.insert_people(db, [PersonDraft("Ada")])
    assert settings(conn) == before
    assert [p.display_name for p in people.person_rows(db, people.list_people(db)).values()] == [
        "Ada"
    ]


def test_an_error_rolls_back_and_the_settings_go_back(db: Database) -> None:
    conn = db.connection()
    before = settings(conn)
    with pytest.raises(RuntimeError), db.bulk_atomic():
        bulk.insert_people(db, [PersonDraft("Ada")])
        raise RuntimeError
    assert not conn.in_transaction
    assert settings(conn) == before
    assert people.list_people(db) == []


def test_inside_another_transaction_it_is_part_of_that_one(db: Database) -> None:
    """The settings can only change between transactions: nested, nothing changes."""
    conn = db.connection()
    before = settings(conn)
    with db.atomic():
        with db.bulk_atomic():
            assert settings(conn) == before
            bulk.insert_people(db, [PersonDraft("Ada")])
        assert conn.in_transaction
    assert len(people.list_people(db)) == 1


def test_beside_the_writer_it_is_refused_as_atomic_is(db: Database, paths: AppPaths) -> None:
    beside = open_database(paths.database, exclusive=False)
    try:
        with pytest.raises(FolderBusy), beside.bulk_atomic():
            pass
        assert settings(beside.connection())[0] == 0
    finally:
        beside.close()


def test_relapp_makes_no_temp_objects_a_bulk_transaction_would_drop() -> None:
    """Changing ``temp_store`` (as ``bulk_atomic`` does) drops the connection's TEMP
    tables, views and triggers; Relapp makes none (SQL is in ``relapp/storage`` only).
    Whoever adds one: not in a bulk transaction's connection."""
    temp = re.compile(r"CREATE\s+(?:TEMP|TEMPORARY)\s", re.IGNORECASE)
    found = [
        str(path)
        for path in (Path(relapp.__file__).parent / "storage").rglob("*.py")
        if temp.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
