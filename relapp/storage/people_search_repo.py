"""The people list a page at a time: how many people a search finds, the rows of one
page of them in list order, and where in the list one person is.

Nothing here reads every id a search finds: one letter typed finds a quarter of
everyone (27,302 of 100,000; 273,000 of a million), and the list shows a hundred.
Counting is the FTS5 index's own count. A page is read by one of two plans: the
index's matches joined to ``person`` and sorted (its cost grows with the matches: 0.9 µs
each on the full size), or a walk of ``person`` in name order (its index, 0.21 µs a row)
keeping those among the matches, which stops after the page. What a search finds by
name is bunched in name order ("u" finds 3,532 of 100,000, most near the end), so a walk
is tried only as far as eight times the rows the share found predicts (and only when
that costs less than sorting the matches), and the matches are sorted when it falls
short; when even a walk of everyone costs less than sorting the matches (a quarter of
everyone found, or more), everyone may be walked.
"""

from __future__ import annotations

from collections.abc import Iterable

from relapp.domain.model import PersonRow
from relapp.domain.search import match_expression
from relapp.storage import people_order, search_index
from relapp.storage.database import Database
from relapp.storage.people_order import PeopleSort
from relapp.storage.timeconv import from_db

_COLUMNS = "p.id, p.display_name, p.organisation, p.last_contact_at, p.archived_at"
_FTS = search_index.TABLE
_MATCHES = f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH ?"
WALK_PER_MATCH = 4  # rows of the name index walked for the cost of one match sorted
WALK_SLACK = 8  # a walk tries this many times the rows the share found predicts


def _archived(archived: bool) -> str:
    return "p.archived_at IS NOT NULL" if archived else "p.archived_at IS NULL"


def _any_archived(db: Database) -> bool:
    row = (
        db.connection()
        .execute("SELECT EXISTS (SELECT 1 FROM person WHERE archived_at IS NOT NULL)")
        .fetchone()
    )
    return bool(row[0])


def count_found(db: Database, query: str, *, archived: bool = False) -> int:
    """How many people the list shows for ``query`` (archived ones, or the others)."""
    conn = db.connection()
    expression = match_expression(query)
    if expression is None:
        sql = f"SELECT count(*) FROM person p WHERE {_archived(archived)}"
        return int(conn.execute(sql).fetchone()[0])
    if _any_archived(db):
        # The matches among the archived, walked from the archived end of an index
        # ("+p.id": SQLite would look every match up by id instead).
        sql = (
            "SELECT count(*) FROM person p"
            f" WHERE p.archived_at IS NOT NULL AND +p.id IN ({_MATCHES})"
        )
        archived_found = int(conn.execute(sql, (expression,)).fetchone()[0])
    else:
        archived_found = 0
    if archived:
        return archived_found
    sql = f"SELECT count(*) FROM {_FTS} WHERE {_FTS} MATCH ?"
    return int(conn.execute(sql, (expression,)).fetchone()[0]) - archived_found


def _walk_limit(sort: PeopleSort, found: int | None, everyone: int | None, end: int) -> int:
    """How far to walk the name index for a page ending at row ``end``: 0 not at all
    (sort the matches), -1 to the end, else that many rows, then sort if short."""
    if sort is not PeopleSort.NAME or not found or not everyone:
        return 0
    if everyone <= WALK_PER_MATCH * found:
        return -1
    tried = int(WALK_SLACK * end * everyone / found)
    return tried if tried < WALK_PER_MATCH * found else 0  # else sorting costs less


