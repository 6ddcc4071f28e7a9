"""Opening the database: pragmas, and clear refusals that never touch the file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from relapp.domain.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, DatabaseTooNew
from relapp.storage import open_database
from relapp.storage.migrations import LATEST_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_uses_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.sqlite3", busy_timeout=3.0)
    conn = db.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 3000
    assert db.schema_version == LATEST_VERSION
    db.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    open_database(path).close()
    assert path.stat().st_mode & 0o077 == 0


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    path.write_bytes(os.urandom(8192))
    before = digest(path)
    with pytest.raises(DatabaseCorrupt) as info:
        open_database(path)
    assert str(path) in str(info.value)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_truncated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    db = open_database(path)
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 50 + data[150:1500])
    before = digest(path)
    with pytest.raises((DatabaseCorrupt, DatabaseTooNew)):
        open_database(path)
    assert digest(path) == before


def test_other_programs_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseCorrupt, match="not made by Relapp"):
        open_database(path)
    assert digest(path) == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseTooNew) as info:
        open_database(path)
    assert info.value.found == LATEST_VERSION + 5
    assert "newer Relapp" in str(info.value)


def test_database_locked_by_another_process_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    open_database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked, match="another program"):
            open_database(path, busy_timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    open_database(path).close()
    path.chmod(0o400)
    with pytest.raises(DatabaseReadOnly):
        open_database(path)


def test_read_only_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.sqlite3"
    open_database(path).close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(DatabaseReadOnly, match="read-only"):
        open_database(path)


def test_folder_instead_of_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.sqlite3").mkdir()
    with pytest.raises(DatabaseCorrupt, match="folder"):
        open_database(tmp_path / "r.sqlite3")
