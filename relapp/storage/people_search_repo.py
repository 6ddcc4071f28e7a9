"""The people list a page at a time: how many people a search finds, the rows of one
page of them in list order, and where in the list one person is.

Nothing here reads every id a search finds: one letter typed finds a quarter of
everyone (27,302 of 100,000; 273,000 of a million), and the list shows a hundred.
Counting is the FTS5 index's own count (``at_most``: the first matches only). The
indexes' rowids are the people's keys in name order (``search_keys``), and FTS5 hands
its matches over in rowid order, stopping when asked for no more: in name order a page
is the keys of its matches read from ``offset`` ("com" finds all of a million people:
a hundred keys are read), then their rows. Where a name prefix on the page is unordered
(a slot given out of name order), the matches up to the end of the page's last prefix
are sorted by name instead. Other orders, and the archived people, sort all the matches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from relapp.domain.model import PersonRow
from relapp.domain.search import match_expression, names_expression
from relapp.storage import chunks, people_order, search_index, search_keys
from relapp.storage.database import Database
from relapp.storage.people_order import PeopleSort
from relapp.storage.timeconv import from_db

_COLUMNS = "p.id, p.display_name, p.organisation, p.last_contact_at, p.archived_at"
_FTS = search_index.TABLE
_NAMES = search_index.NAMES
_KEYS = search_keys.KEYS
_NO_KEY = 1 << 63  # past every key


def _index(query: str) -> tuple[str, str | None]:
    """The index that answers ``query`` and its MATCH expression (None: no word to look
    for): the names-only index for one or two letters, which holds no positions."""
    short = names_expression(query)
    return (_NAMES, short) if short is not None else (_FTS, match_expression(query))


def _found_people(fts: str) -> str:
    """The matches (``s``, in key order), their keys (``k``) and people (``p``)."""
    return (
        f"{fts} s CROSS JOIN {_KEYS} k ON k.key = s.rowid CROSS JOIN person p ON p.id = k.person_id"
    )


def _matches(fts: str) -> str:
    return f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?"


def _archived(archived: bool) -> str:
    return "p.archived_at IS NOT NULL" if archived else "p.archived_at IS NULL"


# Everyone not archived: the whole table less the archived (an index range). SQLite
# counts a table without a condition a page of its smallest index at a time, reading no
# row; ``WHERE archived_at IS NULL`` reads every person's entry (3,000,000 steps of its
# machine at 1,000,000 people: 175-430 ms, against 26-51 ms).
_EVERYONE_SQL = (
    "SELECT (SELECT count(*) FROM person)"
    " - (SELECT count(*) FROM person WHERE archived_at IS NOT NULL)"
)
_ARCHIVED_SQL = "SELECT count(*) FROM person WHERE archived_at IS NOT NULL"


def count_everyone(db: Database, *, archived: bool = False) -> int:
    """How many people there are, archived or not (``archived``)."""
    sql = _ARCHIVED_SQL if archived else _EVERYONE_SQL
    return int(db.connection().execute(sql).fetchone()[0])


def _any_archived(db: Database) -> bool:
    row = (
        db.connection()
        .execute("SELECT EXISTS (SELECT 1 FROM person WHERE archived_at IS NOT NULL)")
        .fetchone()
    )
    return bool(row[0])


def _archived_found(
    conn: sqlite3.Connection, fts: str, expression: str, keys: str = "", bound: int = 0
) -> int:
    """The matches among the archived, walked from the archived end of an index ("+":
    SQLite would look every match up by key instead); ``keys``: a condition on
    ``k.key`` (``k.key < ?``), ``bound`` its value."""
    sql = (
        f"SELECT count(*) FROM person p CROSS JOIN {_KEYS} k ON k.person_id = p.id"
        f" WHERE p.archived_at IS NOT NULL AND +k.key IN ({_matches(fts)})"
    )
    if not keys:
        return int(conn.execute(sql, (expression,)).fetchone()[0])
    return int(conn.execute(f"{sql} AND {keys}", (expression, bound)).fetchone()[0])


def count_found(
    db: Database, query: str, *, archived: bool = False, at_most: int | None = None
) -> int:
    """How many people the list shows for ``query`` (archived ones, or the others);
    ``at_most``: counted no further (``at_most + 1`` says "more"), the first matches in
    key order, where FTS5 stops (the archived are counted in full)."""
    conn = db.connection()
    fts, expression = _index(query)
    if expression is None:
        return count_everyone(db, archived=archived)
    anyone_archived = _any_archived(db)
    if at_most is not None and not archived:
        if anyone_archived:
            first = (
                f"SELECT 1 FROM {_found_people(fts)} WHERE {fts} MATCH ? AND p.archived_at IS NULL"
            )
        else:
            first = _matches(fts)
        sql = f"SELECT count(*) FROM ({first} LIMIT ?)"
        return int(conn.execute(sql, (expression, at_most + 1)).fetchone()[0])
    archived_found = _archived_found(conn, fts, expression) if anyone_archived else 0
    if archived:
        return archived_found
    sql = f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?"
    return int(conn.execute(sql, (expression,)).fetchone()[0]) - archived_found


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
) -> list[PersonRow]:
    """The rows ``offset`` to ``offset + limit`` of the list for ``query``, in list
    order (``found``: ``count_found``, when known)."""
    if limit <= 0 or (found is not None and offset >= found):
        return []  # nothing there: not even the index's matches are read
    fts, expression = _index(query)
    order = people_order.order_by(sort, reverse=reverse)
    where = _archived(archived)
    conn = db.connection()
    if expression is None:
        sql = f"SELECT {_COLUMNS} FROM person p WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return _rows(conn.execute(sql, (limit, offset)))
    keys: str = ""
    values: tuple[int, ...] = ()
    if sort is PeopleSort.NAME and not archived:
        page = _keys_of_the_page(db, fts, expression, offset, limit, reverse=reverse)
        if not page:
            return []
        low, high = search_keys.group(min(page))[0], search_keys.group(max(page))[1]
        if search_keys.in_name_order(conn, low, high):  # key order is the list's
            return _rows_of_keys(conn, page)
        last = page[-1]  # its prefix put in name order, and those before it
        keys, values = (
            (" AND s.rowid >= ?", (search_keys.group(last)[0],))
            if reverse
            else (" AND s.rowid < ?", (search_keys.group(last)[1],))
        )
    page_ids = (
        f"SELECT p.id FROM {_found_people(fts)}"
        f" WHERE {fts} MATCH ? AND {where}{keys} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    sql = f"SELECT {_COLUMNS} FROM person p WHERE p.id IN ({page_ids}) ORDER BY {order}"
    return _rows(conn.execute(sql, (expression, *values, limit, offset)))


def counted_first_page(
    db: Database, query: str, *, limit: int, at_most: int, reverse: bool = False
) -> tuple[int, list[PersonRow]]:
    """In name order, the archived aside: how many ``query`` finds, counted to
    ``at_most`` (``at_most + 1``: more), and the list's first ``limit`` rows, from one
    reading of the index: the first keys of the matches, in key order (a search of two
    words reads both words' matches once, not once to count and again for the page)."""
    fts, expression = _index(query)
    if expression is None:
        raise ValueError("a search with no word in it shows everyone: count them")
    conn = db.connection()
    direction = "DESC" if reverse else ""
    sql = (  # the first keys counted in SQL, the page's handed over
        f"WITH m AS MATERIALIZED ({_keys_sql(db, fts, reverse=reverse)})"
        f" SELECT (SELECT count(*) FROM m), key FROM m ORDER BY key {direction} LIMIT ?"
    )
    read = conn.execute(sql, (expression, max(at_most + 1, limit), 0, limit)).fetchall()
    if not read:
        return 0, []
    found, page = min(read[0][0], at_most + 1), [key for _found, key in read]
    low, high = search_keys.group(min(page))[0], search_keys.group(max(page))[1]
    if search_keys.in_name_order(conn, low, high):
        return found, _rows_of_keys(conn, page)
    known = found if found <= at_most else None
    return found, people_page(db, query, limit=limit, reverse=reverse, found=known)


def _keys_sql(db: Database, fts: str, *, reverse: bool) -> str:
    """In key order: the keys (``key``) of the matches shown, from the ``?`` offset and
    as many as the ``?`` limit (after the expression's ``?``: FTS5 reads no further)."""
    direction = "DESC" if reverse else ""
    if _any_archived(db):
        return (
            f"SELECT s.rowid AS key FROM {_found_people(fts)} WHERE {fts} MATCH ?"
            f" AND p.archived_at IS NULL ORDER BY s.rowid {direction} LIMIT ? OFFSET ?"
        )
    return (
        f"SELECT rowid AS key FROM {fts} WHERE {fts} MATCH ?"
        f" ORDER BY rowid {direction} LIMIT ? OFFSET ?"
    )


def _keys_of_the_page(
    db: Database, fts: str, expression: str, offset: int, limit: int, *, reverse: bool
) -> list[int]:
    """In key order: the keys of the matches shown from ``offset``, ``limit`` of them."""
    sql = _keys_sql(db, fts, reverse=reverse)
    return [key for (key,) in db.connection().execute(sql, (expression, limit, offset))]


def _rows_of_keys(conn: sqlite3.Connection, keys: list[int]) -> list[PersonRow]:
    """The people of these keys, in this order."""
    sql = (
        f"SELECT k.key, {_COLUMNS} FROM {_KEYS} k CROSS JOIN person p ON p.id = k.person_id"
        " WHERE k.key IN ({marks})"
    )
    found = {row[0]: row[1:] for row in chunks.rows_in(conn, sql, keys)}
    return _rows(found[key] for key in keys if key in found)


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
) -> int | None:
    """The row of ``person_id`` in the list for ``query``, or None when the list does
    not show them: the rows ahead counted (in name order: the matches of the name
    prefixes ahead, counted by the index, and those ahead within the person's own)."""
    conn = db.connection()
    row = conn.execute(
        f"SELECT {people_order.key_columns(sort)}, p.archived_at IS NOT NULL, k.key"
        f" FROM person p LEFT JOIN {_KEYS} k ON k.person_id = p.id WHERE p.id = ?",
        (person_id,),
    ).fetchone()
    if row is None or bool(row[-2]) != archived:
        return None
    key, person_key = tuple(row[:-2]), row[-1]
    fts, expression = _index(query)
    ahead = people_order.before(sort, reverse=reverse)
    values = people_order.before_values(sort, key, reverse=reverse)
    where = _archived(archived)
    if expression is None:
        sql = f"SELECT count(*) FROM person p WHERE {where} AND {ahead}"
        return int(conn.execute(sql, values).fetchone()[0])
    shown = conn.execute(f"{_matches(fts)} AND rowid = ?", (expression, person_key)).fetchone()
    if shown is None:
        return None
    within = ""
    before_prefix = 0
    if sort is PeopleSort.NAME and not archived:
        low, high = search_keys.group(int(person_key))
        if search_keys.in_name_order(conn, low, high):  # the matches ahead in key order
            keys = "k.key > ?" if reverse else "k.key < ?"
            return _count_keys(db, fts, expression, keys, int(person_key))
        within, bounds = " AND s.rowid >= ? AND s.rowid < ?", (low, high)
        keys = "k.key >= ?" if reverse else "k.key < ?"
        bound = high if reverse else low
        before_prefix = _count_keys(db, fts, expression, keys, bound)
        values = (*bounds, *values)
    sql = (
        f"SELECT count(*) FROM {_found_people(fts)}"
        f" WHERE {fts} MATCH ? AND {where}{within} AND {ahead}"
    )
    return before_prefix + int(conn.execute(sql, (expression, *values)).fetchone()[0])


def _count_keys(db: Database, fts: str, expression: str, keys: str, bound: int) -> int:
    """The matches shown whose keys meet ``keys`` (``k.key < ?``): the index counts,
    less the archived among them."""
    conn = db.connection()
    sql = f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ? AND {keys.replace('k.key', 'rowid')}"
    counted = int(conn.execute(sql, (expression, bound)).fetchone()[0])
    if not _any_archived(db):
        return counted
    return counted - _archived_found(conn, fts, expression, keys, bound)
