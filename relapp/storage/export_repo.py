"""Reading everything the user has, in pages, for exports (vCard and Relapp JSON).

Rows come out as plain records that mirror the tables (times as Unix seconds), ordered
by id, a page at a time, so 100,000 people and a million interactions never sit in
memory at once. ``restore_repo`` writes the same records back.

Which tables a full export covers is declared here (``EXPORTED_TABLES``, ``DERIVED_TABLES``,
``LEFT_OUT_TABLES``); a test checks that every table in the schema is in one of them, so
a later migration that adds a table must decide whether the JSON format carries it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any

from relapp.storage import (
    health_records,
    person_codec,
    search_index,
    search_keys,
    text_search_repo,
)
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.person_codec import ContactPointRecord, PersonRecord

__all__ = ["ContactPointRecord", "PersonRecord"]  # their home is person_codec

# Written to the JSON file and read back.
EXPORTED_TABLES = frozenset(
    {
        "person",
        "person_photo",
        "contact_point",
        "tag",
        "person_tag",
        "interaction",
        "interaction_person",
        "introduction",
        "promise",
        "app_state",
        "captured_interaction",
        "capture_key",
    }
)
# Worked out again from the exported tables when a file is read back.
# (health_records': the triggers list every person a restore writes; its commit
# settles them.)
DERIVED_TABLES = (
    frozenset({search_index.TABLE, search_index.NAMES, search_keys.KEYS, search_keys.UNORDERED})
    | text_search_repo.TABLES
    | health_records.TABLES
)
# The history of this database's imports, and the pairs you said are different people
# (Possible duplicates): not in the JSON format (version 1). What capture wrote is (the
# captured marks and the keys that keep a capture from adding them twice); a restore
# puts them in one import batch of its own.
# The sync state (what the server had at the last sync) belongs to this database and its
# server, not to the data: a restored file syncs afresh (matching by uid); so do the
# marks of what changed since the last sync (m0012).
LEFT_OUT_TABLES = frozenset(
    {
        "import_batch",
        "import_change",
        "captured_growth",  # how to undo a capture that grew an entry: with its batch
        "not_duplicate",
        "sync_collection",
        "sync_item",
        "sync_dirty",
        "sync_seq",
        "occasion_notice",
    }
)
# Tables whose rows make a database "not empty" for a restore.
OWNING_TABLES = ("person", "tag", "interaction", "introduction", "promise")


PERSON_COLUMNS = person_codec.RECORD_COLUMNS


@dataclass(frozen=True)
class SettingRecord:
    """One row of ``app_state``: reminder and warning settings, when Relapp last ran."""

    key: str
    value: str


@dataclass(frozen=True)
class TagRecord:
    id: int
    name: str


@dataclass(frozen=True)
class InteractionRecord:
    id: int
    occurred_at: int
    channel: str
    direction: str
    kind: str
    summary: str
    notes: str
    created_at: int
    uid: str | None = None  # None: the database gives it one
    _: KW_ONLY  # not a column of ``interaction``: a row's values never reach it
    person_ids: tuple[int, ...]


@dataclass(frozen=True)
class CapturedRecord:
    """A captured interaction's mark (``captured_interaction`` without its batch)."""

    interaction_id: int
    source: str
    message_count: int
    duration_seconds: int | None

    @property
    def id(self) -> int:
        return self.interaction_id


@dataclass(frozen=True)
class CaptureKeyRecord:
    """A key capture took; ``interaction_id`` is None once the entry was deleted by hand."""

    key: str
    interaction_id: int | None

    @property
    def id(self) -> str:
        return self.key


@dataclass(frozen=True)
class IntroductionRecord:
    """``None`` for any of the three people stands for the user ("Me")."""

    id: int
    introducer_id: int | None
    person_a_id: int | None
    person_b_id: int | None
    occurred_on: str | None
    context: str
    interaction_id: int | None
    created_at: int
    uid: str | None = None  # None: the database gives it one


INTRODUCTION_COLUMNS = (
    "id",
    "introducer_id",
    "person_a_id",
    "person_b_id",
    "occurred_on",
    "context",
    "interaction_id",
    "created_at",
    "uid",
)


@dataclass(frozen=True)
class PromiseRecord:
    id: int
    person_id: int
    promiser: str
    what: str
    channel: str | None
    due_at: int
    status: str
    snoozed_until: int | None
    last_notified_at: int | None
    created_at: int
    done_at: int | None
    interaction_id: int | None
    uid: str | None = None  # None: the database gives it one
    recurrence: str | None = None  # an RFC 5545 RRULE value (a recurring promise)
    time_zone: str | None = None  # its own zone's IANA name; None: the user's


PROMISE_COLUMNS = (
    "id",
    "person_id",
    "promiser",
    "what",
    "channel",
    "due_at",
    "status",
    "snoozed_until",
    "last_notified_at",
    "created_at",
    "done_at",
    "interaction_id",
    "uid",
    "recurrence",
    "time_zone",
)


@dataclass(frozen=True)
class Counts:
    people: int
    tags: int
    contact_points: int
    interactions: int
    introductions: int
    promises: int


def counts(db: Database, *, include_archived: bool = True) -> Counts:
    conn = db.connection()

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    people = (
        one("SELECT count(*) FROM person")
        if include_archived
        else one("SELECT count(*) FROM person WHERE archived_at IS NULL")
    )
    return Counts(
        people=people,
        tags=one("SELECT count(*) FROM tag"),
        contact_points=one("SELECT count(*) FROM contact_point"),
        interactions=one("SELECT count(*) FROM interaction"),
        introductions=one("SELECT count(*) FROM introduction"),
        promises=one("SELECT count(*) FROM promise"),
    )


