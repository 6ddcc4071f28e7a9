"""One writer per data folder, and checks before trusting the file: real ``relapp``
processes beside each other, beside the window's lock, and on damaged files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.processes import (
    ROOT,
    cue,
    environment,
    finish,
    hold_the_window_lock,
    kept_before_restore,
    people,
    people_in_file,
    relapp,
    start,
    start_on_cue,
    wait_until,
    write_cards,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fcntl locks, SIGKILL")

MAKE_FOREIGN_WAL = """
import os, sys
from pathlib import Path
from relapp.domain.model import PersonDraft
from relapp.services.people import add_person
from relapp.storage import open_database
db = open_database(Path(sys.argv[1]) / "relapp.sqlite3")
db.connection().execute("PRAGMA wal_autocheckpoint = 0")
for i in range(36):
    add_person(db, PersonDraft(display_name=f"Stranger {i}"))
os._exit(0)  # no close: the WAL stays beside the file, as a crash or a sync tool leaves it
"""


def folder_with(tmp_path: Path, count: int, name: str = "data") -> Path:
    data = tmp_path / name
    done = relapp(data, "import", str(write_cards(tmp_path / f"{name}.vcf", count, "Known")))
    assert done.code == 0, done.err
    return data


def backups_in(data: Path) -> list[str]:
    folder = data / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_restore_while_an_import_runs_never_loses_the_import(tmp_path: Path) -> None:
    data = folder_with(tmp_path, 20)
    saved = tmp_path / "saved.sqlite3"
    assert relapp(data, "backup", "--to", str(saved)).code == 0
    big = write_cards(tmp_path / "big.vcf", 3000)
    restoring = start_on_cue(data, "restore", str(saved))
    earlier = len(backups_in(data))
    importing = start(data, "import", str(big))
    assert wait_until(lambda: len(backups_in(data)) > earlier, importing)  # its pre-import copy
    restored = cue(restoring)  # while the import writes
    imported = finish(importing)
    assert "Traceback" not in imported.err + restored.err
    assert imported.code == 0 and "Imported 3,000 people" in imported.out
    if restored.code == 0:  # only possible once the import is over: it kept the import
        before = kept_before_restore(restored)
        assert before is not None and len(people_in_file(before)) == 3020
    else:
        assert len(people(data)) == 3020
        assert restored.code == 3, restored
        assert f"another Relapp is using {data} (process {importing.pid})" in restored.err
        assert "Nothing was changed" in restored.err


def test_a_command_beside_the_window_is_refused_with_exit_code_3(tmp_path: Path) -> None:
    data = folder_with(tmp_path, 5)
    saved = tmp_path / "saved.sqlite3"
    assert relapp(data, "backup", "--to", str(saved)).code == 0
    window = hold_the_window_lock(data)
    try:
        cards = write_cards(tmp_path / "more.vcf", 3, "More")
        for words in (("import", str(cards)), ("restore", str(saved)), ("backup",)):
            done = relapp(data, *words)
            assert done.code == 3, (words, done)
            assert f"another Relapp is using {data} (process {window.pid})" in done.err
            assert "Traceback" not in done.err
        refused = relapp(data, "import", str(cards)).err
        assert f"hand the files to it: relapp {cards}" in refused
        assert len(people(data)) == 5
        assert backups_in(data) == [n for n in backups_in(data) if not n.startswith("manual")]
        exported = relapp(data, "export", "--vcard", str(tmp_path / "out.vcf"))
        assert exported.code == 0 and "Exported 5 people" in exported.out  # reading is fine
        copied = relapp(data, "backup", "--to", str(tmp_path / "copy.sqlite3"))
        assert copied.code == 0, copied  # so is a copy out of the folder
    finally:
        assert window.stdin is not None
        window.communicate("\n", timeout=10)
    assert relapp(data, "import", str(cards)).code == 0  # the window closed: free again
    assert len(people(data)) == 8


def test_a_zero_byte_database_is_damage_and_the_good_backup_stays(tmp_path: Path) -> None:
    data = folder_with(tmp_path, 12)
    assert relapp(data, "backup").code == 0
    (good,) = [n for n in backups_in(data) if n.startswith("manual")]
    (data / "relapp.sqlite3").write_bytes(b"")
    for words in (("backup",), ("import", str(write_cards(tmp_path / "x.vcf", 2, "X")))):
        done = relapp(data, *words)
        assert done.code == 4, (words, done)
        assert str(data / "relapp.sqlite3") in done.err
        assert "Traceback" not in done.err
    assert good in backups_in(data)
    conn = sqlite3.connect(data / "backups" / good)
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 12
    conn.close()
    assert (data / "relapp.sqlite3").stat().st_size == 0  # left as it was


def damage_one_page(database: Path) -> None:
    """Break the page of the (empty) interaction table: a vCard import never reads it,
    but ``PRAGMA quick_check`` finds it."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'interaction'"
    ).fetchone()
    conn.close()
    with database.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\x00" * 16)


