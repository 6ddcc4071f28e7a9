"""Introductions: who introduced whom to whom, when and where. NULL stands for you
("Me"), who can be any one of the three."""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 5
DESCRIPTION = "introductions"

SQL = """
CREATE TABLE introduction (
    id INTEGER PRIMARY KEY,
    introducer_id INTEGER REFERENCES person (id) ON DELETE CASCADE,
    person_a_id INTEGER REFERENCES person (id) ON DELETE CASCADE,
    person_b_id INTEGER REFERENCES person (id) ON DELETE CASCADE,
    occurred_on TEXT,
    context TEXT NOT NULL DEFAULT '',
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK ((introducer_id IS NULL) + (person_a_id IS NULL) + (person_b_id IS NULL) <= 1),
    CHECK (introducer_id IS NOT person_a_id AND introducer_id IS NOT person_b_id
           AND person_a_id IS NOT person_b_id)
);
CREATE INDEX introduction_by_introducer ON introduction (introducer_id);
CREATE INDEX introduction_by_a ON introduction (person_a_id);
CREATE INDEX introduction_by_b ON introduction (person_b_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