def schema_tables(db: Database) -> set[str]:
    """Every table of the schema, without SQLite's own and the FTS5 shadow tables."""
    names = {
        name
        for (name,) in db.connection().execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    shadows = {n for n in names for t in DERIVED_TABLES if n.startswith(f"{t}_")}
    return names - shadows


def rows_in_owning_tables(db: Database) -> dict[str, int]:
    """How many rows each table that holds user data has (only the non-empty ones)."""
    conn = db.connection()
    found = {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in OWNING_TABLES}
    return {t: n for t, n in found.items() if n}


def _people(conn: sqlite3.Connection, rows: list[Any]) -> list[PersonRecord]:
    """Records of person rows (``PERSON_COLUMNS``) with their child rows."""
    if not rows:
        return []
    ids = [r[0] for r in rows]
    points: dict[int, list[ContactPointRecord]] = {pid: [] for pid in ids}
    for pid, cid, kind, label, value in rows_in(
        conn,
        "SELECT person_id, id, kind, label, value FROM contact_point"
        " WHERE person_id IN ({marks}) ORDER BY person_id, position, id",
        ids,
    ):
        points[pid].append(ContactPointRecord(cid, kind, label, value))
    tags: dict[int, list[str]] = {pid: [] for pid in ids}
    for pid, name in rows_in(
        conn,
        "SELECT pt.person_id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id"
        " WHERE pt.person_id IN ({marks}) ORDER BY pt.person_id, lower(t.name), t.id",
        ids,
    ):
        tags[pid].append(name)
    photos = {
        pid: bytes(data)
        for pid, data in rows_in(
            conn, "SELECT person_id, data FROM person_photo WHERE person_id IN ({marks})", ids
        )
    }
    return [
        PersonRecord(
            *row,
            tags=tuple(tags[row[0]]),
            contact_points=tuple(points[row[0]]),
            photo=photos.get(row[0]),
        )
        for row in rows
    ]


_PERSON_SELECT = f"SELECT {', '.join(PERSON_COLUMNS)} FROM person"


def people_after(
    db: Database, after_id: int, limit: int, *, include_archived: bool = True
) -> list[PersonRecord]:
    """The next page of people by id (keyset paging: pass the last id you got)."""
    archived = "" if include_archived else " AND archived_at IS NULL"
    conn = db.connection()
    sql = f"{_PERSON_SELECT} WHERE id > ?{archived} ORDER BY id LIMIT ?"
    return _people(conn, conn.execute(sql, (after_id, limit)).fetchall())


def people_with_ids(db: Database, ids: Sequence[int]) -> list[PersonRecord]:
    """These people (a page at a time: they are all in memory), in the order given;
    unknown ids are left out."""
    conn = db.connection()
    rows = list(rows_in(conn, _PERSON_SELECT + " WHERE id IN ({marks})", ids))
    found = {p.id: p for p in _people(conn, rows)}
    return [found[i] for i in ids if i in found]


def iter_settings(db: Database) -> Iterator[SettingRecord]:
    for key, value in db.connection().execute("SELECT key, value FROM app_state ORDER BY key"):
        yield SettingRecord(key, value)


def iter_tags(db: Database) -> Iterator[TagRecord]:
    for tag_id, name in db.connection().execute("SELECT id, name FROM tag ORDER BY id"):
        yield TagRecord(tag_id, name)


INTERACTION_SELECT = (
    "SELECT id, occurred_at, channel, direction, kind, summary, notes, created_at, uid"
    " FROM interaction"
)


def interactions_after(db: Database, after_id: int, limit: int) -> list[InteractionRecord]:
    conn = db.connection()
    rows = conn.execute(
        f"{INTERACTION_SELECT} WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
    ).fetchall()
    if not rows:
        return []
    people: dict[int, list[int]] = {r[0]: [] for r in rows}
    for iid, pid in conn.execute(
        "SELECT interaction_id, person_id FROM interaction_person"
        " WHERE interaction_id BETWEEN ? AND ? ORDER BY interaction_id, person_id",
        (rows[0][0], rows[-1][0]),
    ):
        people[iid].append(pid)
    return [InteractionRecord(*row, person_ids=tuple(people[row[0]])) for row in rows]


def introductions_after(db: Database, after_id: int, limit: int) -> list[IntroductionRecord]:
    return [
        IntroductionRecord(*row)
        for row in db.connection().execute(
            f"SELECT {', '.join(INTRODUCTION_COLUMNS)} FROM introduction"
            " WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
    ]


def promises_after(db: Database, after_id: int, limit: int) -> list[PromiseRecord]:
    return [
        PromiseRecord(*row)
        for row in db.connection().execute(
            f"SELECT {', '.join(PROMISE_COLUMNS)} FROM promise WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
    ]


def captured_after(db: Database, after_id: int, limit: int) -> list[CapturedRecord]:
    return [
        CapturedRecord(*row)
        for row in db.connection().execute(
            "SELECT interaction_id, source, message_count, duration_seconds"
            " FROM captured_interaction WHERE interaction_id > ? ORDER BY interaction_id LIMIT ?",
            (after_id, limit),
        )
    ]


def capture_keys_after(db: Database, after_key: str, limit: int) -> list[CaptureKeyRecord]:
    """The next page of capture keys in key order (pass the last key you got, "" first)."""
    return [
        CaptureKeyRecord(*row)
        for row in db.connection().execute(
            "SELECT key, interaction_id FROM capture_key WHERE key > ? ORDER BY key LIMIT ?",
            (after_key, limit),
        )
    ]
