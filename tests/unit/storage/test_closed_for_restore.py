"""While a restore replaces the database file, the ``Database`` refuses to connect
(``Database.closed_for``): a late timer's read raises instead of opening the file
again (SQLite would make a new empty file where the database was)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from relapp.domain.errors import DatabaseLocked
from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import open_database


def test_a_closed_database_refuses_to_connect_until_the_restore_ends(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    db = open_database(path)
    people.add_person(db, PersonDraft("Ada"))  # peewee's handle exists
    db.close()
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with db.closed_for("a restore"):
        with pytest.raises(DatabaseLocked, match="a restore"):
            people.count_people(db)
        with pytest.raises(DatabaseLocked):
            db.connection()
        failed: list[BaseException] = []

        def other_thread() -> None:
            try:
                people.add_person(db, PersonDraft("Bo"))
            except BaseException as exc:
                failed.append(exc)

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join(5)
        assert failed and isinstance(failed[0], DatabaseLocked)
        assert not db.is_open
        assert not path.exists()  # nothing made a new file where the database was
    assert not path.exists()


def test_a_connection_left_open_on_another_thread_is_refused_too(tmp_path: Path) -> None:
    db = open_database(tmp_path / "relapp.sqlite3")
    people.add_person(db, PersonDraft("Ada"))
    opened = threading.Event()
    go = threading.Event()
    outcome: list[object] = []

    def reader() -> None:
        people.count_people(db)  # this thread keeps its connection
        opened.set()
        go.wait(5)
        try:
            outcome.append(people.count_people(db))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    assert opened.wait(5)
    db.close()
    with db.closed_for("a restore"):
        go.set()
        thread.join(5)
    assert isinstance(outcome[0], DatabaseLocked)
    assert people.count_people(db) == 1  # open again once the restore is over
    db.close()
