"""History capture: a day captured before that grew since grows its one entry.

- ``captured_growth``: one row per entry a capture grew (new messages on a thread-day
  or chat-day captured before), with the entry as it was just before (``before``) and
  what the new messages alone are (``growth``), both JSON (``EntryState``). Undoing that
  capture puts ``before`` back and folds the later growths in again; the row goes with
  its batch or its entry.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 13
DESCRIPTION = "history capture: entries grown by a later capture"

SQL = """
CREATE TABLE captured_growth (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    before TEXT NOT NULL,
    growth TEXT NOT NULL
);
CREATE INDEX captured_growth_by_batch ON captured_growth (batch_id);
CREATE INDEX captured_growth_by_interaction ON captured_growth (interaction_id, id)
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
