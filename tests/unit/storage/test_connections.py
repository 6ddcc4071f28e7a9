"""A Database reads on plain sqlite3 connections until its first transaction makes
peewee's handle, which takes over each thread's open connection (``connections.py``):
start-up's reads do not need peewee, and a thread keeps one connection throughout."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import open_database

ROOT = Path(__file__).resolve().parents[3]


def test_reads_before_a_transaction_keep_their_connection_when_peewee_comes(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "relapp.sqlite3")
    plain = db.connection()
    assert db.is_open
    assert plain.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    ada = people.add_person(db, PersonDraft("Ada Lovelace"))  # the first transaction

    assert db.connection() is plain  # peewee took over this thread's connection
    assert db.peewee.transaction_depth() == 0
    assert people.list_people(db) == [ada.id]
    db.close()
    assert not db.is_open


def test_each_thread_has_its_own_connection_before_and_after_peewee(tmp_path: Path) -> None:
    db = open_database(tmp_path / "relapp.sqlite3")
    mine = db.connection()
    seen: dict[str, object] = {}

    def worker() -> None:
        before = db.connection()  # plain, this thread's
        seen["differs"] = before is not mine
        seen["count"] = people.count_people(db)
        with db.atomic():  # peewee made here, in the worker
            pass
        seen["kept"] = db.connection() is before
        db.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()

    assert seen == {"differs": True, "count": 0, "kept": True}
    assert db.connection() is mine  # the opening thread's connection, taken over too
    people.add_person(db, PersonDraft("Grace Hopper"))
    assert people.count_people(db) == 1
    db.close()


def test_opening_and_reading_a_current_database_imports_no_peewee_nor_migration(
    tmp_path: Path,
) -> None:
    path = tmp_path / "relapp.sqlite3"
    db = open_database(path)
    people.add_person(db, PersonDraft("Alan Turing"))
    db.close()
    probe = (
        "import sys\n"
        "from relapp.storage import open_database\n"
        "from relapp.services import people\n"
        f"db = open_database({str(path)!r})\n"
        "print(people.count_people(db), len(people.list_people(db)))\n"
        "loaded = [m for m in sys.modules if m == 'peewee' or '.migrations.m0' in m]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["1 1", "[]"]
