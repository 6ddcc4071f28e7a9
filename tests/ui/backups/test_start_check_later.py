"""The start-up check of the database (``PRAGMA quick_check``: it reads the whole file,
700 MB at 100,000 people, 7 GB at a million) runs only when there is something to find
(``services.start_check``), well after the first paint, and at the lowest priority;
a session that knew the file sound notes it at its clean close. Real SQLite files,
the backups feature against a fake shell."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from relapp.paths import AppPaths
from relapp.services import backups, start_check
from relapp.storage import Database, open_database
from relapp.ui.backups.feature import DatabaseGuard, install
from relapp.ui.tasks import TaskRunner
from tests.ui.fake_shell import FakeShell


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each whole-file check run: the priority (nice value) of the thread it ran on."""
    ran: list[int] = []
    real = backups.check_database

    def check(path):
        if sys.platform.startswith("linux"):
            ran.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        else:
            ran.append(0)
        return real(path)

    monkeypatch.setattr(backups, "check_database", check)
    return ran


@pytest.fixture
def reopened(db: Database, paths: AppPaths) -> Iterator[Database]:
    """The test's database closed once cleanly by a session that knew it sound, then
    opened again as the next start does."""
    db.close()
    start_check.note_sound_close(paths.database, datetime.now(UTC))
    again = open_database(paths.database)
    yield again
    again.close()


def installed(qtbot, db: Database, paths: AppPaths, runner: TaskRunner):
    """The backups feature installed in a shell of its own on ``db``."""
    shell = FakeShell(db, paths, runner)
    qtbot.addWidget(shell.widget)
    return install(shell)


def test_a_database_unchanged_since_a_sound_close_is_not_read_again(
    qtbot, reopened: Database, paths: AppPaths, runner: TaskRunner, checks: list[int]
) -> None:
    feature = installed(qtbot, reopened, paths, runner)
    qtbot.waitUntil(lambda: feature.guard.last_problems is not None)
    qtbot.wait(50)
    assert checks == []
    assert feature.guard.last_problems == []


def test_the_check_starts_well_after_the_window_and_at_the_lowest_priority(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, checks: list[int], monkeypatch
) -> None:
    monkeypatch.setattr(DatabaseGuard, "START_CHECK_DELAY_MS", 60_000)
    guard = installed(qtbot, db, paths, runner).guard
    qtbot.wait(100)
    assert checks == [] and guard.last_problems is None  # not yet: a minute later
    assert guard.check_timer.isActive() and guard.check_timer.remainingTime() > 30_000
    guard.check_timer.stop()
    guard.start_check().join(30)
    qtbot.waitUntil(lambda: guard.last_problems is not None)
    assert guard.last_problems == []
    if sys.platform.startswith("linux"):
        assert checks == [19]


def test_a_session_that_found_the_file_sound_notes_it_at_its_clean_close(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, checks: list[int], monkeypatch
) -> None:
    monkeypatch.setattr(DatabaseGuard, "START_CHECK_DELAY_MS", 0)
    guard = installed(qtbot, db, paths, runner).guard
    qtbot.waitUntil(lambda: guard.last_problems is not None)
    assert len(checks) == 1 and guard.last_problems == []
    assert start_check.check_needed(paths.database)  # nothing noted while it is open
    db.close()
    guard.note_clean_close()
    assert not start_check.check_needed(paths.database)


def test_a_session_that_found_damage_notes_nothing_and_forgets_the_old_note(
    qtbot, reopened: Database, paths: AppPaths, runner: TaskRunner, monkeypatch
) -> None:
    monkeypatch.setattr(DatabaseGuard, "START_CHECK_DELAY_MS", 0)
    monkeypatch.setattr(start_check, "check_needed", lambda path, now=None: True)
    monkeypatch.setattr(backups, "check_database", lambda path: ["page 7: damaged"])
    offered: list[str] = []
    monkeypatch.setattr(
        "relapp.ui.backups.feature.restore_damaged",
        lambda parent, path, problem, close: offered.append(problem),
    )
    guard = installed(qtbot, reopened, paths, runner).guard
    qtbot.waitUntil(lambda: guard.last_problems is not None)
    assert offered == ["page 7: damaged"]
    assert start_check.read_note(paths.database) is None
    reopened.close()
    guard.note_clean_close()
    assert start_check.read_note(paths.database) is None


def test_a_file_replaced_during_the_session_is_not_noted_as_sound(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, checks: list[int], monkeypatch
) -> None:
    monkeypatch.setattr(DatabaseGuard, "START_CHECK_DELAY_MS", 0)
    guard = installed(qtbot, db, paths, runner).guard
    qtbot.waitUntil(lambda: guard.last_problems == [])
    saved = backups.backup_now(db)
    db.close()
    os.replace(saved, paths.database)  # what a restore does: another file in its place
    guard.note_clean_close()
    assert start_check.check_needed(paths.database)


def test_a_clean_close_leaves_every_commit_in_the_file_itself(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, tmp_path, monkeypatch
) -> None:
    """A session that had not read the file whole yet (so it notes nothing) still folds
    its write-ahead log into the file as it closes cleanly: the worker's connection,
    still open, kept SQLite from doing it, and a copy of ``relapp.sqlite3`` alone made
    after Relapp had quit (to another machine, by hand) missed the session's last
    commits (seen: 16 KB of log left after File ▸ Quit)."""
    import shutil
    import sqlite3

    from relapp.domain.model import PersonDraft
    from relapp.services import people

    monkeypatch.setattr(DatabaseGuard, "START_CHECK_DELAY_MS", 60_000)
    guard = installed(qtbot, db, paths, runner).guard
    people.add_person(db, PersonDraft("Ada Lovelace"))  # on this thread's connection
    done: list[object] = []
    runner.submit(  # and on the worker's, which stays open
        lambda: people.add_person(db, PersonDraft("Grace Hopper")), done.append, done.append
    )
    qtbot.waitUntil(lambda: bool(done))
    db.close()
    guard.note_clean_close()
    alone = tmp_path / "copied-alone.sqlite3"
    shutil.copyfile(paths.database, alone)  # the file only, not its -wal
    conn = sqlite3.connect(alone)
    try:
        names = {row[0] for row in conn.execute("SELECT display_name FROM person")}
    finally:
        conn.close()
    assert {"Ada Lovelace", "Grace Hopper"} <= names
