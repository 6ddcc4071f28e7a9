"""Peewee's handle on the database file, made at the first transaction
(``connections.py``): start-up's reads run on plain ``sqlite3`` connections and do not
import peewee. The connection a thread already has becomes its peewee connection.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import peewee as pw


class AdoptingSqliteDatabase(pw.SqliteDatabase):
    """A ``SqliteDatabase`` whose connection in a thread that already has one open
    (``adopt``: connections by thread id, shared with its owner and emptied here) is
    that one, with peewee's pragmas set on it again; other threads get peewee's own."""

    def __init__(
        self,
        *args: Any,
        adopt: dict[int, sqlite3.Connection],
        refused: Callable[[], None] = lambda: None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._adopt = adopt
        self._refused = refused  # raises while the file must not be opened or used

    # Every use of a connection passes through one of these; each asks first, outside
    # peewee's exception wrapper (which would turn the refusal into its own error).
    def begin(self, *args: Any, **kwargs: Any) -> None:
        self._refused()
        super().begin(*args, **kwargs)

    def execute_sql(self, *args: Any, **kwargs: Any) -> Any:
        self._refused()
        return super().execute_sql(*args, **kwargs)

    def connection(self) -> sqlite3.Connection:
        self._refused()
        return super().connection()

    def cursor(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._refused()
        return super().cursor(*args, **kwargs)

    # Peewee's own hooks for this (``_connect`` makes a connection, ``_add_conn_hooks``
    # sets the pragmas), which its type hints leave out.
    def _connect(self) -> sqlite3.Connection:
        conn = self._adopt.pop(threading.get_ident(), None)
        if conn is None:
            return super()._connect()  # type: ignore[misc]
        try:
            self._add_conn_hooks(conn)  # type: ignore[attr-defined]
        except Exception:
            conn.close()
            raise
        return conn


def make(
    path: str,
    adopt: dict[int, sqlite3.Connection],
    *,
    timeout: float,
    pragmas: dict[str, int],
    refused: Callable[[], None] = lambda: None,
) -> pw.SqliteDatabase:
    return AdoptingSqliteDatabase(
        path, adopt=adopt, refused=refused, timeout=timeout, pragmas=pragmas, autoconnect=True
    )
