"""A ``-wal`` beside the database is applied only when it is the database's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relapp.domain.errors import DatabaseCorrupt
from relapp.domain.model import PersonDraft
from relapp.services.people import add_person, count_people, update_person
from relapp.storage import open_database
from relapp.storage.wal_check import foreign_wal


def database_with(folder: Path, *names: str) -> Path:
    folder.mkdir()
    db = open_database(folder / "relapp.sqlite3")
    for name in names:
        add_person(db, PersonDraft(display_name=name))
    db.close()
    return folder / "relapp.sqlite3"


def test_a_wal_of_another_database_that_only_edited_a_row_is_refused(tmp_path: Path) -> None:
    """The hard case: the other database's WAL holds no new page, only an edit."""
    mine = database_with(tmp_path / "mine", "Ada", "Bo")
    theirs = database_with(tmp_path / "theirs", "Cy", "Di")
    other = open_database(theirs)
    other.connection().execute("PRAGMA wal_autocheckpoint = 0")
    update_person(other, 1, PersonDraft(display_name="Cyrus"))
    shutil.copy(f"{theirs}-wal", f"{mine}-wal")
    other.close()
    assert foreign_wal(mine) == Path(f"{mine}-wal")
    with pytest.raises(DatabaseCorrupt, match="belongs to another database"):
        open_database(mine)
    Path(f"{mine}-wal").unlink()
    db = open_database(mine)
    assert count_people(db) == 2
    db.close()


def test_its_own_wal_is_kept(tmp_path: Path) -> None:
    mine = database_with(tmp_path / "mine", "Ada")
    db = open_database(mine)
    db.connection().execute("PRAGMA wal_autocheckpoint = 0")
    add_person(db, PersonDraft(display_name="Bo"))
    shutil.copy(f"{mine}-wal", tmp_path / "kept-wal")
    db.close()  # the last close checkpoints and deletes the WAL; put it back, as a crash would
    shutil.copy(tmp_path / "kept-wal", f"{mine}-wal")
    assert foreign_wal(mine) is None
    again = open_database(mine)
    assert count_people(again) == 2
    again.close()
