"""The "Today" list at a million people.

- Each person's health summary, kept (``storage.health_summary_repo``): the Today list
  and everyone's scores read one small record a person instead of every interaction.
  Built here for everyone: 29 s of CPU at a million people (220 s wall at load 15 on
  2 cores); the progress goes to the log every 10%. A new database has nobody to build.
- Birthdays and anniversaries by (month * 100 + day), of people not archived: the
  days coming up are a few index ranges, not a scan of every person
  (``occasions_repo.occasions_on``).
"""

from __future__ import annotations

import logging
import sqlite3
import time

from relapp.storage import health_records

VERSION = 17
DESCRIPTION = "health: each person's summary, kept by triggers and the writer"

_log = logging.getLogger(__name__)
INDEXES = (
    "CREATE INDEX IF NOT EXISTS person_birthday_on ON person"
    " (birthday_month * 100 + birthday_day) WHERE archived_at IS NULL",
    "CREATE INDEX IF NOT EXISTS person_anniversary_on ON person"
    " (anniversary_month * 100 + anniversary_day) WHERE archived_at IS NULL",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in INDEXES:
        conn.execute(statement)
    health_records.create(conn)
    if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM person)").fetchone()[0]:
        return  # nobody to build (a new database): numpy is not even imported
    from relapp.storage import health_summary_repo

    started = time.monotonic()
    said = [0]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth > said[0]:
            said[0] = tenth
            _log.info(
                "health summaries: %d of %d people (%.0f s)",
                done,
                total,
                time.monotonic() - started,
            )

    health_summary_repo.build(conn, progress)
