"""A backup of a database whose file alone holds everything committed is one sequential
copy of that file, read inside a read transaction (no checkpoint can write into the
file meanwhile); otherwise SQLite's online backup API copies it as before. Either way
the copy holds exactly what was committed when it was made."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relapp.domain.model import PersonDraft
from relapp.services.people import add_person
from relapp.storage import Database
from relapp.storage import backup as storage_backup
from relapp.storage.backup import check_file, copy_database, copy_verified


@pytest.fixture
def ways(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each copy was made while the test runs: "file" or "online"."""
    used: list[str] = []
    for name, word in (("_copy_file", "file"), ("_copy_online", "online")):
        real = getattr(storage_backup, name, None)

        def counted(*args: object, _real: object = real, _word: str = word) -> object:
            done = _real(*args)  # type: ignore[operator]
            if done is not False:  # a file copy that could not be made is not one
                used.append(_word)
            return done

        monkeypatch.setattr(storage_backup, name, counted, raising=False)
    return used


def people(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


def pages(path: Path, size: int = 4096) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + size] for i in range(size, len(data), size)]  # after page 1


def test_a_quiet_database_is_copied_as_one_file_with_the_same_pages(
    db: Database, tmp_path: Path, ways: list[str]
) -> None:
    for i in range(200):
        add_person(db, PersonDraft(display_name=f"Person {i}", notes="n" * 300))
    made = copy_verified(db.connection(), tmp_path / "copy.sqlite3")
    assert ways == ["file"]
    assert people(made) == 200 and check_file(made) > 0
    assert pages(made) == pages(db.path)  # the WAL was folded in first: the same pages
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not Path(f"{made}-wal").exists()


def test_a_reader_keeping_the_wal_makes_an_online_copy_with_every_commit(
    db: Database, tmp_path: Path, ways: list[str]
) -> None:
    add_person(db, PersonDraft(display_name="Before"))
    reader = sqlite3.connect(db.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM person").fetchone()  # an old snapshot held
    try:
        for i in range(30):
            add_person(db, PersonDraft(display_name=f"After {i}"))  # only in the WAL
        made = copy_verified(db.connection(), tmp_path / "copy.sqlite3")
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert ways == ["online"]
    assert people(made) == 31


def test_a_write_not_yet_committed_is_not_in_the_copy(db: Database, tmp_path: Path) -> None:
    add_person(db, PersonDraft(display_name="Kept"))
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM person")
    try:
        made = copy_database(db.connection(), tmp_path / "copy.sqlite3")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert people(made) == 1


def test_a_copy_of_a_backup_file_opened_read_only_is_whole(db: Database, tmp_path: Path) -> None:
    for i in range(50):
        add_person(db, PersonDraft(display_name=f"Person {i}"))
    first = copy_verified(db.connection(), tmp_path / "first.sqlite3")
    second = storage_backup.copy_database_file(first, tmp_path / "second.sqlite3")
    assert people(second) == 50 and check_file(second) > 0


class CommitAfterCheckpoint:
    """The copy's source connection, with another connection committing right after the
    checkpoint (before the copy's read transaction begins): the worst moment."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def backup(self, target: sqlite3.Connection) -> None:
        self.conn.backup(target)

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        cursor = self.conn.execute(sql, *args)
        if "wal_checkpoint" in sql:
            rows = cursor.fetchall()
            other = sqlite3.connect(self.path, isolation_level=None)
            other.execute("INSERT INTO app_state (key, value) VALUES ('late', '1')")
            other.close()
            return _Rows(rows)
        return cursor


class _Rows:
    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        self.rows = rows

    def fetchone(self) -> tuple[object, ...]:
        return self.rows[0]


def test_a_commit_right_after_the_checkpoint_is_in_the_copy(
    db: Database, tmp_path: Path, ways: list[str]
) -> None:
    add_person(db, PersonDraft(display_name="Early"))
    source = CommitAfterCheckpoint(db.connection(), db.path)
    made = copy_database(source, tmp_path / "copy.sqlite3")  # type: ignore[arg-type]
    conn = sqlite3.connect(made)
    late = conn.execute("SELECT value FROM app_state WHERE key = 'late'").fetchall()
    conn.close()
    assert late == [("1",)]
    assert ways == ["online"]  # the file alone no longer held everything
