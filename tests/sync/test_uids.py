"""Every person, interaction, promise and introduction has a stable uid (migration
m0008), existing rows included; vCard and JSON exports carry them, and imports keep
them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from relapp.demo.build import build_demo
from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.services.exporting import export_vcards
from relapp.services.importing import apply_import, plan_import
from relapp.services.json_file.format import export_json, import_json
from relapp.storage import Database, open_database
from relapp.storage.migrations import LATEST_VERSION, MIGRATIONS
from relapp.storage.migrations.m0009_uids import TABLES

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def uids(db: Database, table: str) -> list[str | None]:
    return [r[0] for r in db.connection().execute(f"SELECT uid FROM {table} ORDER BY id")]


def test_existing_rows_get_a_uid_when_the_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    conn = sqlite3.connect(path)
    before = [m for m in MIGRATIONS if m.version < 8]
    for migration in before:
        migration.apply(conn)
    for pid in (1, 2):
        conn.execute(
            "INSERT INTO person (id, display_name, sort_name, created_at, updated_at)"
            " VALUES (?, 'P', 'p', 0, 0)",
            (pid,),
        )
    conn.execute(
        "INSERT INTO interaction (id, occurred_at, channel, direction, created_at)"
        " VALUES (1, 1, 'call', 'both', 0)"
    )
    conn.execute(
        "INSERT INTO promise (id, person_id, promiser, what, due_at, created_at)"
        " VALUES (1, 1, 'me', 'x', 5, 0)"
    )
    conn.execute(
        "INSERT INTO introduction (id, person_a_id, person_b_id, created_at) VALUES (1, 1, 2, 0)"
    )
    conn.execute(f"PRAGMA user_version = {before[-1].version}")
    conn.commit()
    conn.close()
    db = open_database(path, backups_dir=tmp_path / "backups")
    assert db.schema_version == LATEST_VERSION
    for table in TABLES:
        found = uids(db, table)
        assert found and all(u is not None and UUID4.fullmatch(u) for u in found), table
    assert len(set(uids(db, "person"))) == 2
    db.close()


def test_every_insert_path_gives_a_new_row_a_uid(db: Database) -> None:
    build_demo(db)  # people, interactions, promises, introductions through the services
    for table in TABLES:
        found = uids(db, table)
        assert found, table
        assert all(u is not None and UUID4.fullmatch(u) for u in found), table
        assert len(set(found)) == len(found), table


def test_two_records_cannot_share_a_uid(db: Database) -> None:
    a = people.add_person(db, PersonDraft("Ada"))
    b = people.add_person(db, PersonDraft("Bea"))
    conn = db.connection()
    (uid,) = conn.execute("SELECT uid FROM person WHERE id = ?", (a.id,)).fetchone()
    try:
        with db.atomic():
            conn.execute("UPDATE person SET uid = ? WHERE id = ?", (uid, b.id))
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a second person took the uid")


def test_a_vcard_export_carries_the_uid_and_an_import_keeps_it(tmp_path: Path) -> None:
    first = open_database(tmp_path / "a.sqlite3", backups_dir=tmp_path / "ba")
    ada = people.add_person(first, PersonDraft("Ada Lovelace", notes="math"))
    (uid,) = uids(first, "person")
    card = tmp_path / "ada.vcf"
    export_vcards(first, card, version="3.0")
    assert f"\r\nUID:{uid}\r\n" in card.read_bytes().decode()

    second = open_database(tmp_path / "b.sqlite3", backups_dir=tmp_path / "bb")
    apply_import(second, plan_import(second, [card]), backup_first=False)
    assert uids(second, "person") == [uid]

    # Renamed in the first, exported again: the card is the same person, whatever its name.
    people.update_person(first, ada.id, PersonDraft("Ada King", notes="math"))
    export_vcards(first, card, version="4.0")
    plan = plan_import(second, [card])
    (planned,) = plan.cards
    assert planned.match is not None and planned.match.strong
    assert "same UID" in planned.match.reasons
    result = apply_import(second, plan, backup_first=False)
    assert result.created == 0 and result.merged == 1
    assert uids(second, "person") == [uid]
    first.close()
    second.close()


def test_json_export_and_import_keep_every_uid(tmp_path: Path) -> None:
    first = open_database(tmp_path / "a.sqlite3", backups_dir=tmp_path / "ba")
    build_demo(first)
    out = tmp_path / "all.json"
    export_json(first, out)
    data = json.loads(out.read_text())
    for section in ("people", "interactions", "introductions", "promises"):
        assert data[section] and all(r["uid"] for r in data[section]), section
    second = open_database(tmp_path / "b.sqlite3", backups_dir=tmp_path / "bb")
    import_json(second, out)
    for table in TABLES:
        assert uids(second, table) == uids(first, table), table
    first.close()
    second.close()


def test_a_json_file_with_one_uid_twice_is_refused_with_where(tmp_path: Path, db: Database) -> None:
    source = open_database(tmp_path / "a.sqlite3", backups_dir=tmp_path / "ba")
    people.add_person(source, PersonDraft("Ada"))
    people.add_person(source, PersonDraft("Bea"))
    out = tmp_path / "all.json"
    export_json(source, out)
    a, b = uids(source, "person")
    assert a is not None and b is not None
    out.write_text(out.read_text().replace(b, a))
    try:
        import_json(db, out)
    except Exception as exc:  # JsonImportError, with where and what
        assert "people[1]" in str(exc) and "used twice" in str(exc)
    else:
        raise AssertionError("a file with one uid twice was restored")
    assert people.count_people(db) == 0
    source.close()
