"""The people list a page at a time: how many people a search finds, the rows of one
page of them in list order, and where in the list one person is.

Nothing here reads every id a search finds: one letter typed finds a quarter of
everyone (27,302 of 100,000; 273,000 of a million), and the list shows a hundred.
Counting is the FTS5 index's own count. A page is read by one of two plans, chosen by
how many the search found: few, from the index's matches joined to ``person`` and
sorted (the cost grows with the matches); many, by walking ``person`` in name order
(its index) and keeping those among the matches, which stops after the page (the cost
grows with how far down the page is, divided by the share found).
"""

from __future__ import annotations

from relapp.domain.model import PersonRow
from relapp.domain.search import match_expression
from relapp.storage import people_order, search_index
from relapp.storage.database import Database
from relapp.storage.people_order import PeopleSort
from relapp.storage.timeconv import from_db

_COLUMNS = "p.id, p.display_name, p.organisation, p.last_contact_at, p.archived_at"
_FTS = search_index.TABLE
_MATCHES = f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH ?"
# Walking the name index costs about a third of a joined and sorted match a row.
WALK_PER_MATCH = 3


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


def _walks_the_index(sort: PeopleSort, found: int | None, everyone: int | None, end: int) -> bool:
    """Whether a page ending at row ``end`` is read by walking the name index: the
    rows walked (``end`` over the share found) cost less than sorting every match."""
    if sort is not PeopleSort.NAME or found is None or everyone is None or found <= 0:
        return False
    return end * everyone <= WALK_PER_MATCH * found * found


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
    expression = match_expression(query)
    order = people_order.order_by(sort, reverse=reverse)
    where = _archived(archived)
    params: tuple[object, ...] = (limit, offset)
    if expression is None:
        sql = f"SELECT {_COLUMNS} FROM person p WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    elif _walks_the_index(sort, found, everyone, offset + limit):
        sql = (
            f"SELECT {_COLUMNS} FROM person p WHERE {where} AND p.id IN ({_MATCHES})"
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        params = (expression, *params)
    else:
        sql = (
            f"SELECT {_COLUMNS} FROM {_FTS} s JOIN person p ON p.id = s.rowid"
            f" WHERE {_FTS} MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        params = (expression, *params)
    return [
        PersonRow(pid, name, org, from_db(last), archived_at is not None)
        for pid, name, org, last, archived_at in db.connection().execute(sql, params)
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
    not show them."""
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
    sql = (
        f"SELECT count(*) FROM {_FTS} s JOIN person p ON p.id = s.rowid"
        f" WHERE {_FTS} MATCH ? AND {where} AND {ahead}"
    )
    return int(conn.execute(sql, (expression, *values)).fetchone()[0])
