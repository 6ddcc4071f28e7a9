"""Reminders that recur and occasions that notify (issue 17, items 3 and 4).

- A person's anniversary: month, day and an optional year, like the birthday.
- A promise's repeat rule (an RFC 5545 ``RRULE`` value; NULL: it does not repeat) and
  the occurrence it follows (the one done or cancelled that scheduled it), so undoing
  that Done removes the occurrence it made.
- ``occasion_notice``: the birthday and anniversary notices already shown, one row per
  person, kind, the occasion's year and how many days ahead, so none is shown twice.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 11
DESCRIPTION = "anniversaries, recurring promises, occasion notices"

SQL = """
ALTER TABLE person ADD COLUMN anniversary_month INTEGER;
ALTER TABLE person ADD COLUMN anniversary_day INTEGER;
ALTER TABLE person ADD COLUMN anniversary_year INTEGER;
ALTER TABLE promise ADD COLUMN recurrence TEXT;
ALTER TABLE promise ADD COLUMN follows_id INTEGER REFERENCES promise (id) ON DELETE SET NULL;
CREATE INDEX promise_by_follows ON promise (follows_id) WHERE follows_id IS NOT NULL;
CREATE TABLE occasion_notice (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('birthday', 'anniversary')),
    year INTEGER NOT NULL,
    days_before INTEGER NOT NULL,
    notified_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, kind, year, days_before)
) WITHOUT ROWID
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
