"""Import batches: each vCard or JSON import is recorded (file, checksum, counts) with
what it changed, so it can be undone as a whole and a re-import recognised."""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 3
DESCRIPTION = "import batches and the changes each made"

SQL = """
CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    created INTEGER NOT NULL DEFAULT 0,
    merged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    undone_at INTEGER
);
CREATE INDEX import_batch_by_checksum ON import_batch (checksum);

CREATE TABLE import_change (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('created', 'merged')),
    before_json TEXT,
    card_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_change_by_batch ON import_change (batch_id);
CREATE INDEX import_change_by_card ON import_change (card_key);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
