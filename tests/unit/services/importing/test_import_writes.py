"""How an import writes: the statements' journals in memory (not in a temporary file:
330,000 writes for 10,000 cards, issue 18), and the connection as it was afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from relapp.services import importing, people
from relapp.storage import Database, search_keys

CARDS = 1200  # three chunks of the import (``pipeline._CHUNK``), statements of rows


def cards(count: int) -> bytes:
    """Cards not in name order (a file's order is anyone's), all one key prefix."""
    return "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Person {n:05d}\r\nEMAIL:person{n}@example.org\r\nTEL:+1 415 555 {n:04d}\r\n"
        f"CATEGORIES:tag{n % 3}\r\nEND:VCARD\r\n"
        for n in (n * 7 % count for n in range(count))  # 7 and 1,200: coprime
    ).encode("utf-8")


@pytest.fixture
def plan(db: Database, tmp_path: Path) -> importing.ImportPlan:
    path = tmp_path / "many.vcf"
    path.write_bytes(cards(CARDS))
    return importing.plan_import(db, [path])


def test_the_import_keeps_its_statement_journals_in_memory_and_then_lets_go(
    db: Database, plan: importing.ImportPlan
) -> None:
    conn = db.connection()
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 0  # the default: files
    spill = conn.execute("PRAGMA cache_spill").fetchone()[0]
    during: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:  # inside the import's transaction
        assert conn.in_transaction
        during.append(
            (
                conn.execute("PRAGMA temp_store").fetchone()[0],
                conn.execute("PRAGMA cache_spill").fetchone()[0],
            )
        )

    result = importing.apply_import(db, plan, progress=progress, backup_first=False)
    assert result.created == CARDS
    assert during and all(store == 2 for store, _ in during)  # 2: MEMORY
    assert all(pages >= 8192 for _, pages in during)  # changed pages kept to the commit
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 0
    assert conn.execute("PRAGMA cache_spill").fetchone()[0] == spill


def test_a_failed_import_leaves_the_connection_as_it_was(
    db: Database, plan: importing.ImportPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relapp.storage import imports_repo

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports_repo, "insert_changes", broken)
    conn = db.connection()
    with pytest.raises(RuntimeError):
        importing.apply_import(db, plan, backup_first=False)
    assert not conn.in_transaction
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 0
    assert people.list_people(db) == []


def test_an_import_into_an_empty_database_leaves_its_search_keys_in_name_order(
    db: Database, plan: importing.ImportPlan
) -> None:
    """The people's search keys are given all at once, in name order, not chunk by
    chunk: a later chunk's names among an earlier one's made their prefix "unordered"
    (610 of them for the bench's 10,000 cards), and every search page within it sorted
    by name as it was read."""
    importing.apply_import(db, plan, backup_first=False)
    assert search_keys.in_name_order(db.connection(), 0, (1 << 63) - 1)
    found = people.list_people(db, "person")
    assert len(found) == CARDS
    names = people.person_rows(db, found)
    assert [names[pid].display_name for pid in found] == [f"Person {n:05d}" for n in range(CARDS)]


def test_undoing_an_import_keeps_its_statement_journals_in_memory_too(
    db: Database, plan: importing.ImportPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undoing deletes the people in statements of many rows, each with its journal."""
    from relapp.services.importing.undo import undo_import
    from relapp.storage import imports_repo

    result = importing.apply_import(db, plan, backup_first=False)
    assert result.batch_id is not None
    conn = db.connection()
    during: list[int] = []
    real = imports_repo.changes_of

    def changes_of(database: Database, batch_id: int) -> list[object]:
        during.append(conn.execute("PRAGMA temp_store").fetchone()[0])
        return list(real(database, batch_id))

    monkeypatch.setattr(imports_repo, "changes_of", changes_of)
    undo_import(db, result.batch_id)
    assert during == [2]
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 0
    assert people.list_people(db) == []
