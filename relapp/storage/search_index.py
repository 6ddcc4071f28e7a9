"""The FTS5 index that makes search as you type instant at 100,000 people.

One row per person (rowid = person id). It is kept up to date by the repositories in
the same transaction as the change, and works on a raw sqlite3 connection so that
migrations and bulk imports can use it too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from relapp.domain.search import SearchDocument
from relapp.storage import person_codec

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
    """Add search rows (``person_codec.search_row``) to both indexes."""
    conn.executemany(INSERT, rows)
    conn.executemany(
        f"INSERT INTO {NAMES} (rowid, names, organisation) VALUES (?, ?, ?)",
        [(row[0], row[1], row[3]) for row in rows],
    )


def delete(conn: sqlite3.Connection, person_ids: Iterable[int]) -> None:
    """Drop these people's rows from both indexes."""
    for person_id in person_ids:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (person_id,))
        conn.execute(f"DELETE FROM {NAMES} WHERE rowid = ?", (person_id,))


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


def reindex(conn: sqlite3.Connection, person_ids: Iterable[int], *, names: bool = True) -> None:
    """Index these people afresh (``names``: the names-only index too; false only for
    the migration that made the whole index, before there was a names index)."""
    for person_id in person_ids:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (person_id,))
        if names:
            conn.execute(f"DELETE FROM {NAMES} WHERE rowid = ?", (person_id,))
        doc = _document_for(conn, person_id)
        if doc is not None:
            row = (person_id, doc.names, doc.contacts, doc.organisation, doc.tags, doc.notes)
            if names:
                insert(conn, [row])
            else:
                conn.execute(INSERT, row)


def rebuild_all(conn: sqlite3.Connection) -> None:
    """The whole index afresh (migration 2, from before the names index)."""
    conn.execute(f"DELETE FROM {TABLE}")
    ids = [pid for (pid,) in conn.execute("SELECT id FROM person")]
    reindex(conn, ids, names=False)
