"""Queries over many values with ``IN (…)``, a chunk at a time.

SQLite refuses a statement with more parameters than ``SQLITE_MAX_VARIABLE_NUMBER``
(999 before SQLite 3.32, 32,766 since; a build may set it lower). Every query of the
storage layer whose ``IN`` list grows with the data goes through ``rows_in`` or
``execute_in``, which run it once per ``CHUNK`` values, so none is ever refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

CHUNK = 500
"""Values per statement: under the oldest limit (999) with room for a few other
parameters beside the list."""
ROWS = 500
"""Rows per statement of ``insert_rows`` at most (fewer where the build's parameter
limit says so)."""


def chunked(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """The values in lists of at most ``size``, in order."""
    if size < 1:
        raise ValueError("a chunk holds at least one value")
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def marks(count: int) -> str:
    """``?,?,?`` for ``count`` parameters."""
    return ",".join("?" * count)


def rows_in(
    conn: sqlite3.Connection,
    sql: str,
    values: Iterable[Any],
    *,
    before: Sequence[Any] = (),
    after: Sequence[Any] = (),
    size: int = CHUNK,
) -> Iterator[Any]:
    """The rows of ``sql`` for every chunk of ``values``, chunk after chunk.

    ``sql`` names the list once as ``{marks}``: ``"SELECT id FROM person WHERE id IN
    ({marks})"``. ``before`` and ``after`` are the parameters that come before and after
    the list in the statement. Order across chunks is the chunks' order; an ``ORDER BY``
    orders within a chunk only."""
    for chunk in chunked(values, size):
        yield from conn.execute(sql.format(marks=marks(len(chunk))), (*before, *chunk, *after))


def execute_in(
    conn: sqlite3.Connection,
    sql: str,
    values: Iterable[Any],
    *,
    before: Sequence[Any] = (),
    after: Sequence[Any] = (),
    size: int = CHUNK,
) -> None:
    """Run a statement that returns nothing (``DELETE``, ``UPDATE``) for every chunk."""
    for _ in rows_in(conn, sql, values, before=before, after=after, size=size):
        pass


def insert_rows(
    conn: sqlite3.Connection, head: str, rows: Iterable[Sequence[Any]], width: int
) -> None:
    """``head`` (``"INSERT INTO t (a, b)"``) with each of ``rows`` (``width`` values
    each), in order, many rows to a statement: ``VALUES (?, ?), (?, ?), …``.

    ``executemany`` runs one statement per row, and a statement that may write more
    than one row (a table with triggers: most of Relapp's) keeps a journal of its own
    in the transaction, to undo it alone on an error: each row copied every page it
    touched (the table's and each index's) aside first, some 680 MB for a 10,000-card
    import. A statement of many rows copies each page once."""
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    row = f"({marks(width)})"
    for chunk in chunked(rows, max(1, min(ROWS, limit // width))):
        values = [value for one in chunk for value in one]
        conn.execute(f"{head} VALUES {','.join([row] * len(chunk))}", values)
