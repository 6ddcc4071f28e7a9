"""History capture: where each captured interaction came from, so that capturing the
same or a grown archive again adds only what is new, and a capture (an import batch)
can be undone as a whole.

- ``captured_interaction``: an interaction that capture wrote (hand-logged ones have no
  row here), with its batch, its source, the messages in it and a call's duration.
- ``capture_key``: every key capture took (interaction keys like
  "mail-thread:<root>#<day>", message keys like "mail:<Message-ID>"), unique. When you
  delete a captured entry by hand its keys stay (``interaction_id`` becomes NULL), so
  the next capture does not bring it back; undoing the batch removes them.
- ``import_batch.interactions``: how many interactions a capture added.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 8
DESCRIPTION = "history capture: captured interactions and their source keys"

SQL = """
CREATE TABLE captured_interaction (
    interaction_id INTEGER PRIMARY KEY REFERENCES interaction (id) ON DELETE CASCADE,
    batch_id INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 1,
    duration_seconds INTEGER
);
CREATE INDEX captured_interaction_by_batch ON captured_interaction (batch_id);

CREATE TABLE capture_key (
    key TEXT PRIMARY KEY,
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    batch_id INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX capture_key_by_batch ON capture_key (batch_id);
CREATE INDEX capture_key_by_interaction ON capture_key (interaction_id);

ALTER TABLE import_batch ADD COLUMN interactions INTEGER NOT NULL DEFAULT 0
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
