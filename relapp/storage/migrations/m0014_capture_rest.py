"""History capture: how many entries an import grew, kept with the import.

- ``import_batch.grown``: how many captured entries a capture grew (days captured before
  that had new messages, ``captured_growth``). Kept when the capture is undone (its
  ``captured_growth`` rows go), so File ▸ Imports… still says what it did, as it does
  for ``created`` and ``interactions``. Filled in from ``captured_growth`` for the
  captures made before.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 14
DESCRIPTION = "history capture: the entries an import grew"

SQL = """
ALTER TABLE import_batch ADD COLUMN grown INTEGER NOT NULL DEFAULT 0;
UPDATE import_batch SET grown = (
    SELECT COUNT(*) FROM captured_growth g WHERE g.batch_id = import_batch.id
)
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
