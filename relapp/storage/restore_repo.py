"""Writing exported records back with their own ids (restoring a Relapp JSON file).

Everything runs inside the caller's transaction (``write_transaction``) with
``executemany`` on the raw connection. What the database works out for itself is worked
out again rather than trusted from the file: sort names, contact-point keys, positions,
the search index, and each person's last-contact time.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence

import peewee as pw

from relapp.domain.contact_keys import contact_key
from relapp.domain.errors import RelappError
from relapp.domain.i18n import N_
from relapp.domain.model import ContactKind
from relapp.storage import person_codec, search_index
from relapp.storage.database import Database
from relapp.storage.export_repo import (
    INTRODUCTION_COLUMNS,
    PROMISE_COLUMNS,
    CapturedRecord,
    CaptureKeyRecord,
    InteractionRecord,
    IntroductionRecord,
    PersonRecord,
    PromiseRecord,
    SettingRecord,
    TagRecord,
)
from relapp.storage.people_repo import LAST_CONTACT_SQL


class RestoreFailed(RelappError):
    """The database refused the restored rows; the transaction was rolled back."""

    title = N_("Cannot restore")


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """One transaction that takes the write lock at once (BEGIN IMMEDIATE), so nothing
    else writes between checking the database and filling it. Rolls back on any error;
    errors of the database itself come out as ``RestoreFailed``."""
    try:
        with db.atomic():
            yield
    except (sqlite3.Error, pw.PeeweeException) as exc:
        raise RestoreFailed(f"the database refused the data ({exc})") from exc


def defer_foreign_keys(db: Database) -> None:
    """Check references when the transaction commits rather than row by row, so the
    sections of a file may come in any order (until the end of this transaction)."""
    db.connection().execute("PRAGMA defer_foreign_keys = ON")


def _insert(db: Database, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if rows:
        marks = ",".join("?" * len(columns))
        db.connection().executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )


def insert_settings(db: Database, settings: Sequence[SettingRecord]) -> None:
    """Settings from the file win over any the new database already wrote for itself."""
    db.connection().executemany(
        "INSERT OR REPLACE INTO app_state (key, value) VALUES (?, ?)",
        [(s.key, s.value) for s in settings],
    )


def insert_tags(db: Database, tags: Sequence[TagRecord]) -> None:
    _insert(db, "tag", ("id", "name"), [(t.id, t.name) for t in tags])


def insert_people(
    db: Database, people: Sequence[PersonRecord], tag_id: Callable[[str], int]
) -> None:
    """People with photos, contact points, tags (``tag_id`` gives a tag name's id) and
    search-index rows."""
    _insert(
        db,
        "person",
        (*person_codec.RECORD_COLUMNS, "sort_name"),
        [person_codec.record_values(p) for p in people],
    )
    _insert(
        db,
        "person_photo",
        ("person_id", "data"),
        [(p.id, p.photo) for p in people if p.photo is not None],
    )
    _insert(
        db,
        "contact_point",
        ("id", "person_id", "kind", "label", "value", "key", "position"),
        [
            (c.id, p.id, c.kind, c.label, c.value, contact_key(ContactKind(c.kind), c.value), pos)
            for p in people
            for pos, c in enumerate(p.contact_points)
        ],
    )
    _insert(
        db,
        "person_tag",
        ("person_id", "tag_id"),
        [(p.id, tag_id(name)) for p in people for name in p.tags],
    )
    if people:
        search_index.insert(db.connection(), [person_codec.search_row(p.id, p) for p in people])


def insert_interactions(db: Database, interactions: Sequence[InteractionRecord]) -> None:
    _insert(
        db,
        "interaction",
        (
            "id",
            "occurred_at",
            "channel",
            "direction",
            "kind",
            "summary",
            "notes",
            "created_at",
            "uid",
        ),
        [
            (
                i.id,
                i.occurred_at,
                i.channel,
                i.direction,
                i.kind,
                i.summary,
                i.notes,
                i.created_at,
                i.uid,
            )
            for i in interactions
        ],
    )
    _insert(
        db,
        "interaction_person",
        ("interaction_id", "person_id", "occurred_at"),
        [(i.id, pid, i.occurred_at) for i in interactions for pid in i.person_ids],
    )


def insert_introductions(db: Database, introductions: Sequence[IntroductionRecord]) -> None:
    _insert(
        db,
        "introduction",
        INTRODUCTION_COLUMNS,
        [tuple(getattr(r, c) for c in INTRODUCTION_COLUMNS) for r in introductions],
    )


def insert_promises(db: Database, promises: Sequence[PromiseRecord]) -> None:
    _insert(
        db,
        "promise",
        PROMISE_COLUMNS,
        [tuple(getattr(r, c) for c in PROMISE_COLUMNS) for r in promises],
    )


def refresh_all_last_contact(db: Database) -> None:
    """Each person's last-contact time from their interactions (after a restore)."""
    db.connection().execute(
        f"UPDATE person SET last_contact_at = {LAST_CONTACT_SQL.format(person='person.id')}"
    )


def insert_captured(db: Database, batch_id: int, records: Sequence[CapturedRecord]) -> None:
    _insert(
        db,
        "captured_interaction",
        ("interaction_id", "batch_id", "source", "message_count", "duration_seconds"),
        [
            (r.interaction_id, batch_id, r.source, r.message_count, r.duration_seconds)
            for r in records
        ],
    )


def insert_capture_keys(db: Database, batch_id: int, records: Sequence[CaptureKeyRecord]) -> None:
    _insert(
        db,
        "capture_key",
        ("key", "interaction_id", "batch_id"),
        [(r.key, r.interaction_id, batch_id) for r in records],
    )
