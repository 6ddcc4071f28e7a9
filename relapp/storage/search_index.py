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
"""Adds one row: ``person_codec.search_row``."""
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
    for person_id in person_ids:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (person_id,))
        doc = _document_for(conn, person_id)
        if doc is not None:
            conn.execute(
                INSERT, (person_id, doc.names, doc.contacts, doc.organisation, doc.tags, doc.notes)
            )


def rebuild_all(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM {TABLE}")
    ids = [pid for (pid,) in conn.execute("SELECT id FROM person")]
    reindex(conn, ids)
