"""Copies with the online backup API, checks of backup files, and a full disk."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from relapp.domain.errors import BackupInvalid, DiskFull
from relapp.domain.model import PersonDraft
from relapp.services.people import add_person, count_people
from relapp.storage import Database, open_database
from relapp.storage.backup import (
    backup_name,
    check_file,
    copy_database,
    parse_backup_name,
)
from relapp.storage.migrations import LATEST_VERSION
from relapp.storage.sqlite_errors import classify_error


def corrupt_middle(path: Path) -> None:
    """Overwrite pages in the middle of the file with garbage."""
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + 3 * page] = os.urandom(3 * page)
    path.write_bytes(bytes(data))


def filled(db: Database, n: int = 300) -> Database:
    for i in range(n):
        add_person(db, PersonDraft(display_name=f"Person {i}", notes="x" * 200))
    return db


def test_copy_is_a_sound_private_single_file_database(db: Database, tmp_path: Path) -> None:
    filled(db, 20)
    target = copy_database(db.connection(), tmp_path / "copy.sqlite3")
    assert check_file(target) == LATEST_VERSION
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 20
    conn.close()
    assert not list(tmp_path.glob(".copy.sqlite3.*"))


def test_a_damaged_file_fails_the_check(db: Database, tmp_path: Path) -> None:
    filled(db)
    target = copy_database(db.connection(), tmp_path / "copy.sqlite3")
    corrupt_middle(target)
    with pytest.raises(BackupInvalid, match="damaged") as info:
        check_file(target)
    assert info.value.path == target


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "not a SQLite"), (b"hello world" * 100, "not a SQLite")],
)
def test_files_that_are_not_databases_fail_the_check(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(content)
    with pytest.raises(BackupInvalid, match=reason):
        check_file(path)


def test_missing_file_and_foreign_database_fail_the_check(tmp_path: Path) -> None:
    with pytest.raises(BackupInvalid, match="no such file"):
        check_file(tmp_path / "nothing.sqlite3")
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupInvalid, match="not a Relapp database"):
        check_file(other)


def test_a_newer_schema_fails_the_check(db: Database, tmp_path: Path) -> None:
    target = copy_database(db.connection(), tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(target)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(BackupInvalid, match="newer"):
        check_file(target)


def test_backup_names_carry_kind_and_time() -> None:
    from datetime import UTC, datetime

    when = datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=UTC)
    name = backup_name("pre-import", when)
    assert parse_backup_name(name) == ("pre-import", when)
    assert parse_backup_name("notes.txt") is None
    assert parse_backup_name(".pre-import-x.sqlite3.tmp") is None
    assert parse_backup_name("daily-garbage.sqlite3") is None


def test_full_disk_gives_a_clear_error_and_keeps_what_was_stored(paths) -> None:
    db = open_database(paths.database, backups_dir=paths.backups)
    filled(db, 50)
    conn = db.connection()
    used = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {used + 2}")
    with pytest.raises((sqlite3.Error, pw.PeeweeException)) as info:
        for i in range(2000):
            add_person(db, PersonDraft(display_name=f"More {i}", notes="y" * 2000))
    error = classify_error(paths.database, info.value)
    assert isinstance(error, DiskFull)
    assert error.path == paths.database
    assert "disk is full" in error.message
    assert str(paths.database) in str(error)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert count_people(db) >= 50
    db.close()
    reopened = open_database(paths.database, backups_dir=paths.backups)
    assert count_people(reopened) >= 50
    names = {r[0] for r in reopened.connection().execute("SELECT display_name FROM person")}
    assert {f"Person {i}" for i in range(50)} <= names
    reopened.close()
