"""A promise's own time zone (issue 16): the IANA name of the zone its wall-clock time
is meant in, for a task written on a phone in another zone (``DUE;TZID=America/
New_York``) or a promise that keeps its zone while the user travels. NULL (every
existing promise): the user's zone, whatever it is at the time, as before.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 16
DESCRIPTION = "a promise's own time zone"

SQL = """
ALTER TABLE promise ADD COLUMN time_zone TEXT
"""


def apply(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(promise)")}
    if "time_zone" not in columns:  # (a database marked older than it is: nothing to add)
        run_script(conn, SQL)
