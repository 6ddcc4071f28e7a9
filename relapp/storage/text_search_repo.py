"""Search over what you wrote down: the FTS5 indexes over interaction summaries and
notes, promise text and introduction context (``migrations/m0008_text_search.py``).

Triggers keep the indexes in step with their tables; only a bulk insert indexes its
rows itself, in one statement (``indexed_in_bulk``). Each search takes the matching
records written last in each index (``ORDER BY rowid DESC LIMIT``: FTS5 stops after
``limit`` rows, so a keystroke's cost does not grow with the history) and reads who
they are about; people outside the list's archive filter are left out.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from relapp.domain.model import Channel, PersonRef
from relapp.domain.promise_model import Promiser
from relapp.domain.text_search import HitKind, TextMatch, TextQuery
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db

INTERACTION_TABLE = "interaction_text"
PROMISE_TABLE = "promise_text"
INTRODUCTION_TABLE = "introduction_text"
PAUSED_TABLE = "text_index_paused"
TABLES = frozenset({INTERACTION_TABLE, PROMISE_TABLE, INTRODUCTION_TABLE, PAUSED_TABLE})
"""Derived tables: worked out again from their own tables by the triggers."""
_INDEXED = {
    "interaction": (INTERACTION_TABLE, "summary, notes"),
    "promise": (PROMISE_TABLE, "what"),
    "introduction": (INTRODUCTION_TABLE, "context"),
}


@contextmanager
def indexed_in_bulk(
    conn: sqlite3.Connection, table: str, first_id: int, last_id: int
) -> Iterator[None]:
    """Insert many rows of ``table`` (ids ``first_id`` to ``last_id``) in the body, then
    index them in one statement: the triggers pause meanwhile (see m0008). Inside the
    caller's transaction; the pause ends with the body whatever happens."""
    fts, columns = _INDEXED[table]
    conn.execute(f"INSERT INTO {PAUSED_TABLE} DEFAULT VALUES")
    try:
        yield
        conn.execute(
            f"INSERT INTO {fts} (rowid, {columns}) SELECT id, {columns} FROM {table}"
            " WHERE id BETWEEN ? AND ?",
            (first_id, last_id),
        )
    finally:
        conn.execute(f"DELETE FROM {PAUSED_TABLE}")


SCAN = 300
"""Candidate rows read at most (``TextQuery``) before asking the exact expression: when
the first letters find mostly other words ("mornin" for "mornings"), the whole word is
rare, and FTS5 gathers a rare word's rows quickly (a common one fills ``limit`` first)."""


def _newest_ids(
    conn: sqlite3.Connection, table: str, columns: str, query: TextQuery, limit: int
) -> list[int]:
    """The ids of the last-written ``limit`` rows of ``table`` that match ``query``."""
    newest = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?"
    if query.exact is None:
        return [rowid for (rowid,) in conn.execute(newest, (query.candidates, limit))]
    found: list[int] = []
    read = 0
    # Rows come one at a time as they are fetched: reading stops with the last one needed.
    cursor = conn.execute(
        f"SELECT rowid, {columns} FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
        (query.candidates, SCAN),
    )
    try:
        for row in cursor:
            read += 1
            if query.has_words(row[1:]):
                found.append(row[0])
                if len(found) >= limit:
                    return found
    finally:
        cursor.close()
    if read < SCAN:
        return found  # every candidate was read
    return [rowid for (rowid,) in conn.execute(newest, (query.exact, limit))]


def _archived(archived: bool, alias: str = "p") -> str:
    # "+": not through an index on archived_at (100,000 people), by the primary key.
    return f"+{alias}.archived_at IS NOT NULL" if archived else f"+{alias}.archived_at IS NULL"


def _people_of(
    conn: sqlite3.Connection, sql: str, ids: list[int]
) -> dict[int, tuple[PersonRef, ...]]:
    found: dict[int, list[PersonRef]] = defaultdict(list)
    for record_id, person_id, name in rows_in(conn, sql, ids):
        found[record_id].append(PersonRef(person_id, name))
    return {record_id: tuple(people) for record_id, people in found.items()}


def interaction_matches(
    db: Database, query: TextQuery, limit: int, *, archived: bool = False
) -> list[TextMatch]:
    conn = db.connection()
    ids = _newest_ids(conn, INTERACTION_TABLE, "summary, notes", query, limit)
    rows = list(
        rows_in(
            conn,
            "SELECT id, occurred_at, channel, summary, notes FROM interaction"
            " WHERE id IN ({marks})",
            ids,
        )
    )
    people = _people_of(
        conn,
        "SELECT ip.interaction_id, p.id, p.display_name FROM interaction_person ip"
        " JOIN person p ON p.id = ip.person_id WHERE ip.interaction_id IN ({marks})"
        f" AND {_archived(archived)} ORDER BY ip.interaction_id, p.sort_name, p.id",
        ids,
    )
    return [
        TextMatch(
            HitKind.INTERACTION,
            iid,
            people[iid],
            (summary, notes),
            moment=from_db(at),
            channel=_channel(channel),
        )
        for iid, at, channel, summary, notes in rows
        if iid in people
    ]


def promise_matches(
    db: Database, query: TextQuery, limit: int, *, archived: bool = False
) -> list[TextMatch]:
    conn = db.connection()
    ids = _newest_ids(conn, PROMISE_TABLE, "what", query, limit)
    rows = rows_in(
        conn,
        "SELECT pr.id, pr.promiser, pr.what, pr.channel, pr.due_at, p.id, p.display_name"
        " FROM promise pr JOIN person p ON p.id = pr.person_id"
        f" WHERE pr.id IN ({{marks}}) AND {_archived(archived)}",
        ids,
    )
    return [
        TextMatch(
            HitKind.PROMISE,
            pid,
            (PersonRef(person_id, name),),
            (what,),
            moment=from_db(due_at),
            channel=_channel(channel),
            promiser=Promiser(promiser),
        )
        for pid, promiser, what, channel, due_at, person_id, name in rows
    ]


def introduction_matches(
    db: Database, query: TextQuery, limit: int, *, archived: bool = False
) -> list[TextMatch]:
    conn = db.connection()
    ids = _newest_ids(conn, INTRODUCTION_TABLE, "context", query, limit)
    rows: list[Any] = list(
        rows_in(
            conn,
            "SELECT id, occurred_on, context, interaction_id, person_a_id, person_b_id,"
            " introducer_id FROM introduction WHERE id IN ({marks})",
            ids,
        )
    )
    wanted = sorted({pid for row in rows for pid in row[4:] if pid is not None})
    names = {
        pid: name
        for pid, name in rows_in(
            conn,
            "SELECT p.id, p.display_name FROM person p"
            f" WHERE p.id IN ({{marks}}) AND {_archived(archived)}",
            wanted,
        )
    }
    matches = []
    for iid, on, context, entry, *who in rows:
        people = tuple(PersonRef(pid, names[pid]) for pid in who if pid in names)
        if people:
            day = date.fromisoformat(str(on)) if on else None
            matches.append(
                TextMatch(
                    HitKind.INTRODUCTION, iid, people, (context,), day=day, interaction_id=entry
                )
            )
    return matches


def _channel(value: str | None) -> Channel | None:
    try:
        return Channel(value) if value else None
    except ValueError:
        return Channel.OTHER
