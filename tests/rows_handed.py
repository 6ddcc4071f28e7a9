"""Counting the rows SQLite hands to Python: how a test sees that a search reads a page
of people and not every id it finds (issue 18)."""

from __future__ import annotations

import pytest

from relapp.storage import Database


def count_rows_handed(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every row a statement on ``db`` hands to Python from now on."""
    handed = [0]
    real = db.connection

    class Counted:
        def __init__(self, cursor) -> None:  # type: ignore[no-untyped-def]
            self.cursor = cursor

        def __iter__(self):  # type: ignore[no-untyped-def]
            for row in self.cursor:
                handed[0] += 1
                yield row

        def fetchone(self):  # type: ignore[no-untyped-def]
            row = self.cursor.fetchone()
            handed[0] += row is not None
            return row

        def fetchall(self):  # type: ignore[no-untyped-def]
            rows = self.cursor.fetchall()
            handed[0] += len(rows)
            return rows

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.cursor, name)

    class Connection:
        def __init__(self, conn) -> None:  # type: ignore[no-untyped-def]
            self.conn = conn

        def execute(self, *args):  # type: ignore[no-untyped-def]
            return Counted(self.conn.execute(*args))

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.conn, name)

    monkeypatch.setattr(db, "connection", lambda: Connection(real()))
    return handed