def people_page(
    db: Database,
    query: str,
    sort: PeopleSort = PeopleSort.NAME,
    *,
    offset: int = 0,
    limit: int = 100,
    reverse: bool = False,
    archived: bool = False,
    found: int | None = None,
    everyone: int | None = None,
) -> list[PersonRow]:
    """The rows ``offset`` to ``offset + limit`` of the list for ``query``, in list
    order. ``found`` (``count_found``) and ``everyone`` (the people of the list without
    a query) choose the plan; without them the matches are sorted."""
    if found is not None and offset >= found:
        return []  # nothing there: not even the index's matches are read
    expression = match_expression(query)
    order = people_order.order_by(sort, reverse=reverse)
    where = _archived(archived)
    conn = db.connection()
    if expression is None:
        sql = f"SELECT {_COLUMNS} FROM person p WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return _rows(conn.execute(sql, (limit, offset)))
    walk = _walk_limit(sort, found, everyone, offset + limit)
    if walk < 0:  # walked until the page is full
        sql = (
            f"SELECT {_COLUMNS} FROM person p WHERE {where} AND p.id IN ({_MATCHES})"
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        return _rows(conn.execute(sql, (expression, limit, offset)))
    if walk:  # walked that far at most, the matches on the way read
        walked = f"SELECT p.id FROM person p WHERE {where} ORDER BY {order} LIMIT ?"
        sql = (
            f"SELECT {_COLUMNS} FROM person p WHERE p.id IN"
            f" (SELECT w.id FROM ({walked}) w WHERE w.id IN ({_MATCHES}))"
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        rows = _rows(conn.execute(sql, (walk, expression, limit, offset)))
        if len(rows) == limit or offset + len(rows) == found:
            return rows  # the walk went far enough
    sql = (
        f"SELECT {_COLUMNS} FROM {_FTS} s CROSS JOIN person p ON p.id = s.rowid"
        f" WHERE {_FTS} MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    return _rows(conn.execute(sql, (expression, limit, offset)))


def _rows(cursor: Iterable[tuple]) -> list[PersonRow]:
    return [
        PersonRow(pid, name, org, from_db(last), archived_at is not None)
        for pid, name, org, last, archived_at in cursor
    ]


def position_of(
    db: Database,
    person_id: int,
    query: str,
    sort: PeopleSort = PeopleSort.NAME,
    *,
    reverse: bool = False,
    archived: bool = False,
    found: int | None = None,
    everyone: int | None = None,
) -> int | None:
    """The row of ``person_id`` in the list for ``query``, or None when the list does
    not show them: the rows ahead counted, by a walk or among the sorted matches, as
    ``people_page`` chooses (``found``, ``everyone``)."""
    conn = db.connection()
    row = conn.execute(
        f"SELECT {people_order.key_columns(sort)}, p.archived_at IS NOT NULL"
        " FROM person p WHERE p.id = ?",
        (person_id,),
    ).fetchone()
    if row is None or bool(row[-1]) != archived:
        return None
    key = tuple(row[:-1])
    expression = match_expression(query)
    ahead = people_order.before(sort, reverse=reverse)
    values = people_order.before_values(sort, key, reverse=reverse)
    where = _archived(archived)
    if expression is None:
        sql = f"SELECT count(*) FROM person p WHERE {where} AND {ahead}"
        return int(conn.execute(sql, values).fetchone()[0])
    shown = conn.execute(f"{_MATCHES} AND rowid = ?", (expression, person_id)).fetchone()
    if shown is None:
        return None
    if _walk_limit(sort, found, everyone, 0) < 0:
        sql = f"SELECT count(*) FROM person p WHERE {where} AND {ahead} AND p.id IN ({_MATCHES})"
        return int(conn.execute(sql, (*values, expression)).fetchone()[0])
    # CROSS JOIN keeps the matches the outer loop: SQLite would otherwise walk the name
    # index to the key and ask FTS5 about each row it passes (18 s on the full size).
    sql = (
        f"SELECT count(*) FROM {_FTS} s CROSS JOIN person p ON p.id = s.rowid"
        f" WHERE {_FTS} MATCH ? AND {where} AND {ahead}"
    )
    return int(conn.execute(sql, (expression, *values)).fetchone()[0])
