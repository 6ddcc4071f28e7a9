"""What changed here since the last sync (migration m0012: ``sync_dirty``, kept by
triggers): the marks a sync reads instead of every record, and their removal once sent.
Every function leaves the transaction to its caller."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.sync_repo import ItemState

KINDS: dict[str, tuple[str, ...]] = {
    "people": ("person",),
    "promises": ("promise",),
    "history": ("interaction", "introduction"),
}
_TABLES = ("person", "promise", "interaction", "introduction")


@dataclass(frozen=True)
class Mark:
    kind: str  # the table: person, promise, interaction, introduction
    row_id: int
    uid: str | None  # the record's uid: from its row, or kept when it was deleted
    present: bool  # False: the record was deleted


def counter(db: Database) -> int:
    """The number of the latest mark: a sync removes only marks up to the one it read."""
    return int(db.connection().execute("SELECT n FROM sync_seq").fetchone()[0])


def marks(db: Database, part: str) -> list[Mark]:
    """The records of a part (``KINDS``) changed since their marks were last removed."""
    out: list[Mark] = []
    conn = db.connection()
    for table in KINDS[part]:
        if table not in _TABLES:
            raise ValueError(f"no marks of {table}")
        for row_id, kept, uid in conn.execute(
            f"SELECT d.row_id, d.uid, t.uid FROM sync_dirty d LEFT JOIN {table} t"
            " ON t.id = d.row_id WHERE d.kind = ?",
            (table,),
        ):
            present = uid is not None
            out.append(Mark(table, int(row_id), uid if present else kept, present))
    return out


def clear(db: Database, part: str, upto: int) -> None:
    """Remove the part's marks up to ``upto`` (a change made after stays marked)."""
    for table in KINDS[part]:
        db.connection().execute("DELETE FROM sync_dirty WHERE kind = ? AND seq <= ?", (table, upto))


def local_seq(db: Database, collection_id: int) -> int | None:
    """The counter a collection's last complete sync read (None: never: read everything)."""
    row = (
        db.connection()
        .execute("SELECT local_seq FROM sync_collection WHERE id = ?", (collection_id,))
        .fetchone()
    )
    return None if row is None or row[0] is None else int(row[0])


def set_local_seq(db: Database, collection_id: int, seq: int) -> None:
    db.connection().execute(
        "UPDATE sync_collection SET local_seq = ? WHERE id = ?", (seq, collection_id)
    )


def heads_at(db: Database, collection_id: int, paths: list[str]) -> dict[str, ItemState]:
    """The states (without the server's text) of the items at these paths, by uid."""
    return _heads_where(db, collection_id, "href", paths)


def heads_of(db: Database, collection_id: int, uids: list[str]) -> dict[str, ItemState]:
    """The states (without the server's text) of these uids, by uid."""
    return _heads_where(db, collection_id, "uid", uids)


def _heads_where(
    db: Database, collection_id: int, column: str, values: list[str]
) -> dict[str, ItemState]:
    assert column in ("href", "uid")  # a column name, never a value from outside
    rows = rows_in(
        db.connection(),
        "SELECT uid, href, etag, hash, local_rev FROM sync_item WHERE collection_id = ?"
        f" AND {column} IN ({{marks}})",
        values,
        before=(collection_id,),
    )
    return {row[0]: ItemState(row[0], row[1], row[2], row[3], "", row[4]) for row in rows}


def count(db: Database, collection_id: int) -> int:
    return int(
        db.connection()
        .execute("SELECT count(*) FROM sync_item WHERE collection_id = ?", (collection_id,))
        .fetchone()[0]
    )
