"""A ``-wal`` beside the database is applied only when it is the database's own."""

from __future__ import annotations

import shutil
import sqlite3
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


def test_a_torn_last_frame_left_by_a_kill_is_not_taken_for_another_database(
    tmp_path: Path,
) -> None:
    """SQLite writes a frame's header and its page in two writes; a process killed between
    them leaves page 1's header over whatever the file held there before (an older page
    of this database, or nothing). The frame's checksum fails, so SQLite stops before it
    and applies what was committed: the database is its own, and opens."""
    mine = database_with(tmp_path / "mine", "Ada")
    db = open_database(mine)
    db.connection().execute("PRAGMA wal_autocheckpoint = 0")
    add_person(db, PersonDraft(display_name="Bo"))
    wal = Path(f"{mine}-wal").read_bytes()
    db.close()
    header = wal[:32]
    page_size = int.from_bytes(header[8:12], "big")
    stale = bytearray(page_size)
    stale[68:72] = (123456789).to_bytes(4, "big")  # not this database's id
    torn = (1).to_bytes(4, "big") + (3).to_bytes(4, "big") + header[16:24] + bytes(8)
    Path(f"{mine}-wal").write_bytes(wal + torn + bytes(stale))
    assert foreign_wal(mine) is None
    again = open_database(mine)
    assert count_people(again) == 2
    again.close()


def test_frames_of_a_commit_cut_short_are_not_read(tmp_path: Path) -> None:
    """A process killed while it commits leaves the commit's first frames (page 1 among
    them) without the last, the commit frame: valid frames that SQLite ignores. Here that
    commit would have written another id into page 1; the WAL is still this database's."""
    original = database_with(tmp_path / "original", "Ada")
    db = open_database(original)
    db.connection().execute("PRAGMA wal_autocheckpoint = 0")
    add_person(db, PersonDraft(display_name="Bo"))
    committed = Path(f"{original}-wal").stat().st_size
    raw = sqlite3.connect(original, isolation_level=None)
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    raw.execute("BEGIN")
    raw.execute("PRAGMA application_id = 123456789")
    raw.execute("CREATE TABLE more (x BLOB)")
    raw.execute("COMMIT")
    (tmp_path / "mine").mkdir()
    mine = tmp_path / "mine" / "relapp.sqlite3"
    shutil.copy(original, mine)  # as a kill leaves it: nothing folded into the file
    wal = Path(f"{original}-wal").read_bytes()
    raw.close()
    db.close()
    frame = 24 + int.from_bytes(wal[8:12], "big")
    assert (len(wal) - committed) // frame >= 3  # page 1, the schema, the commit frame
    cut = wal[: len(wal) - frame]
    assert (123456789).to_bytes(4, "big") in cut[committed:]  # the page-1 frame is there
    Path(f"{mine}-wal").write_bytes(cut)
    assert foreign_wal(mine) is None
    again = open_database(mine)
    assert count_people(again) == 2
    again.close()
