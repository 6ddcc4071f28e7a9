"""Promises (yours and theirs) with due times, snoozes and notification state, and a
small key-value table for app state such as when Relapp last ran."""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 4
DESCRIPTION = "promises and app state"

SQL = """
CREATE TABLE promise (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    promiser TEXT NOT NULL CHECK (promiser IN ('me', 'them')),
    what TEXT NOT NULL,
    channel TEXT,
    due_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    snoozed_until INTEGER,
    last_notified_at INTEGER,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL
);
CREATE INDEX promise_by_status_due ON promise (status, due_at);
CREATE INDEX promise_by_person ON promise (person_id, status, due_at);

CREATE TABLE app_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
