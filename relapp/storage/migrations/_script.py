"""Running a migration's SQL script statement by statement on the caller's transaction."""

from __future__ import annotations

import sqlite3


def run_script(conn: sqlite3.Connection, sql: str) -> None:
    # Not conn.executescript(): that would commit, and a migration must stay one
    # transaction with its version bump.
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)
