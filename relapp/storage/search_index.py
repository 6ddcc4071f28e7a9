"""The FTS5 index that makes search as you type instant at 100,000 people.

One row per person (rowid = person id). It is kept up to date by the repositories in
the same transaction as the change, and works on a raw sqlite3 connection so that
migrations and bulk imports can use it too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from relapp.domain.model import ContactKind, ContactPoint
from relapp.domain.search import SearchDocument, document

TABLE = "person_search"


def create(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "names, contacts, organisation, tags, notes, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )


def _document_for(conn: sqlite3.Connection, person_id: int) -> SearchDocument | None:
    row = conn.execute(
        "SELECT display_name, given_name, family_name, nickname, organisation, title,"
        " notes, met_how FROM person WHERE id = ?",
        (person_id,),
    ).fetchone()
    if row is None:
        return None
    points = tuple(
        ContactPoint(ContactKind(kind), value)
        for kind, value in conn.execute(
            "SELECT kind, value FROM contact_point WHERE person_id = ? ORDER BY position",
            (person_id,),
        )
    )
    tags = tuple(
        name
        for (name,) in conn.execute(
            "SELECT tag.name FROM person_tag JOIN tag ON tag.id = person_tag.tag_id"
            " WHERE person_tag.person_id = ?",
            (person_id,),
        )
    )
    return document(
        names=(row[0], row[1], row[2], row[3]),
        contact_points=points,
        organisation=row[4],
        title=row[5],
        tags=tags,
        notes=row[6],
        met_how=row[7],
    )


def reindex(conn: sqlite3.Connection, person_ids: Iterable[int]) -> None:
    for person_id in person_ids:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (person_id,))
        doc = _document_for(conn, person_id)
        if doc is not None:
            conn.execute(
                f"INSERT INTO {TABLE} (rowid, names, contacts, organisation, tags, notes)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, doc.names, doc.contacts, doc.organisation, doc.tags, doc.notes),
            )


def rebuild_all(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM {TABLE}")
    ids = [pid for (pid,) in conn.execute("SELECT id FROM person")]
    reindex(conn, ids)
