"""A backup is a complete, verified copy without the database's free pages: the pages
on the freelist's leaves hold nothing (SQLite never reads them before writing them
again), so the copy leaves them as holes of zeros instead of copying them (m0018 left
73 MB of the full-size database's 770 free). The copy's check reads it through a memory
map (no read call per page). Real SQLite files."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from relapp.domain.model import PersonDraft
from relapp.storage import Database, bulk, open_database
from relapp.storage import backup as storage_backup
from relapp.storage.backup import copy_verified
from relapp.storage.page_copy import SKIP_RUN

PAGE = 4096


def fill_and_free(db: Database) -> int:
    """Many people with long notes, most of them deleted again: free pages in the file
    (the WAL folded in). How many are free."""
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"P {i}", notes="x" * 3000) for i in range(600)])
    with db.atomic():
        db.connection().execute("DELETE FROM person WHERE id > 50")
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return int(db.connection().execute("PRAGMA freelist_count").fetchone()[0])


def rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT id, display_name, notes FROM person ORDER BY id").fetchall()


def test_a_backup_leaves_the_free_pages_out_and_is_whole(db: Database, tmp_path: Path) -> None:
    free = fill_and_free(db)
    assert free > 300
    made = copy_verified(db.connection(), tmp_path / "copy.sqlite3")
    size = made.stat().st_size
    assert size == db.path.stat().st_size  # every page where it was
    # The free pages not written: all but runs shorter than SKIP_RUN (how the freed
    # pages lie depends on what wrote them; here at most two short runs stay).
    assert made.stat().st_blocks * 512 <= size - (free - 2 * SKIP_RUN) * PAGE
    assert rows(made) == rows(db.path)  # everything stored is there
    with closing(sqlite3.connect(made)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == free


def test_a_backup_without_its_free_pages_restores_and_takes_new_writes(
    db: Database, tmp_path: Path
) -> None:
    fill_and_free(db)
    made = copy_verified(db.connection(), tmp_path / "copy.sqlite3")
    restored = tmp_path / "restored" / "relapp.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(made, restored)
    again = open_database(restored)
    try:
        with again.atomic():  # the free pages (zeros in the copy) are taken again
            bulk.insert_people(again, [PersonDraft(f"N {i}", notes="y" * 3000) for i in range(400)])
        conn = again.connection()
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 450
    finally:
        again.close()


def test_the_copys_check_maps_no_more_than_a_little_of_it(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A mapped file's pages count in the process's resident memory: with the whole copy
    # mapped for its check, a capture into the full-size database peaked at 761-789 MB
    # resident (bench.capture_import; budget 250 MB).
    monkeypatch.setattr(storage_backup, "CHECK_MAP_BYTES", 64 * 1024, raising=False)
    fill_and_free(db)
    mapped: list[int] = []
    real = storage_backup.quick_check

    def spied(conn: sqlite3.Connection) -> list[str]:
        mapped.append(int(conn.execute("PRAGMA mmap_size").fetchone()[0]))
        return real(conn)

    monkeypatch.setattr(storage_backup, "quick_check", spied)
    made = copy_verified(db.connection(), tmp_path / "copy.sqlite3")
    assert made.stat().st_size > 1024 * 1024
    assert len(mapped) == 1 and mapped[0] <= 64 * 1024
