"""One writer per data folder, by construction: a database opened beside the folder's
lock holder (a reading command while the window runs) refuses to open a write
transaction, so nothing it calls can write there."""

from __future__ import annotations

import sqlite3

import pytest

from relapp.cli.folder import open_db
from relapp.domain.errors import FolderBusy
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database
from relapp.storage.database import open_database
from relapp.storage.folder_lock import FolderLock


def test_the_lock_holder_writes(db: Database) -> None:
    assert db.writer
    assert people.add_person(db, PersonDraft("Ada")).display_name == "Ada"


def test_a_database_opened_beside_the_writer_refuses_every_write(
    db: Database, paths: AppPaths
) -> None:
    people.add_person(db, PersonDraft("Ada"))
    beside = open_database(paths.database, exclusive=False)
    try:
        assert not beside.writer
        assert people.count_people(beside) == 1  # reading beside the writer is fine
        with pytest.raises(FolderBusy) as refused:
            people.add_person(beside, PersonDraft("Grace"))
        assert str(paths.data_dir) in str(refused.value)
        with pytest.raises(FolderBusy), beside.atomic():
            beside.connection().execute("DELETE FROM person")
    finally:
        beside.close()
    count = sqlite3.connect(paths.database).execute("SELECT count(*) FROM person").fetchone()
    assert count == (1,)


def test_a_reading_command_beside_the_holder_cannot_write(paths: AppPaths, db: Database) -> None:
    window = FolderLock(paths.data_dir)
    assert window.acquire()  # the window holds the folder
    try:
        with open_db(paths, writes=False) as reader:
            assert people.count_people(reader) == 0
            with pytest.raises(FolderBusy):
                people.add_person(reader, PersonDraft("Grace"))
    finally:
        window.release()
    with open_db(paths, writes=False) as alone:  # the folder is free: it is the writer
        assert alone.writer