def test_a_damaged_page_stops_writes_and_backups(tmp_path: Path) -> None:
    data = folder_with(tmp_path, 30)
    damage_one_page(data / "relapp.sqlite3")
    before = backups_in(data)
    for words in (("import", str(write_cards(tmp_path / "x.vcf", 2, "X"))), ("backup",)):
        done = relapp(data, *words)
        assert done.code == 4, (words, done)
        assert str(data / "relapp.sqlite3") in done.err and "damaged" in done.err
        assert "Traceback" not in done.err
    assert backups_in(data) == before  # no copy of the damaged file
    assert len(people(data)) == 30


def test_a_foreign_wal_is_refused_rather_than_exported(tmp_path: Path) -> None:
    data = folder_with(tmp_path, 150)
    other = tmp_path / "other"
    other.mkdir()
    made = subprocess.run(
        [sys.executable, "-c", MAKE_FOREIGN_WAL, str(other)], cwd=ROOT, env=environment()
    )
    assert made.returncode == 0
    assert (other / "relapp.sqlite3-wal").stat().st_size > 0
    shutil.copy(other / "relapp.sqlite3-wal", data / "relapp.sqlite3-wal")
    out = tmp_path / "out.vcf"
    for words in (
        ("export", "--vcard", str(out)),
        ("import", str(write_cards(tmp_path / "x.vcf", 1, "X"))),
    ):
        done = relapp(data, *words)
        assert done.code == 4, (words, done)
        assert str(data / "relapp.sqlite3-wal") in done.err
        assert "Traceback" not in done.err
    assert not out.exists()
    (data / "relapp.sqlite3-wal").unlink()  # set aside by hand: the file itself is intact
    (data / "relapp.sqlite3-shm").unlink(missing_ok=True)
    assert len(people(data)) == 150


def test_our_own_wal_left_by_a_crash_is_kept(tmp_path: Path) -> None:
    """A WAL that belongs to the file (a killed Relapp's) is recovery, not damage."""
    data = tmp_path / "data"
    data.mkdir()
    made = subprocess.run(
        [sys.executable, "-c", MAKE_FOREIGN_WAL, str(data)], cwd=ROOT, env=environment()
    )
    assert made.returncode == 0 and (data / "relapp.sqlite3-wal").stat().st_size > 0
    done = relapp(data, "export", "--vcard", str(tmp_path / "out.vcf"))
    assert done.code == 0, done
    assert "Exported 36 people" in done.out


def test_first_starts_at_once_make_one_database(tmp_path: Path) -> None:
    """Several commands on a new folder at once: one creates and upgrades the database,
    the others wait for it (``BEGIN IMMEDIATE``, the version read again) or are refused;
    never "table person already exists"."""
    for attempt in range(2):
        data = tmp_path / f"new{attempt}"
        cards = [write_cards(tmp_path / f"c{attempt}-{n}.vcf", 1, f"First{n}") for n in range(4)]
        started = [start(data, "import", str(card)) for card in cards]
        finished = list(map(finish, started))
        for done in finished:
            assert done.code in (0, 3), done  # imported, or refused: another had the folder
            assert "Traceback" not in done.err and "already exists" not in done.err
        assert len(people(data)) == sum(done.code == 0 for done in finished) >= 1
