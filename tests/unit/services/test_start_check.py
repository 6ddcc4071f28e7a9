"""The start-up check reads the whole database only when there is something to find:
a file never checked, changed since a session that knew it sound closed it, or last
read whole more than a week ago (``services.start_check``). Real SQLite files."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import start_check
from relapp.services.people import add_person
from relapp.storage import open_database

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def closed_database(paths: AppPaths) -> Path:
    paths.ensure()
    db = open_database(paths.database)
    add_person(db, PersonDraft("Ada Lovelace"))
    db.close()
    return paths.database


def test_a_database_never_checked_is_checked(tmp_path: Path) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    assert start_check.check_needed(database, NOW)


def test_unchanged_since_a_sound_close_it_is_not_read_again(tmp_path: Path) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    start_check.note_sound_close(database, NOW - timedelta(days=1))
    assert not start_check.check_needed(database, NOW)
    assert start_check.last_full_check(database) == NOW - timedelta(days=1)


def test_a_write_after_the_sound_close_is_checked(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    database = closed_database(paths)
    start_check.note_sound_close(database, NOW)
    db = open_database(database)  # a command, say: relapp import
    add_person(db, PersonDraft("Grace Hopper"))
    db.close()
    assert start_check.check_needed(database, NOW)


def test_written_over_in_place_with_its_old_size_and_mtime_is_checked(tmp_path: Path) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    start_check.note_sound_close(database, NOW)
    before = os.stat(database)
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF  # another program's write, same size
    with open(database, "r+b") as handle:  # the same inode
        handle.write(data)
    os.utime(database, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back
    assert os.stat(database).st_size == before.st_size
    assert start_check.check_needed(database, NOW)


def test_a_log_left_with_content_is_checked(tmp_path: Path) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    start_check.note_sound_close(database, NOW)
    Path(f"{database}-wal").write_bytes(b"\0" * 32)  # a session that was killed
    assert start_check.check_needed(database, NOW)


def test_a_week_after_the_last_full_check_it_is_read_again(tmp_path: Path) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    start_check.note_sound_close(database, NOW - start_check.RECHECK_AFTER - timedelta(hours=1))
    assert start_check.check_needed(database, NOW)
    start_check.note_sound_close(database, NOW - start_check.RECHECK_AFTER + timedelta(hours=1))
    assert not start_check.check_needed(database, NOW)


def test_a_check_from_the_future_or_an_unreadable_note_counts_for_nothing(
    tmp_path: Path,
) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    start_check.note_sound_close(database, NOW + timedelta(days=1))  # the clock went back
    assert start_check.check_needed(database, NOW)
    start_check.note_path(database).write_text("{not json", encoding="utf-8")
    assert start_check.check_needed(database, NOW)
    assert start_check.last_full_check(database) is None


def test_forgetting_the_note_makes_the_next_start_check(tmp_path: Path) -> None:
    database = closed_database(AppPaths(tmp_path / "data"))
    start_check.note_sound_close(database, NOW)
    start_check.forget(database)
    assert start_check.check_needed(database, NOW)
    start_check.forget(database)  # twice: nothing there, no error
