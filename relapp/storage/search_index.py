"""The FTS5 index that makes search as you type instant at 100,000 people.

One row per person, its rowid the person's key in name order (``search_keys``: the
first page of a search that finds a million is its first hundred rowids). It is kept up
to date by the repositories in the same transaction as the change, and works on a raw
sqlite3 connection so that migrations and bulk imports can use it too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from relapp.domain.search import SearchDocument
from relapp.storage import person_codec, search_keys

TABLE = "person_search"
INSERT = (
    f"INSERT INTO {TABLE} (rowid, {', '.join(person_codec.SEARCH_COLUMNS)})"
    f" VALUES (?{', ?' * len(person_codec.SEARCH_COLUMNS)})"
)
"""Adds one row: ``person_codec.search_row`` (``insert`` adds its names row too)."""
NAMES = "person_names"
"""Names and organisation only, for searches of one or two letters: rowids without
positions (``detail=none``), so counting the quarter of a million people "a" finds at a
million costs 14 ms instead of 27-67 (the whole index decodes every column's positions
to keep the names'). Kept by the same writes as ``TABLE``; 58 MB at a million."""
_NAMES_FROM = (
    f"INSERT INTO {NAMES} (rowid, names, organisation)"
    f" SELECT rowid, names, organisation FROM {TABLE}"
)
_SELECT = f"SELECT {', '.join(person_codec.SEARCH_FIELDS)} FROM person WHERE id = ?"


class _Point(NamedTuple):
    kind: str
    value: str


def create(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "names, contacts, organisation, tags, notes, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )


def create_names(conn: sqlite3.Connection) -> None:
    """The names-only index, filled from the whole one."""
    conn.execute(
        f"CREATE VIRTUAL TABLE {NAMES} USING fts5(names, organisation, detail = none,"
        " columnsize = 0, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')"
    )
    conn.execute(_NAMES_FROM)


def insert(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Add search rows (``person_codec.search_row``: the person's id first) to both
    indexes, under each person's key (people not indexed yet, their rows written)."""
    keys = search_keys.assign(conn, [row[0] for row in rows])
    # In rowid order: FTS5 writes out what it holds each time a rowid comes below the
    # last one, so a batch in id order (keys scattered) made a segment almost per row.
    keyed = sorted(((keys[row[0]], *row[1:]) for row in rows), key=lambda row: row[0])
    conn.executemany(INSERT, keyed)
    conn.executemany(
        f"INSERT INTO {NAMES} (rowid, names, organisation) VALUES (?, ?, ?)",
        [(row[0], row[1], row[3]) for row in keyed],
    )


def _drop_rows(conn: sqlite3.Connection, keys: Iterable[int]) -> None:
    for key in keys:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (key,))
        conn.execute(f"DELETE FROM {NAMES} WHERE rowid = ?", (key,))


def delete(conn: sqlite3.Connection, person_ids: Iterable[int]) -> None:
    """Drop these people's rows from both indexes, and their keys."""
    keys = list(search_keys.keys_of(conn, person_ids).values())
    _drop_rows(conn, keys)
    search_keys.drop(conn, keys)


def _document_for(conn: sqlite3.Connection, person_id: int) -> SearchDocument | None:
    row = conn.execute(_SELECT, (person_id,)).fetchone()
    if row is None:
        return None
    points = conn.execute(
        "SELECT kind, value FROM contact_point WHERE person_id = ? ORDER BY position",
        (person_id,),
    ).fetchall()
    tags = tuple(
        name
        for (name,) in conn.execute(
            "SELECT tag.name FROM person_tag JOIN tag ON tag.id = person_tag.tag_id"
            " WHERE person_tag.person_id = ?",
            (person_id,),
        )
    )
    return person_codec.search_document(row, [_Point(k, v) for k, v in points], tags)


def reindex(conn: sqlite3.Connection, person_ids: Iterable[int]) -> None:
    """Index these people afresh (a person no longer there: dropped), each under the
    key their sort name has now."""
    ids = list(dict.fromkeys(person_ids))
    _drop_rows(conn, search_keys.keys_of(conn, ids).values())
    keys = search_keys.assign(conn, ids)
    gone = [pid for pid in ids if pid not in keys]
    if gone:
        search_keys.drop(conn, search_keys.keys_of(conn, gone).values())
    for person_id, key in sorted(keys.items(), key=lambda item: item[1]):  # (key order)
        doc = _document_for(conn, person_id)
        if doc is not None:
            row = (key, doc.names, doc.contacts, doc.organisation, doc.tags, doc.notes)
            conn.execute(INSERT, row)
            conn.execute(
                f"INSERT INTO {NAMES} (rowid, names, organisation) VALUES (?, ?, ?)",
                (key, doc.names, doc.organisation),
            )


def rebuild_all(conn: sqlite3.Connection) -> None:
    """The whole index afresh, by person id (migration 2: from before the names index
    and the keys, which later migrations make from it)."""
    conn.execute(f"DELETE FROM {TABLE}")
    for (person_id,) in conn.execute("SELECT id FROM person").fetchall():
        doc = _document_for(conn, person_id)
        if doc is not None:
            row = (person_id, doc.names, doc.contacts, doc.organisation, doc.tags, doc.notes)
            conn.execute(INSERT, row)


def rekey(conn: sqlite3.Connection) -> None:
    """Both indexes moved from person ids to keys (the migration that made the keys)."""
    search_keys.create(conn)
    search_keys.fill(conn)
    _copy_in_key_order(conn, f"SELECT k.person_id AS old, k.key AS new FROM {search_keys.KEYS} k")


def reorder(conn: sqlite3.Connection) -> None:
    """Every person's key given afresh in name order (no prefix left unordered), both
    indexes copied to the new keys: for a database tiled or grown out of order."""
    conn.execute(f"ALTER TABLE {search_keys.KEYS} RENAME TO {search_keys.KEYS}_before")
    conn.execute(f"DROP TABLE {search_keys.UNORDERED}")
    search_keys.create(conn)
    search_keys.fill(conn)
    _copy_in_key_order(
        conn,
        f"SELECT b.key AS old, k.key AS new FROM {search_keys.KEYS} k"
        f" JOIN {search_keys.KEYS}_before b ON b.person_id = k.person_id",
    )
    conn.execute(f"DROP TABLE {search_keys.KEYS}_before")


def _copy_in_key_order(conn: sqlite3.Connection, moves: str) -> None:
    """The whole index copied into a new one, each row from its rowid ``old`` to ``new``
    (``moves``: a query of the two), in key order; the names index filled from it."""
    conn.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_before")
    conn.execute(f"DROP TABLE {NAMES}")
    create(conn)
    columns = ", ".join(person_codec.SEARCH_COLUMNS)
    conn.execute(
        f"INSERT INTO {TABLE} (rowid, {columns})"
        f" SELECT m.new, {', '.join(f's.{c}' for c in person_codec.SEARCH_COLUMNS)}"
        f" FROM ({moves}) m CROSS JOIN {TABLE}_before s ON s.rowid = m.old ORDER BY m.new"
    )
    conn.execute(f"DROP TABLE {TABLE}_before")
    create_names(conn)
