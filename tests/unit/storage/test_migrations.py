"""Migrations run in order, keep data, and copy the database first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relapp.domain.errors import DatabaseMigrationFailed
from relapp.services import people
from relapp.storage import open_database
from relapp.storage.migrations import LATEST_VERSION, MIGRATIONS, m0001_core


def make_version_1(path: Path) -> None:
    """A database as the first Relapp wrote it: schema 1, with a person and a call."""
    conn = sqlite3.connect(path)
    m0001_core.apply(conn)
    conn.execute(
        "INSERT INTO person (id, display_name, sort_name, organisation, notes, created_at,"
        " updated_at) VALUES (1, 'Carol Roth', 'carol roth', 'Acme', 'loves jazz', 0, 0)"
    )
    conn.execute(
        "INSERT INTO contact_point (person_id, kind, label, value, key)"
        " VALUES (1, 'phone', 'mobile', '+1 972 529 1234', '+19725291234')"
    )
    conn.execute(
        "INSERT INTO interaction (id, occurred_at, channel, direction, created_at)"
        " VALUES (1, 1700000000, 'call', 'both', 0)"
    )
    conn.execute(
        "INSERT INTO interaction_person (interaction_id, person_id, occurred_at)"
        " VALUES (1, 1, 1700000000)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_migrations_are_numbered_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


def test_version_1_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    make_version_1(path)
    db = open_database(path, backups_dir=tmp_path / "backups")
    assert db.schema_version == LATEST_VERSION
    row = people.person_rows(db, [1])[1]
    assert row.display_name == "Carol Roth"
    assert row.last_contact_at is not None and row.last_contact_at.timestamp() == 1700000000
    # The new search index was filled from the old rows.
    assert people.list_people(db, "jazz") == [1]
    assert people.list_people(db, "972 529") == [1]
    db.close()


def test_a_copy_is_taken_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    make_version_1(path)
    open_database(path, backups_dir=tmp_path / "backups").close()
    copies = list((tmp_path / "backups").glob("pre-migration-v1-*.sqlite3"))
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT display_name FROM person").fetchall() == [("Carol Roth",)]
    conn.close()


def test_a_new_database_needs_no_backup(tmp_path: Path) -> None:
    open_database(tmp_path / "relapp.sqlite3", backups_dir=tmp_path / "backups").close()
    assert not (tmp_path / "backups").exists()


def test_failed_migration_leaves_the_old_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "relapp.sqlite3"
    make_version_1(path)
    from relapp.storage import migrations

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE person ADD COLUMN half_done INTEGER")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    failing = migrations.Migration(2, "broken", broken)
    monkeypatch.setattr(migrations, "pending", lambda current, target=2: [failing])
    with pytest.raises(DatabaseMigrationFailed, match="version 2") as info:
        open_database(path, backups_dir=tmp_path / "backups")
    assert "pre-migration-v1" in str(info.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(person)")]
    assert "half_done" not in columns
    conn.close()


def test_version_7_leaves_introductions_out_of_last_contact(tmp_path: Path) -> None:
    """A database where an introduction (recorded before version 7) set "last talked"."""
    path = tmp_path / "relapp.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:6]:
        migration.apply(conn)
    conn.execute(
        "INSERT INTO person (id, display_name, sort_name, created_at, updated_at,"
        " last_contact_at) VALUES (1, 'Dan', 'dan', 0, 0, 1800000000)"
    )
    rows = [(1, 1700000000, "ordinary"), (2, 1800000000, "introduction")]
    for iid, at, kind in rows:
        conn.execute(
            "INSERT INTO interaction (id, occurred_at, channel, direction, kind, created_at)"
            " VALUES (?, ?, 'meeting', 'both', ?, 0)",
            (iid, at, kind),
        )
        conn.execute(
            "INSERT INTO interaction_person (interaction_id, person_id, occurred_at)"
            " VALUES (?, 1, ?)",
            (iid, at),
        )
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    db = open_database(path, backups_dir=tmp_path / "backups")
    last = people.person_rows(db, [1])[1].last_contact_at
    assert last is not None and last.timestamp() == 1700000000
    db.close()


def test_the_text_search_migration_indexes_the_text_written_before_it(tmp_path: Path) -> None:
    """Interactions, promises and introductions stored before the text search: the
    migration builds their index, and the triggers keep it from then on."""
    from relapp.services.search import search_text
    from relapp.storage.migrations import m0010_text_search

    path = tmp_path / "relapp.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[: m0010_text_search.VERSION - 1]:
        migration.apply(conn)
    for pid, name in ((1, "Carol Roth"), (2, "Dan Whit")):
        conn.execute(
            "INSERT INTO person (id, display_name, sort_name, created_at, updated_at)"
            " VALUES (?, ?, ?, 0, 0)",
            (pid, name, name.lower()),
        )
    conn.execute(
        "INSERT INTO interaction (id, occurred_at, channel, direction, summary, notes,"
        " created_at) VALUES (1, 1700000000, 'email', 'both', 'Plans', 'gardening club', 0)"
    )
    conn.execute(
        "INSERT INTO interaction_person (interaction_id, person_id, occurred_at)"
        " VALUES (1, 1, 1700000000)"
    )
    conn.execute(
        "INSERT INTO promise (id, person_id, promiser, what, due_at, created_at)"
        " VALUES (1, 1, 'me', 'send the seed catalogue', 1700000000, 0)"
    )
    conn.execute(
        "INSERT INTO introduction (id, introducer_id, person_a_id, person_b_id, context,"
        " created_at) VALUES (1, NULL, 1, 2, 'at the allotment', 0)"
    )
    conn.execute(f"PRAGMA user_version = {m0010_text_search.VERSION - 1}")
    conn.commit()
    conn.close()
    db = open_database(path, backups_dir=tmp_path / "backups")
    assert db.schema_version == LATEST_VERSION
    for word, kind in (
        ("garden", "interaction"),
        ("catalog", "promise"),
        ("allot", "introduction"),
    ):
        hits = search_text(db, word).hits
        assert [(h.match.kind.value, h.person_id) for h in hits] == [(kind, 1)], word
    with db.atomic():
        db.connection().execute("UPDATE interaction SET notes = 'chess club' WHERE id = 1")
    assert search_text(db, "garden").hits == () and len(search_text(db, "chess").hits) == 1
    db.close()


def test_the_grown_count_of_captures_made_before_is_filled_in(tmp_path: Path) -> None:
    """Captures made before ``import_batch.grown``: their count comes from the entries
    they grew (``captured_growth``), so File ▸ Imports… can say it."""
    from relapp.services import importing
    from relapp.storage.migrations import m0014_capture_rest

    path = tmp_path / "relapp.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[: m0014_capture_rest.VERSION - 1]:
        migration.apply(conn)
    for bid in (1, 2):
        conn.execute(
            "INSERT INTO import_batch (id, file_name, checksum, imported_at, created, merged,"
            " skipped, errors, interactions) VALUES (?, 'All mail', '', 0, 0, 0, 0, 0, ?)",
            (bid, 2 - bid),
        )
    for iid in (1, 2):
        conn.execute(
            "INSERT INTO interaction (id, occurred_at, channel, direction, created_at)"
            " VALUES (?, 1700000000, 'email', 'both', 0)",
            (iid,),
        )
        conn.execute(
            "INSERT INTO captured_growth (batch_id, interaction_id, before, growth)"
            " VALUES (2, ?, '{}', '{}')",
            (iid,),
        )
    conn.execute(f"PRAGMA user_version = {m0014_capture_rest.VERSION - 1}")
    conn.commit()
    conn.close()
    db = open_database(path, backups_dir=tmp_path / "backups")
    assert [(b.id, b.interactions, b.grown) for b in importing.list_batches(db)] == [
        (2, 0, 2),
        (1, 1, 0),
    ]
    db.close()


def test_the_migrations_are_found_in_their_folder_as_pkgutil_lists_them() -> None:
    import pkgutil

    from relapp.storage import migrations

    listed = [info.name for info in pkgutil.iter_modules(migrations.__path__)]
    assert migrations._names() == tuple(sorted(n for n in listed if migrations._NAME.fullmatch(n)))
    assert migrations._names()[-1].startswith(f"m{LATEST_VERSION:04d}_")


def test_migrations_in_an_archive_are_listed_through_pkgutil(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle keeps its modules in an archive, not a folder (zipimport here)."""
    import sys
    import zipfile

    from relapp.storage import migrations

    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("__init__.py", "m0001_first.py", "m0002_second.py", "helper.py"):
            bundle.writestr(f"packed/{name}", "")
    monkeypatch.syspath_prepend(str(archive))
    import packed  # type: ignore[import-not-found]

    try:
        monkeypatch.setattr(migrations, "__path__", packed.__path__)
        assert migrations._names() == ("m0001_first", "m0002_second")
    finally:
        sys.modules.pop("packed", None)
