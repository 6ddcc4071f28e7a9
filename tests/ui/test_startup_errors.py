"""The window's start-up when the database cannot be used: a clear message box that
names the cause (locked by another program, a full disk), no "unexpected error", no
restore offered for a healthy database, and an exit code (issue 12, items 6 and 7).

The window runs in a process of its own (``tests.process_helpers.window``), which prints
every message box it shows and closes it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.process_helpers import (
    cards,
    fill,
    people_in,
    relapp,
    tiny_disk_fixture,  # noqa: F401 (the fixture tiny_disk)
    window,
)


def filled_folder(data: Path, tmp_path: Path) -> None:
    (tmp_path / "people.vcf").write_bytes(cards(3))
    assert relapp("--data-dir", data, "import", tmp_path / "people.vcf").returncode == 0
    assert relapp("--data-dir", data, "backup").returncode == 0  # a good backup to offer


def boxes(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("BOX:", "BUTTONS:"))]


def test_a_database_locked_by_another_program_is_named_at_start_up(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    filled_folder(data, tmp_path)
    holder = sqlite3.connect(data / "relapp.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO app_state (key, value) VALUES ('held', '1')")
    try:
        shown = window("--data-dir", data)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "Traceback" not in shown.stderr, shown.stderr
    said = boxes(shown.stdout)
    assert said and "locked" in said[0] and "another program" in said[0], shown.stdout
    assert not any("unexpected error" in line for line in said)
    assert "WINDOW SHOWN" not in shown.stdout
    assert shown.returncode == 3
    assert people_in(data / "relapp.sqlite3") == 3


def test_a_full_disk_at_start_up_says_so_and_offers_no_restore(
    tiny_disk: Path, tmp_path: Path
) -> None:
    data = tiny_disk / "data"
    data.mkdir()
    filled_folder(data, tmp_path)
    before = (data / "relapp.sqlite3").read_bytes()
    fill(tiny_disk)
    shown = window("--data-dir", data)
    assert "Traceback" not in shown.stderr, shown.stderr
    said = boxes(shown.stdout)
    assert said, shown.stdout + shown.stderr
    assert "The disk is full" in said[0] and "damage" not in said[0], said
    assert not any("Restore" in line for line in said), said
    assert shown.returncode == 1
    assert sorted(p.name for p in data.iterdir() if "damaged" in p.name) == []
    (tiny_disk / "filler").unlink()
    assert (data / "relapp.sqlite3").read_bytes() == before
    assert people_in(data / "relapp.sqlite3") == 3


def test_the_window_makes_a_new_data_folder_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    shown = window("--data-dir", data)
    assert "WINDOW SHOWN" in shown.stdout, shown.stdout + shown.stderr
    assert f"a new data folder was made at {data}" in shown.stderr
    assert shown.returncode == 0
    assert (data / "relapp.sqlite3").is_file()
