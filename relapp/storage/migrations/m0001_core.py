"""People, their contact points, tags, and interactions with the people involved."""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 1
DESCRIPTION = "people, contact points, tags, interactions"

SQL = """
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    given_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    nickname TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    birthday_month INTEGER,
    birthday_day INTEGER,
    birthday_year INTEGER,
    met_on TEXT,
    met_how TEXT NOT NULL DEFAULT '',
    preferred_channel TEXT,
    avoid_channels TEXT NOT NULL DEFAULT '',
    cadence_days INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    archived_at INTEGER
);
CREATE INDEX person_by_name ON person (archived_at, sort_name);

CREATE TABLE person_photo (
    person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    data BLOB NOT NULL
);

CREATE TABLE contact_point (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL,
    key TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_point_by_person ON contact_point (person_id, position);
CREATE INDEX contact_point_by_key ON contact_point (kind, key);

CREATE TABLE tag (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE person_tag (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX person_tag_by_tag ON person_tag (tag_id);

CREATE TABLE interaction (
    id INTEGER PRIMARY KEY,
    occurred_at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    direction TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'ordinary',
    summary TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE interaction_person (
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    occurred_at INTEGER NOT NULL,
    PRIMARY KEY (interaction_id, person_id)
) WITHOUT ROWID;
CREATE INDEX interaction_person_history
    ON interaction_person (person_id, occurred_at DESC, interaction_id DESC);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
