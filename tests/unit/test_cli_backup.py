"""``relapp backup [--to FILE]`` and ``relapp restore FILE``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from relapp import cli
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person, count_people
from relapp.storage import open_database
from relapp.storage.folder_lock import FolderLock


def people_in(paths: AppPaths) -> int:
    db = open_database(paths.database, backups_dir=paths.backups)
    try:
        return count_people(db)
    finally:
        db.close()


def add(paths: AppPaths, *names: str) -> None:
    db = open_database(paths.database, backups_dir=paths.backups)
    for name in names:
        add_person(db, PersonDraft(display_name=name))
    db.close()


def run(paths: AppPaths, *words: str) -> int:
    return cli.main([*words, "--data-dir", str(paths.data_dir)])


def test_backup_into_the_backups_folder_and_to_a_file(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(paths, "Ada")
    assert run(paths, "backup") == 0
    assert "Backed up to" in capsys.readouterr().out
    assert [b.kind for b in backups.list_backups(paths.backups)] == [backups.MANUAL]
    target = tmp_path / "elsewhere.sqlite3"
    assert run(paths, "backup", "--to", str(target)) == 0
    assert backups.check_backup(target) >= 1


def test_restore_checks_the_file_and_keeps_the_current_state(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(paths, "Ada")
    target = tmp_path / "one.sqlite3"
    assert run(paths, "backup", "--to", str(target)) == 0
    add(paths, "Bo", "Cy")
    assert run(paths, "restore", str(target)) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "what was there before" in out
    assert people_in(paths) == 1
    previous = [b for b in backups.list_backups(paths.backups) if b.kind == backups.PRE_RESTORE]
    assert len(previous) == 1


def test_restore_of_a_bad_file_changes_nothing(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(paths, "Ada", "Bo")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"<html>not a backup</html>")
    assert run(paths, "restore", str(bad)) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert people_in(paths) == 2


def test_restore_refuses_while_relapp_runs_on_the_folder(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(paths, "Ada")
    target = tmp_path / "one.sqlite3"
    run(paths, "backup", "--to", str(target))
    with FolderLock(paths.data_dir):  # as the open window holds it (exit code 3 now)
        assert run(paths, "restore", str(target)) == 3
    err = capsys.readouterr().err
    assert f"another Relapp is using {paths.data_dir} (process {os.getpid()})" in err
    assert "Nothing was changed" in err
    assert run(paths, "restore", str(target)) == 0  # released: free again
