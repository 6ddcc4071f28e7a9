"""A backup is verified before it may push an older one out, and the newest good backup
is never rotated out."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.domain.errors import BackupInvalid
from relapp.domain.model import PersonDraft
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import Database, open_database
from relapp.storage.backup import backup_name

MORNING = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
LATER = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_damaged_newer_backup_does_not_push_out_the_good_one(db: Database) -> None:
    add_person(db, PersonDraft(display_name="Ada"))
    good = backups.backup_now(db, backups.DAILY, now=MORNING)
    broken = good.with_name(backup_name(backups.DAILY, LATER))
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a damaged copy
    backups.rotate(good.parent, backups.DAILY)
    assert good.exists()  # the newest good backup stays


def test_a_copy_of_a_damaged_database_is_refused_and_nothing_is_rotated(db: Database) -> None:
    for name in ("Ada", "Bo", "Cy"):
        add_person(db, PersonDraft(display_name=name))
    good = backups.backup_now(db, backups.MANUAL, now=MORNING)
    conn = db.connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'interaction'"
    ).fetchone()
    db.close()
    with db.path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\x00" * 16)
    damaged = open_database(db.path)
    try:
        with pytest.raises(BackupInvalid, match="damaged"):
            backups.backup_now(damaged, backups.MANUAL, now=LATER)
    finally:
        damaged.close()
    assert names(good.parent) == {good.name}  # the good one stays, no damaged copy beside it


def test_a_verified_backup_holds_the_same_people_and_interactions(db: Database) -> None:
    for name in ("Ada", "Bo"):
        add_person(db, PersonDraft(display_name=name))
    made = backups.backup_now(db, backups.MANUAL, now=MORNING)
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 2
    conn.close()


def test_restore_over_a_foreign_wal_sets_both_aside_and_copies_no_mix(
    db: Database, tmp_path: Path
) -> None:
    for name in ("Ada", "Bo"):
        add_person(db, PersonDraft(display_name=name))
    good = backups.backup_now(db, backups.MANUAL, now=MORNING)
    db.close()
    (tmp_path / "other").mkdir()
    other = open_database(tmp_path / "other" / "relapp.sqlite3")
    other.connection().execute("PRAGMA wal_autocheckpoint = 0")
    add_person(other, PersonDraft(display_name="Stranger"))
    wal = Path(f"{db.path}-wal")
    shutil.copy(f"{other.path}-wal", wal)
    other.close()
    result = backups.restore(db.path, good)
    assert result.previous is None  # no "backup" of the two databases mixed
    assert result.damaged is not None
    assert Path(f"{result.damaged}-wal").exists()  # the stray WAL kept beside its file
    restored = open_database(db.path)
    assert count_people(restored) == 2
    restored.close()
