"""Pairs of people the user said are not the same person ("Not the same person" in
Possible duplicates), so the pair is not offered again. The lower id comes first."""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 6
DESCRIPTION = "pairs of people known not to be the same person"

SQL = """
CREATE TABLE not_duplicate (
    person_low_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    person_high_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    decided_at INTEGER NOT NULL,
    PRIMARY KEY (person_low_id, person_high_id),
    CHECK (person_low_id < person_high_id)
) WITHOUT ROWID;
CREATE INDEX not_duplicate_by_high ON not_duplicate (person_high_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
