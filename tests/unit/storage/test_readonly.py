"""Opening the database only to read it: nothing created, nothing upgraded, no write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relapp.domain.errors import DatabaseCorrupt, DatabaseReadOnly
from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import open_database
from relapp.storage.readonly import NoDatabase, open_readonly


def test_reads_what_is_there_and_refuses_any_write(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    db = open_database(path)
    people.add_person(db, PersonDraft("Ann Lee"))
    db.close()
    before = path.read_bytes()
    ro = open_readonly(path)
    assert [people.get_person(ro, i).display_name for i in people.list_people(ro)] == ["Ann Lee"]
    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
        ro.connection().execute("DELETE FROM person")
    ro.close()
    assert path.read_bytes() == before


def test_no_database_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing" / "relapp.sqlite3"
    with pytest.raises(NoDatabase, match="there is no Relapp database"):
        open_readonly(path)
    assert not path.parent.exists()


def test_an_old_database_is_not_upgraded_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseReadOnly, match="needs an upgrade"):
        open_readonly(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    path.write_text("hello")
    with pytest.raises(DatabaseCorrupt):
        open_readonly(path)
