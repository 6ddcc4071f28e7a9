"""The people list a page at a time: how many people a search finds, the rows of one
page of them in list order, and where in the list one person is.

Nothing here reads every id a search finds: one letter typed finds a quarter of
everyone (27,302 of 100,000; 273,000 of a million), and the list shows a hundred.
Counting is the FTS5 index's own count. A page is read by one of two plans: the
index's matches joined to ``person`` and sorted (the cost grows with the matches, 0.9 µs
each on the full size), or the first rows of ``person`` in name order (its index) taken,
and the index's matches among them kept. What a search finds by name is bunched in name
order ("u" finds 3,532 of 100,000, most near the end), so the rows taken are eight times
those the share found predicts, then sixteen times more; the matches are sorted when
that falls short, or when sorting them costs less. The matches are never collected
into a set (a million for "com" at a million people: 1.8 s); the rows taken are (800).
"""

from __future__ import annotations

from collections.abc import Iterable

from relapp.domain.model import PersonRow
from relapp.domain.search import match_expression, names_expression
from relapp.storage import people_order, search_index
from relapp.storage.database import Database
from relapp.storage.people_order import PeopleSort
from relapp.storage.timeconv import from_db

_COLUMNS = "p.id, p.display_name, p.organisation, p.last_contact_at, p.archived_at"
_FTS = search_index.TABLE
_NAMES = search_index.NAMES


def _index(query: str) -> tuple[str, str | None]:
    """The index that answers ``query`` and its MATCH expression (None: no word to look
    for): the names-only index for one or two letters, which holds no positions."""
    short = names_expression(query)
    return (_NAMES, short) if short is not None else (_FTS, match_expression(query))


_SORT_KEY = "person_sort_key"  # (id, archived_at, sort_name): the name order's key by id


def _person_by_id(sort: PeopleSort) -> str:
    """``person p`` as the matches look it up: the narrow index of name-order keys when
    the list is in name order (SQLite would read each match's wide row: 2-2.5x the CPU
    at a million people)."""
    return f"person p INDEXED BY {_SORT_KEY}" if sort is PeopleSort.NAME else "person p"


def _matches(fts: str) -> str:
    return f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?"


WALK_PER_MATCH = 4  # rows of the name index walked for the cost of one match sorted
WALK_SLACK = 8  # a walk tries this many times the rows the share found predicts
WALK_AGAIN = 16  # and then this many times more


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
    fts, expression = _index(query)
    if expression is None:
        sql = f"SELECT count(*) FROM person p WHERE {_archived(archived)}"
        return int(conn.execute(sql).fetchone()[0])
    if _any_archived(db):
        # The matches among the archived, walked from the archived end of an index
        # ("+p.id": SQLite would look every match up by id instead).
        sql = (
            "SELECT count(*) FROM person p"
            f" WHERE p.archived_at IS NOT NULL AND +p.id IN ({_matches(fts)})"
        )
        archived_found = int(conn.execute(sql, (expression,)).fetchone()[0])
    else:
        archived_found = 0
    if archived:
        return archived_found
    sql = f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?"
    return int(conn.execute(sql, (expression,)).fetchone()[0]) - archived_found


def _walk_limit(sort: PeopleSort, found: int | None, everyone: int | None, end: int) -> int:
    """How many rows of the name index to take for a page ending at row ``end`` (0: sort
    the matches instead)."""
    if sort is not PeopleSort.NAME or not found or not everyone:
        return 0
    tried = int(WALK_SLACK * end * everyone / found)
    return tried if tried < WALK_PER_MATCH * found else 0  # else sorting costs less


def _dense(sort: PeopleSort, found: int | None, everyone: int | None) -> bool:
    """Whether the search finds so many that the name index is the way in."""
    if sort is not PeopleSort.NAME or not found or not everyone:
        return False
    return everyone <= WALK_PER_MATCH * found


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
    fts, expression = _index(query)
    order = people_order.order_by(sort, reverse=reverse)
    where = _archived(archived)
    conn = db.connection()
    if expression is None:
        sql = f"SELECT {_COLUMNS} FROM person p WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return _rows(conn.execute(sql, (limit, offset)))
    walk = _walk_limit(sort, found, everyone, offset + limit)
    while walk:  # the first ``walk`` rows in name order, and the matches among them
        taken = f"SELECT p.id FROM person p WHERE {where} ORDER BY {order} LIMIT ?"
        sql = (
            f"SELECT {_COLUMNS} FROM person p WHERE p.id IN"
            f" ({_matches(fts)} AND +rowid IN ({taken}))"  # "+": FTS5 is not asked row by row
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        rows = _rows(conn.execute(sql, (expression, walk, limit, offset)))
        if len(rows) == limit or offset + len(rows) == found:
            return rows  # far enough
        walk = walk * WALK_AGAIN if walk * WALK_AGAIN < WALK_PER_MATCH * (found or 0) else 0
    page_ids = (
        f"SELECT p.id FROM {fts} s CROSS JOIN {_person_by_id(sort)} ON p.id = s.rowid"
        f" WHERE {fts} MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    sql = f"SELECT {_COLUMNS} FROM person p WHERE p.id IN ({page_ids}) ORDER BY {order}"
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
    fts, expression = _index(query)
    ahead = people_order.before(sort, reverse=reverse)
    values = people_order.before_values(sort, key, reverse=reverse)
    where = _archived(archived)
    if expression is None:
        sql = f"SELECT count(*) FROM person p WHERE {where} AND {ahead}"
        return int(conn.execute(sql, values).fetchone()[0])
    shown = conn.execute(f"{_matches(fts)} AND rowid = ?", (expression, person_id)).fetchone()
    if shown is None:
        return None
    if _dense(sort, found, everyone):  # the matches among the rows ahead in name order
        rows_ahead = f"SELECT p.id FROM person p WHERE {where} AND {ahead}"
        sql = f"SELECT count(*) FROM ({_matches(fts)} AND +rowid IN ({rows_ahead}))"
        return int(conn.execute(sql, (expression, *values)).fetchone()[0])
    # CROSS JOIN keeps the matches the outer loop: SQLite would otherwise walk the name
    # index to the key and ask FTS5 about each row it passes (18 s on the full size).
    sql = (
        f"SELECT count(*) FROM {fts} s CROSS JOIN {_person_by_id(sort)} ON p.id = s.rowid"
        f" WHERE {fts} MATCH ? AND {where} AND {ahead}"
    )
    return int(conn.execute(sql, (expression, *values)).fetchone()[0])
