"""``bench.tile``: the xl database is a generated one tiled in SQL; each copy is a world
of its own that the app's services read like the original."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate, tile  # noqa: E402
from relapp.services import interactions, people, promises, search  # noqa: E402
from relapp.storage import open_database  # noqa: E402

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
TINY = generate.SIZES["tiny"]


@pytest.fixture(scope="module")
def tiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    source = generate.generate(tmp_path_factory.mktemp("tiny"), TINY, seed=7, now=NOW)
    return source, tile.tile(source, tmp_path_factory.mktemp("tiled"), times=3)


def _one(conn: sqlite3.Connection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


def test_three_copies_of_everything_with_their_own_ids_and_uids(tiled) -> None:
    source, path = tiled
    before, after = sqlite3.connect(source), sqlite3.connect(path)
    for table in ("person", "interaction", "interaction_person", "promise", "introduction"):
        count = f"SELECT count(*) FROM {table}"
        assert _one(after, count) == 3 * _one(before, count), table
    for table in ("person", "interaction", "promise", "introduction"):
        assert _one(after, f"SELECT count(DISTINCT uid) FROM {table}") == _one(
            after, f"SELECT count(*) FROM {table}"
        )
    assert after.execute("PRAGMA foreign_key_check").fetchall() == []
    # Each copy stays in its own world: nobody is linked to a person of another copy.
    people = _one(before, "SELECT max(id) FROM person")
    entries = _one(before, "SELECT max(id) FROM interaction")
    assert (
        _one(
            after,
            f"SELECT count(*) FROM interaction_person WHERE (interaction_id - 1) / {entries}"
            f" != (person_id - 1) / {people}",
        )
        == 0
    )
    people_now = _one(after, "SELECT count(*) FROM person")
    assert _one(after, "SELECT count(*) FROM person_names") == people_now  # short searches
    keys = "SELECT count(DISTINCT key) FROM person_name_key k JOIN person p ON p.id = k.person_id"
    assert _one(after, keys) == people_now  # the search rows' keys (search_keys), one each
    in_order = "SELECT p.sort_name, p.id FROM person_name_key k JOIN person p ON p.id = k.person_id"
    names = after.execute(f"{in_order} ORDER BY k.key").fetchall()
    assert names == sorted(names)  # the keys in the list's order, copies and all
    assert _one(after, "SELECT count(*) FROM person_name_unordered") == 0
    for fts in ("interaction_text", "person_search", "person_names", "promise_text"):
        after.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
    after.execute("INSERT INTO introduction_text (introduction_text) VALUES ('integrity-check')")
    before.close()
    after.close()


def test_the_services_read_the_copies_like_the_original(tiled) -> None:
    source, path = tiled
    db = open_database(path, backups_dir=path.parent / "backups")
    try:
        n = _one(sqlite3.connect(source), "SELECT max(id) FROM person")
        entries = _one(sqlite3.connect(source), "SELECT max(id) FROM interaction")
        assert people.count_people(db) == 3 * n
        first = people.get_person(db, 1)
        third = people.get_person(db, 1 + 2 * n)
        assert third.display_name == first.display_name
        emails = [p.value for p in third.contact_points if "@" in p.value]
        assert emails and all("+t2@" in e for e in emails)
        assert people.list_people(db, emails[0]) == [third.id]  # an email names one person
        assert interactions.history_count(db, third.id) == interactions.history_count(db, 1)
        words = next(
            e.interaction.notes.split()[0].strip(".")
            for e in interactions.history_page(db, 1, 0, 50)
            if e.interaction.notes
        )
        hits = search.search_text(db, words, limit=1000).hits
        assert any(h.match.record_id > 2 * entries for h in hits)  # the last copy is indexed
        mine = sorted(len(promises.open_promises_for(db, pid)) for pid in range(1, n + 1))
        last = sorted(
            len(promises.open_promises_for(db, pid)) for pid in range(1 + 2 * n, 1 + 3 * n)
        )
        assert mine == last and sum(last) > 0
    finally:
        db.close()
