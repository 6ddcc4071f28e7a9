"""What changed here since the last sync, kept by triggers (issue 16): a sync with
nothing to do then reads what changed, not every record.

``sync_dirty`` has one row per record changed (written, or deleted: then with its uid,
as its row is gone) since a sync last sent it: people (with what makes a person's card:
photo, contact points, tags), promises, history entries (with their people) and
introductions. Each mark has a number from one counter (``sync_seq``), new at every
change, so a sync that read a mark removes it only if no change came after it was read
(the user may edit someone while the sync talks to the server).

The triggers mark only while the part syncs to some collection (a row of that kind in
``sync_collection``): a database that never syncs pays nothing on an import. A
collection's first sync reads everything (``sync_collection.local_seq`` is NULL until
then) and keeps the counter it read from; later syncs read the marks only.
"""

from __future__ import annotations

import sqlite3

VERSION = 12
DESCRIPTION = "marks of what changed here since the last sync"

TABLES = (
    """CREATE TABLE sync_dirty (
        kind TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        uid TEXT,
        seq INTEGER NOT NULL,
        PRIMARY KEY (kind, row_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX sync_dirty_by_seq ON sync_dirty (kind, seq)",
    "CREATE TABLE sync_seq (n INTEGER NOT NULL)",
    "INSERT INTO sync_seq (n) VALUES (0)",
    "ALTER TABLE sync_collection ADD COLUMN local_seq INTEGER",
)

PART = {
    "person": "people",
    "promise": "promises",
    "interaction": "history",
    "introduction": "history",
}


def _mark(kind: str, row_id: str, uid: str = "NULL") -> str:
    """The statements that mark one record (inside a trigger's body)."""
    return (
        "UPDATE sync_seq SET n = n + 1;"
        f" DELETE FROM sync_dirty WHERE kind = '{kind}' AND row_id = {row_id};"
        f" INSERT INTO sync_dirty (kind, row_id, uid, seq)"
        f" VALUES ('{kind}', {row_id}, {uid}, (SELECT n FROM sync_seq));"
    )


def _when(kind: str) -> str:
    return f"EXISTS (SELECT 1 FROM sync_collection WHERE kind = '{PART[kind]}')"


def _triggers() -> list[str]:
    out: list[str] = []
    # The records themselves: written or deleted.
    for table in ("person", "promise", "interaction", "introduction"):
        when = _when(table)
        out.append(
            f"CREATE TRIGGER {table}_marks_insert AFTER INSERT ON {table} WHEN {when}"
            f" BEGIN {_mark(table, 'NEW.id')} END"
        )
        out.append(
            f"CREATE TRIGGER {table}_marks_update AFTER UPDATE ON {table} WHEN {when}"
            f" BEGIN {_mark(table, 'NEW.id')} END"
        )
        out.append(
            f"CREATE TRIGGER {table}_marks_delete AFTER DELETE ON {table} WHEN {when}"
            f" BEGIN {_mark(table, 'OLD.id', 'OLD.uid')} END"
        )
    # What a person's card says besides the person row; a history entry's people.
    for table, kind, column in (
        ("person_photo", "person", "person_id"),
        ("contact_point", "person", "person_id"),
        ("person_tag", "person", "person_id"),
        ("interaction_person", "interaction", "interaction_id"),
    ):
        when = _when(kind)
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            out.append(
                f"CREATE TRIGGER {table}_marks_{event.lower()} AFTER {event} ON {table}"
                f" WHEN {when} BEGIN {_mark(kind, f'{row}.{column}')} END"
            )
    # A tag renamed renames it on the card of everyone who has it.
    out.append(
        "CREATE TRIGGER tag_marks_rename AFTER UPDATE OF name ON tag"
        f" WHEN {_when('person')} BEGIN"
        " UPDATE sync_seq SET n = n + 1;"
        " DELETE FROM sync_dirty WHERE kind = 'person' AND row_id IN"
        " (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);"
        " INSERT INTO sync_dirty (kind, row_id, uid, seq)"
        " SELECT 'person', person_id, NULL, (SELECT n FROM sync_seq)"
        " FROM person_tag WHERE tag_id = NEW.id; END"
    )
    return out


def apply(conn: sqlite3.Connection) -> None:
    # Not run_script: a trigger's body has semicolons of its own.
    for statement in (*TABLES, *_triggers()):
        conn.execute(statement)
