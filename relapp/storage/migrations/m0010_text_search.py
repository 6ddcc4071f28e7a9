"""Search over what you wrote down: FTS5 indexes over interaction summaries and notes,
promise text and introduction context, kept in step by triggers.

Each index is an external-content FTS5 table over its own table (the text is stored
once); its rowid is the record's id. Triggers add, replace and remove a record's words
in the same statement as the change, so every writer (the services, bulk imports,
restores, merges, cascading deletes) keeps the indexes right without knowing of them.
The indexes are built here for the rows that already exist.

FTS5 writes each trigger's row to disk on its own (a statement inside a trigger opens a
savepoint, and FTS5 flushes at every savepoint): 4x slower than one statement for many
rows. So a bulk insert may pause the insert and delete triggers for the length of its
own transaction, with a row in ``text_index_paused``, and index its rows in one
statement (``storage/text_search_repo.py: indexed_in_bulk``). No other connection ever
sees that row: it is gone when the transaction commits or rolls back.
"""

from __future__ import annotations

import sqlite3

VERSION = 10
DESCRIPTION = "full-text search over interactions, promises and introductions"

# Prefix indexes for two to six letters: a word typed so far is looked up newest first
# without gathering every row that has it (domain/text_search.py: PREFIX_INDEX).
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'"


def _index(table: str, columns: tuple[str, ...]) -> str:
    """The FTS5 table ``<table>_text`` over ``columns`` of ``table`` and its triggers."""
    fts = f"{table}_text"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    remove = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.id, {new});"
    unless = "WHEN NOT EXISTS (SELECT 1 FROM text_index_paused)"
    return f"""
CREATE VIRTUAL TABLE {fts} USING fts5(
    {cols}, content = '{table}', content_rowid = 'id', {_TOKENIZE}
);
CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} {unless} BEGIN {add} END;
CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} {unless} BEGIN {remove} END;
CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN {remove} {add} END;
INSERT INTO {fts} ({fts}) VALUES ('rebuild');
"""


SQL = (
    "CREATE TABLE text_index_paused (id INTEGER PRIMARY KEY);"
    + _index("interaction", ("summary", "notes"))
    + _index("promise", ("what",))
    + _index("introduction", ("context",))
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in _statements(SQL):
        conn.execute(statement)


def _statements(sql: str) -> list[str]:
    """The script's statements; a trigger's body keeps its own semicolons."""
    out: list[str] = []
    pending = ""
    for part in sql.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    return out
