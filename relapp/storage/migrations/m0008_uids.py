"""A stable UID for every person, interaction, promise and introduction.

Sync (CardDAV/CalDAV) and re-imports recognise a record by its UID: the vCard or
iCalendar ``UID``, and the JSON file's ``uid``. Existing rows get a random UUID (version
4, lower-case text); every later insert that gives none gets one from an ``AFTER INSERT``
trigger, so every path that adds rows (dialogs, imports, restores, merges, the demo) is
covered without knowing about it. A unique index keeps two records from sharing one.
"""

from __future__ import annotations

import sqlite3

VERSION = 8
DESCRIPTION = "a stable uid for people, interactions, promises and introductions"

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


def apply(conn: sqlite3.Connection) -> None:
    # Not run_script: a trigger's body has semicolons of its own.
    for table in TABLES:
        for statement in statements(table):
            conn.execute(statement)
