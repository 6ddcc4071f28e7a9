"""What the Possible duplicates view reads: everyone's matching keys, the pairs you said
are different people, and how much history a person has (for the merge confirmation)."""

from __future__ import annotations

from relapp.domain.matching import PersonKeys
from relapp.storage.database import Database
from relapp.storage.imports_repo import person_keys


def active_keys(db: Database) -> list[PersonKeys]:
    """The matching keys of everyone not archived, by id: the same keys an import reads
    (``imports_repo.person_keys``: names, emails, phones, organisation, birthday)."""
    ids = [
        row[0]
        for row in db.connection().execute(
            "SELECT id FROM person WHERE archived_at IS NULL ORDER BY id"
        )
    ]
    keys = person_keys(db, ids)
    return [keys[person_id] for person_id in ids if person_id in keys]


def not_duplicate_pairs(db: Database) -> set[tuple[int, int]]:
    """Every (lower id, higher id) pair you said is two different people."""
    return {
        (low, high)
        for low, high in db.connection().execute(
            "SELECT person_low_id, person_high_id FROM not_duplicate"
        )
    }


def mark_not_duplicate(db: Database, a: int, b: int, at: int) -> bool:
    """Remember that ``a`` and ``b`` are different people; False if already known."""
    low, high = sorted((a, b))
    cursor = db.connection().execute(
        "INSERT OR IGNORE INTO not_duplicate (person_low_id, person_high_id, decided_at)"
        " VALUES (?, ?, ?)",
        (low, high, at),
    )
    return bool(cursor.rowcount)


def unmark_not_duplicate(db: Database, a: int, b: int) -> None:
    low, high = sorted((a, b))
    db.connection().execute(
        "DELETE FROM not_duplicate WHERE person_low_id = ? AND person_high_id = ?", (low, high)
    )


def history_counts(db: Database, person_id: int) -> tuple[int, int, int]:
    """(interactions, promises, introductions) that name the person."""
    conn = db.connection()

    def one(sql: str) -> int:
        return int(conn.execute(sql, (person_id,) * sql.count("?")).fetchone()[0])

    return (
        one("SELECT count(*) FROM interaction_person WHERE person_id = ?"),
        one("SELECT count(*) FROM promise WHERE person_id = ?"),
        one(
            "SELECT count(*) FROM introduction"
            " WHERE introducer_id = ? OR person_a_id = ? OR person_b_id = ?"
        ),
    )
