"""Each thread's connection to the database file: plain ``sqlite3`` until peewee is
needed, then peewee's.

Start-up reads (the people list, its first page, the count) need no transaction, so
they run on plain connections, one per thread, and peewee is not imported for them.
The first transaction (``Database.atomic`` or ``read``) makes peewee's handle
(``peewee_db.py``), which takes over each thread's open connection as that thread's
peewee connection: a thread keeps one connection whichever asked first.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from relapp.domain.errors import DatabaseClosedForRestore

if TYPE_CHECKING:
    import peewee as pw

# Every connection's pragmas (peewee sets them again on a connection it takes over).
PRAGMAS = {"foreign_keys": 1, "synchronous": 1, "cache_size": -16000}


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection as peewee makes them (autocommit mode: transactions are explicit),
    with the pragmas every connection gets."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
    try:
        for pragma, value in PRAGMAS.items():
            conn.execute(f"PRAGMA {pragma} = {value}")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


class Connections:
    """The connections of one ``Database``. ``peewee_db``: peewee's handle when the
    caller made it already (a read-only database); ``opened``: the connection that
    opened the file, this thread's."""

    def __init__(
        self,
        path: Path,
        busy_timeout: float,
        peewee_db: pw.SqliteDatabase | None = None,
        opened: sqlite3.Connection | None = None,
    ) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._peewee = peewee_db
        self._lock = threading.Lock()
        # Plain connections by thread; handed to peewee (and emptied) when it is made.
        self._plain: dict[int, sqlite3.Connection] = {}
        self.refusal: str | None = None  # why no connection may be made or used now
        if opened is not None:
            self._plain[threading.get_ident()] = opened

    @property
    def peewee(self) -> pw.SqliteDatabase:
        if self._peewee is None:
            with self._lock:
                if self._peewee is None:
                    from relapp.storage.peewee_db import make

                    self._peewee = make(
                        str(self.path),
                        self._plain,
                        timeout=self.busy_timeout,
                        pragmas=PRAGMAS,
                        refused=self.refuse_if_closed,
                    )
        return self._peewee

    def refuse_if_closed(self) -> None:
        """``DatabaseClosedForRestore`` (a ``DatabaseLocked``) during a restore."""
        reason = self.refusal
        if reason is not None:
            raise DatabaseClosedForRestore(
                self.path, f"{reason} is under way; the database cannot be used until it ends."
            )

    def connection(self) -> sqlite3.Connection:
        self.refuse_if_closed()
        if self._peewee is None:
            with self._lock:
                if self._peewee is None:
                    me = threading.get_ident()
                    conn = self._plain.get(me)
                    if conn is None:
                        conn = self._plain[me] = connect(self.path, self.busy_timeout)
                    return conn
        return self._peewee.connection()

    @property
    def is_open(self) -> bool:
        """Whether this thread has its connection open (as peewee says of its own)."""
        with self._lock:
            if threading.get_ident() in self._plain:
                return True
        return self._peewee is not None and not self._peewee.is_closed()

    def close(self) -> None:
        """Close this thread's connection."""
        with self._lock:
            conn = self._plain.pop(threading.get_ident(), None)
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        if self._peewee is not None and not self._peewee.is_closed():
            self._peewee.close()
