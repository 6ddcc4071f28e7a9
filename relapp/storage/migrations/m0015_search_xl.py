"""Search at a million people.

- Searches of one or two letters: a names-only index (``search_index.NAMES``), filled
  from the whole index (1 s at 100,000 people, 15 s at a million, 58 MB).
- ``person_sort_key``: each person's id, archived mark and sort name, narrow, so the
  matches of a search are put in name order without reading their wide rows
  (``people_search_repo``; 24 MB at a million).
"""

from __future__ import annotations

import sqlite3

from relapp.storage import search_index

VERSION = 15
DESCRIPTION = "search: a names-only index for one or two letters; the name order's keys"


def apply(conn: sqlite3.Connection) -> None:
    search_index.create_names(conn)
    conn.execute("CREATE INDEX person_sort_key ON person (id, archived_at, sort_name)")
