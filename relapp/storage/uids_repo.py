"""Stable uids (migration m0008): finding records by uid, and giving one a uid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from relapp.storage.chunks import rows_in
from relapp.storage.database import Database

TABLES = ("person", "interaction", "promise", "introduction")


def ids_by_uid(db: Database, table: str, uids: Iterable[str]) -> dict[str, int]:
    """The id of each of ``uids`` known in ``table`` (unknown uids are left out)."""
    if table not in TABLES:
        raise ValueError(f"no uids in {table}")
    wanted = sorted({u for u in uids if u})
    return {
        uid: rid
        for uid, rid in rows_in(
            db.connection(), f"SELECT uid, id FROM {table} WHERE uid IN ({{marks}})", wanted
        )
    }


def uid_of(db: Database, table: str, record_id: int) -> str | None:
    if table not in TABLES:
        raise ValueError(f"no uids in {table}")
    row = db.connection().execute(f"SELECT uid FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return row[0] if row else None


def give_uids(db: Database, table: str, pairs: Sequence[tuple[int, str]]) -> None:
    """Set the uid of each ``(id, uid)`` whose uid no other record of ``table`` has yet
    (the caller's transaction)."""
    if table not in TABLES:
        raise ValueError(f"no uids in {table}")
    taken = ids_by_uid(db, table, (uid for _, uid in pairs))
    free: dict[str, int] = {}
    for rid, uid in pairs:
        if uid and uid not in taken:
            free.setdefault(uid, rid)
    db.connection().executemany(f"UPDATE {table} SET uid = ? WHERE id = ?", free.items())
