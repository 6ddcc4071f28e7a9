"""Backups now, daily, before imports; rotation by kind; restoring with a check first."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.domain.errors import BackupInvalid
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import Database, open_database
from tests.unit.storage.test_backup import corrupt_middle

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add(db: Database, *names: str) -> None:
    for name in names:
        add_person(db, PersonDraft(display_name=name))


def test_backup_now_lands_in_a_private_backups_folder(db: Database, paths: AppPaths) -> None:
    add(db, "Ada")
    made = backups.backup_now(db)
    assert made.parent == paths.backups
    listed = backups.list_backups(paths.backups)
    assert [b.path for b in listed] == [made]
    assert listed[0].kind == backups.MANUAL and listed[0].size == made.stat().st_size
    if os.name == "posix":
        assert paths.backups.stat().st_mode & 0o777 == 0o700
        assert made.stat().st_mode & 0o777 == 0o600


def test_backup_to_a_chosen_file(db: Database, tmp_path: Path) -> None:
    add(db, "Ada")
    target = backups.backup_now(db, to=tmp_path / "mine.sqlite3")
    assert target == tmp_path / "mine.sqlite3"
    assert backups.check_backup(target) >= 1


def test_rotation_is_per_kind(db: Database, paths: AppPaths) -> None:
    for day in range(30):
        backups.backup_now(db, backups.DAILY, now=NOW - timedelta(days=day))
    restore_copy = backups.backup_now(db, backups.PRE_RESTORE, now=NOW - timedelta(days=40))
    daily = [b for b in backups.list_backups(paths.backups) if b.kind == backups.DAILY]
    assert 7 <= len(daily) <= 7 + 4 + 12
    assert len(daily) < 30
    assert restore_copy.exists()


def test_daily_backup_only_once_a_day(db: Database, paths: AppPaths) -> None:
    assert backups.daily_backup_if_due(db, NOW) is not None
    assert backups.daily_backup_if_due(db, NOW + timedelta(minutes=30)) is None
    assert backups.daily_backup_if_due(db, NOW + timedelta(days=1)) is not None
    assert len(backups.list_backups(paths.backups)) == 2


def test_restore_brings_back_the_backup_and_keeps_the_current_state(
    db: Database, paths: AppPaths
) -> None:
    add(db, "Ada", "Bo")
    saved = backups.backup_now(db)
    add(db, "Cy")
    db.close()
    result = backups.restore(paths.database, saved)
    assert result.previous is not None and result.damaged is None
    reopened = open_database(paths.database, backups_dir=paths.backups)
    assert count_people(reopened) == 2
    reopened.close()
    before = open_database(result.previous)
    assert count_people(before) == 3
    before.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    db: Database, paths: AppPaths, tmp_path: Path
) -> None:
    add(db, *(f"P{i}" for i in range(300)))
    bad = backups.backup_now(db, to=tmp_path / "bad.sqlite3")
    corrupt_middle(bad)
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = digest(paths.database)
    with pytest.raises(BackupInvalid):
        backups.restore(paths.database, bad)
    assert digest(paths.database) == before
    assert backups.list_backups(paths.backups) == []


def test_restore_over_a_damaged_database_sets_it_aside_untouched(
    db: Database, paths: AppPaths
) -> None:
    add(db, *(f"P{i}" for i in range(300)))
    good = backups.backup_now(db)
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    corrupt_middle(paths.database)
    damaged_digest = digest(paths.database)
    assert backups.newest_good_backup(paths.backups).path == good
    result = backups.restore(paths.database, good)
    assert result.damaged is not None and result.previous is None
    assert result.damaged.name.startswith("relapp.sqlite3.damaged-")
    assert digest(result.damaged) == damaged_digest
    reopened = open_database(paths.database, backups_dir=paths.backups)
    assert count_people(reopened) == 300
    reopened.close()


def test_newest_good_backup_skips_damaged_ones(db: Database, paths: AppPaths) -> None:
    add(db, *(f"P{i}" for i in range(300)))
    older = backups.backup_now(db, now=NOW - timedelta(days=1))
    newer = backups.backup_now(db, now=NOW)
    corrupt_middle(newer)
    assert backups.newest_good_backup(paths.backups).path == older
    assert backups.newest_good_backup(paths.backups / "none") is None
