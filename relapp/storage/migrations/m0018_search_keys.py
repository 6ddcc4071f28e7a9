"""Search at a million people, in name order: the people's search indexes (the whole
one and the names-only one) keyed by each person's place in name order
(``search_keys``) instead of their id, so that the first page of a search that finds
most of a million is read without reading the rest. ``person_name_key`` maps keys to
people with the sort name each key was given for (46 MB at a million, its index
included); ``person_name_unordered`` lists the name prefixes whose keys a later write
put out of name order (none after this migration); ``person_sort_key`` is no longer
needed. At a million people: 12 min at load 11-15 on 2 cores, the backup copy
included; the old index's pages (about 600 MB) are left free for later writes.
"""

from __future__ import annotations

import sqlite3

from relapp.storage import search_index

VERSION = 18
DESCRIPTION = "search: the people's search indexes keyed in name order"


def apply(conn: sqlite3.Connection) -> None:
    search_index.rekey(conn)
    conn.execute("DROP INDEX IF EXISTS person_sort_key")
