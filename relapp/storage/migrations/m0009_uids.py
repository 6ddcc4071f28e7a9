"""A stable UID for every person, interaction, promise and introduction.

Sync (CardDAV/CalDAV) and re-imports recognise a record by its UID: the vCard or
iCalendar ``UID``, and the JSON file's ``uid``. Existing rows get a random UUID (version
4, lower-case text); every later insert that gives none gets one from an ``AFTER INSERT``
trigger, so every path that adds rows (dialogs, imports, restores, merges, the demo) is
covered without knowing about it. A unique index keeps two records from sharing one.

The sync state lives beside them (``storage/sync_repo.py``): per collection on the
server its URL and sync token; per item the person's (or record's) uid, its href, ETag,
a hash of what it meant at the last sync, the server's original text (so Relapp edits
only what it changed) and the local ``updated_at`` it was synced at. Items are kept by
uid, not by a foreign key, so a person deleted here is still known to the sync (and
deleted on the server).
"""

from __future__ import annotations

import sqlite3

VERSION = 9
DESCRIPTION = "a stable uid for people, interactions, promises and introductions; sync state"

TABLES = ("person", "interaction", "promise", "introduction")

# A version 4 UUID from SQLite's own random bytes (SQLite has no uuid() built in).
NEW_UID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' ||"
    " substr('89ab', 1 + (abs(random()) % 4), 1) ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def statements(table: str) -> tuple[str, ...]:
    return (
        f"ALTER TABLE {table} ADD COLUMN uid TEXT",
        f"UPDATE {table} SET uid = {NEW_UID}",
        f"CREATE UNIQUE INDEX {table}_by_uid ON {table} (uid)",
        f"CREATE TRIGGER {table}_gets_a_uid AFTER INSERT ON {table}"
        f" FOR EACH ROW WHEN NEW.uid IS NULL BEGIN"
        f" UPDATE {table} SET uid = {NEW_UID} WHERE id = NEW.id; END",
    )


SYNC_STATE = (
    """CREATE TABLE sync_collection (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        url TEXT NOT NULL UNIQUE,
        sync_token TEXT,
        synced_at INTEGER
    )""",
    """CREATE TABLE sync_item (
        collection_id INTEGER NOT NULL REFERENCES sync_collection (id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        href TEXT NOT NULL,
        etag TEXT NOT NULL DEFAULT '',
        hash TEXT NOT NULL,
        original TEXT NOT NULL,
        local_rev INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (collection_id, uid)
    ) WITHOUT ROWID""",
    "CREATE INDEX sync_item_by_href ON sync_item (collection_id, href)",
)


def apply(conn: sqlite3.Connection) -> None:
    # Not run_script: a trigger's body has semicolons of its own.
    for table in TABLES:
        for statement in statements(table):
            conn.execute(statement)
    for statement in SYNC_STATE:
        conn.execute(statement)
