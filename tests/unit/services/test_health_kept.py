"""The kept health summaries (``storage.health_summary_repo``) stay exact through every
kind of write: the Today list and everyone's scores read from them equal the same read
with every person taken from their interactions, and nothing is left to settle after a
write. Real SQLite files, through the services."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import capture, health, importing, interactions, merging, people
from relapp.services.json_file import format as json_format
from relapp.storage import Database, health_summary_repo, kept_health_repo, open_database
from relapp.storage.migrations import m0017_health_summary, m0019_health_usual_ahead
from tests import health_history
from tests.capture.generators.mail import Mail, write_mbox

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()


def _raw(db: Database, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db.path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        return conn.execute(sql, args).fetchall()


def _read(
    db: Database,
) -> tuple[list[int], np.ndarray, list[tuple[int, tuple[str, ...], float]], int]:
    ids, scores = health.health_of_everyone(db, NOW, TODAY)
    today = health.needs_attention(db, NOW, TODAY, limit=10_000)
    rows = [(r.person_id, tuple(c.reason for c in r.concerns), r.weight) for r in today.rows]
    return ids.tolist(), scores, sorted(rows), today.left_off


def assert_exact(db: Database) -> None:
    """Nothing left to settle, and the kept records answer as every interaction does."""
    assert _raw(db, "SELECT count(*) FROM health_dirty") == [(0,)]
    kept = _read(db)
    _raw(
        db, "INSERT OR IGNORE INTO health_dirty SELECT id FROM person"
    )  # everyone from their history
    try:
        whole = _read(db)
    finally:
        _raw(db, "DELETE FROM health_dirty")
    assert kept[0] == whole[0]
    np.testing.assert_allclose(kept[1], whole[1], rtol=1e-9, atol=1e-9)
    assert [row[:2] for row in kept[2]] == [row[:2] for row in whole[2]]
    np.testing.assert_allclose([r[2] for r in kept[2]], [r[2] for r in whole[2]], rtol=1e-9)
    assert kept[3] == whole[3]
    assert len(kept[0]) == 0 or len(kept[2]) > 0


@pytest.fixture
def history(db: Database) -> Iterator[Database]:
    health_history.add_people(db, NOW, 150, seed=3, per_person=8)
    yield db


def test_a_generated_history_is_kept_exactly(history: Database) -> None:
    assert _raw(history, "SELECT count(*) FROM health_summary")[0][0] >= 1
    assert_exact(history)


def call(
    db: Database, when: timedelta, *who: int, direction: Direction = Direction.BOTH
) -> InteractionDraft:
    return InteractionDraft(NOW - when, Channel.CALL, direction, tuple(who), "call")


def test_logging_editing_deleting_and_undoing_keep_it_exact(history: Database) -> None:
    db = history
    logged = interactions.log_interaction(db, call(db, timedelta(hours=2), 5, 7))
    assert_exact(db)
    edited = InteractionDraft(
        NOW - timedelta(days=200), Channel.EMAIL, Direction.OUTBOUND, (5, 9), "mail"
    )
    interactions.update_interaction(db, logged.id, edited)
    assert_exact(db)
    gone = interactions.delete_interaction(db, logged.id)
    assert_exact(db)
    interactions.restore_interaction(db, gone)  # undo
    assert_exact(db)
    for days in (1, 3, 6, 9):  # a run nobody answers, the latest today
        interactions.log_interaction(
            db, call(db, timedelta(days=days), 11, direction=Direction.OUTBOUND)
        )
    assert_exact(db)


def test_a_cadence_archive_and_a_new_person_keep_it_exact(history: Database) -> None:
    db = history
    person = people.get_person(db, 12)
    people.update_person(db, 12, PersonDraft(person.display_name, cadence_days=3))
    assert_exact(db)
    people.archive_person(db, 13)
    assert_exact(db)
    people.unarchive_person(db, 13)
    new = people.add_person(db, PersonDraft("Nobody Yet", cadence_days=1))
    assert_exact(db)
    interactions.log_interaction(db, call(db, timedelta(days=400), new.id))
    assert_exact(db)


def test_a_merge_joins_two_histories_and_its_undo_parts_them(history: Database) -> None:
    db = history
    result = merging.merge_people(db, 20, 21)
    assert_exact(db)
    merging.undo_merge(db, result)
    assert_exact(db)


def test_an_import_and_its_undo_keep_it_exact(history: Database, tmp_path: Path) -> None:
    db = history
    path = tmp_path / "cards.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Ode\r\nEND:VCARD\r\n"
    )
    result = importing.apply_import(db, importing.plan_import(db, [path]))
    assert result.created == 2
    assert_exact(db)
    importing.undo_import(db, result.batch_id)
    assert_exact(db)


def test_a_capture_and_its_undo_keep_it_exact(history: Database, tmp_path: Path) -> None:
    db = history
    points = (ContactPoint(ContactKind.EMAIL, "carol@example.org"),)
    carol = people.add_person(db, PersonDraft("Carol Roth", contact_points=points))
    mails = [
        Mail(at=NOW - timedelta(days=d, hours=3), subject=f"Plans {d}") for d in (1, 2, 40, 90)
    ]
    path = write_mbox(tmp_path / "mail.mbox", mails)
    plan = capture.plan_capture(db, [path], me=("me@example.com",), now=NOW)
    done = capture.apply_capture(db, plan, backup_first=False)
    assert done.interactions >= 1 and done.batch_id is not None
    assert interactions.history_count(db, carol.id) >= 1
    assert_exact(db)
    importing.undo_import(db, done.batch_id)
    assert_exact(db)


def test_writes_beside_the_app_are_listed_and_read_from_the_history(history: Database) -> None:
    db = history
    (interaction_id,) = _raw(
        db, "SELECT interaction_id FROM interaction_person WHERE person_id = 30 LIMIT 1"
    )[0]
    _raw(db, "DELETE FROM interaction WHERE id = ?", (interaction_id,))  # cascades
    assert (30,) in _raw(db, "SELECT person_id FROM health_dirty")
    _raw(
        db,
        "UPDATE interaction SET channel = 'meeting' WHERE id IN"
        " (SELECT interaction_id FROM interaction_person WHERE person_id = 31)",
    )
    assert (31,) in _raw(db, "SELECT person_id FROM health_dirty")
    listed = _raw(db, "SELECT person_id FROM health_dirty")  # those of shared entries too
    kept = _read(db)  # the listed ones from their history, the rest from their records
    _raw(db, "INSERT OR IGNORE INTO health_dirty SELECT id FROM person")
    assert _read(db)[3] == kept[3]
    _raw(db, "DELETE FROM health_dirty")
    _raw(db, "INSERT INTO health_dirty VALUES " + ",".join(f"({pid})" for (pid,) in listed))
    people.add_person(db, PersonDraft("Settles the rest"))  # the next write settles them
    assert_exact(db)


def test_the_migration_builds_every_record(tmp_path: Path) -> None:
    path = tmp_path / "relapp.sqlite3"
    db = open_database(path)
    health_history.add_people(db, NOW, 2_500, seed=8, per_person=4)
    before = _read(db)
    db.close()
    # As a database from before the kept records: none of them, then the migration's
    # step itself (later migrations are already applied, so the version is not rolled
    # back: that would run them twice).
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM health_summary")
        m0017_health_summary.apply(conn)
    db = open_database(path)
    try:
        blocks = -(-2_500 // health_summary_repo.BLOCK)
        assert _raw(db, "SELECT count(*) FROM health_summary") == [(blocks,)]
        assert_exact(db)
        after = _read(db)
        assert after[0] == before[0] and after[3] == before[3]
    finally:
        db.close()


def test_the_upgrade_gives_each_old_record_its_usual_ahead(tmp_path: Path) -> None:
    # Issue 18: the records written before the usual was kept (16 a block, the month
    # ends inside, no ``usual_ahead``) get it from the record itself, as the build would
    # give it, and their month ends move beside them.
    path = tmp_path / "relapp.sqlite3"
    db = open_database(path)
    health_history.add_people(db, NOW, 600, seed=9, per_person=4)
    built = dict(_raw(db, "SELECT block, records FROM health_summary"))
    parts = dict(_raw(db, "SELECT person_id, parts FROM health_usual_part"))
    db.close()
    old, repo = m0019_health_usual_ahead._old_record(), health_summary_repo
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TABLE health_usual_part")
        for block, records in built.items():
            new = np.frombuffer(records, repo.RECORD)
            stripped = np.zeros(len(new), dtype=old)
            for at, person in enumerate(range(block * repo.BLOCK, (block + 1) * repo.BLOCK)):
                if person in parts:
                    mine = np.frombuffer(parts[person], repo.PARTS)[0]
                    stripped[at]["usual_part"] = mine["usual_part"]
                    stripped[at]["usual_lift"] = mine["usual_lift"]
            for name in old.names:
                if name not in ("usual_part", "usual_lift"):
                    stripped[name] = new[name]
            conn.execute(
                "UPDATE health_summary SET records = ? WHERE block = ?",
                (stripped.tobytes(), block),
            )
        conn.execute(f"PRAGMA user_version = {m0019_health_usual_ahead.VERSION - 1}")
    db = open_database(path, backups_dir=tmp_path / "backups")
    try:
        after = dict(_raw(db, "SELECT block, records FROM health_summary"))
        assert after.keys() == built.keys()
        for block, records in built.items():
            want = np.frombuffer(records, repo.RECORD)
            got = np.frombuffer(after[block], repo.RECORD)
            assert want["usual_ahead"].any()
            np.testing.assert_allclose(got["usual_ahead"], want["usual_ahead"], rtol=1e-12)
            for name in repo.RECORD.names or ():
                if name != "usual_ahead":
                    assert got[name].tobytes() == want[name].tobytes(), name
        assert dict(_raw(db, "SELECT person_id, parts FROM health_usual_part")) == parts
        assert len(parts) == 600
        assert_exact(db)
    finally:
        db.close()


def test_the_today_list_and_everyones_scores_read_no_interaction_once_settled(
    history: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 18: at a million people reading ten million (interaction, person) pairs took
    # 10 s; with every record settled, neither reads the history at all.
    statements: list[str] = []
    opened = kept_health_repo.KeptReader.__init__

    def traced(reader: kept_health_repo.KeptReader, *args: Any, **kwargs: Any) -> None:
        opened(reader, *args, **kwargs)
        reader._aside.set_trace_callback(statements.append)

    monkeypatch.setattr(kept_health_repo.KeptReader, "__init__", traced)
    history.connection().set_trace_callback(statements.append)
    try:
        health.needs_attention(history, NOW, TODAY)
        health.health_of_everyone(history, NOW, TODAY)
    finally:
        history.connection().set_trace_callback(None)
    assert not [s for s in statements if "interaction" in s], statements
    assert any("health_summary" in s for s in statements)


def test_everyones_read_passes_over_few_bytes_a_person_and_month_ends_of_promisers_only(
    history: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 18: at a million people the read of every record cost as much as the rest
    # of the Today list; the twelve kept month ends (98 bytes a person) are needed only
    # for people with promises, so they are kept apart and read for those only.
    ((people, stored),) = _raw(
        history, "SELECT count(*), (SELECT sum(length(records)) FROM health_summary) FROM person"
    )
    blocks = _raw(history, "SELECT count(*) FROM health_summary")[0][0]
    assert stored <= blocks * health_summary_repo.BLOCK * 190, stored / people
    asked: list[int] = []
    read = kept_health_repo.parts_of

    def counted(conn: sqlite3.Connection, ids: np.ndarray) -> np.ndarray:
        asked.extend(ids.tolist())
        return read(conn, ids)

    monkeypatch.setattr(kept_health_repo, "parts_of", counted)
    health.needs_attention(history, NOW, TODAY)
    promisers = {row[0] for row in _raw(history, "SELECT DISTINCT person_id FROM promise")}
    assert 0 < len(asked) == len(set(asked)) and set(asked) <= promisers


def test_a_restored_json_file_is_kept_exactly(history: Database, tmp_path: Path) -> None:
    target = tmp_path / "everything.json"
    json_format.export_json(history, target)
    (tmp_path / "other").mkdir()
    other = open_database(tmp_path / "other" / "relapp.sqlite3", backups_dir=tmp_path / "b")
    try:
        json_format.import_json(other, target)
        assert_exact(other)
        assert _read(other)[0] == _read(history)[0]
        np.testing.assert_allclose(_read(other)[1], _read(history)[1], rtol=1e-9)
    finally:
        other.close()
