"""Import batches and their changes, and the bulk look-ups that planning an import needs.

Planning 10,000 cards against 100,000 people reads, in a few queries: the owners of the
cards' email and phone keys, the names of everyone (for ``domain.importing.blocks.KnownNames``),
then the full matching keys of the few candidates. Nothing here is per card.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from relapp.domain.errors import NotFound
from relapp.domain.importing.plan import PreviousImport
from relapp.domain.importing.records import ChangeAction, ImportBatch, ImportChange
from relapp.domain.matching import PersonKeys
from relapp.domain.model import Birthday, ContactKind
from relapp.storage import person_codec, search_index
from relapp.storage.chunks import execute_in, insert_rows, rows_in
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db

_EMAIL = ContactKind.EMAIL.value
_PHONE = ContactKind.PHONE.value
_BATCH_COLUMNS = (
    "id, file_name, checksum, imported_at, created, merged, skipped, errors, undone_at,"
    " interactions, grown"
)


# --- planning look-ups -----------------------------------------------------------------


def contact_owners(
    db: Database, email_keys: Iterable[str], phone_keys: Iterable[str]
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Known people by email key and by phone key, for the keys asked about only."""
    conn = db.connection()
    found: dict[str, dict[str, list[int]]] = {_EMAIL: {}, _PHONE: {}}
    for kind, keys in ((_EMAIL, email_keys), (_PHONE, phone_keys)):
        wanted = sorted({k for k in keys if k})
        owners = found[kind]
        for key, person_id in rows_in(
            conn,
            "SELECT DISTINCT key, person_id FROM contact_point"
            " WHERE kind = ? AND key IN ({marks}) ORDER BY key, person_id",
            wanted,
            before=(kind,),
        ):
            owners.setdefault(key, []).append(person_id)
    return found[_EMAIL], found[_PHONE]


def anyone_known(db: Database) -> bool:
    return db.connection().execute("SELECT 1 FROM person LIMIT 1").fetchone() is not None


def name_rows(db: Database) -> Iterator[tuple[int, str, str, str, str]]:
    """(id, folded display name, given, family, nickname) of everyone, archived too."""
    yield from db.connection().execute(
        "SELECT id, sort_name, given_name, family_name, nickname FROM person"
    )


def person_keys(db: Database, ids: Iterable[int]) -> dict[int, PersonKeys]:
    """The matching keys (names, email and phone keys, organisation, birthday) of the
    given people."""
    conn = db.connection()
    wanted = sorted(set(ids))
    emails: dict[int, set[str]] = {}
    phones: dict[int, set[str]] = {}
    for person_id, kind, key in rows_in(
        conn, "SELECT person_id, kind, key FROM contact_point WHERE person_id IN ({marks})", wanted
    ):
        if key and kind == _EMAIL:
            emails.setdefault(person_id, set()).add(key)
        elif key and kind == _PHONE:
            phones.setdefault(person_id, set()).add(key)
    out: dict[int, PersonKeys] = {}
    for row in rows_in(
        conn,
        "SELECT id, display_name, given_name, family_name, nickname, organisation,"
        " birthday_month, birthday_day, birthday_year FROM person WHERE id IN ({marks})",
        wanted,
    ):
        person_id, display, given, family, nickname, organisation = row[:6]
        month, day, year = row[6:]
        out[person_id] = PersonKeys(
            person_id=person_id,
            display_name=display,
            given_name=given,
            family_name=family,
            nickname=nickname,
            email_keys=frozenset(emails.get(person_id, ())),
            phone_keys=frozenset(phones.get(person_id, ())),
            organisation=organisation or "",
            birthday=_birthday(month, day, year),
        )
    return out


def _birthday(month: int | None, day: int | None, year: int | None) -> Birthday | None:
    try:
        return person_codec.birthday(month, day, year)
    except ValueError:  # a date no calendar has is no evidence either way
        return None


def previous_imports(db: Database, card_keys: Iterable[str]) -> dict[str, PreviousImport]:
    """For card keys an import took before (not undone, person still there): where to.

    Where a card was imported more than once, the latest import wins."""
    conn = db.connection()
    out: dict[str, PreviousImport] = {}
    for key, person_id, batch_id, at, file_name in rows_in(
        conn,
        "SELECT c.card_key, c.person_id, b.id, b.imported_at, b.file_name"
        " FROM import_change c JOIN import_batch b ON b.id = c.batch_id"
        " JOIN person p ON p.id = c.person_id"
        " WHERE b.undone_at IS NULL AND c.card_key IN ({marks})"
        " ORDER BY b.id, c.id",
        sorted({k for k in card_keys if k}),
    ):
        out[key] = PreviousImport(person_id, batch_id, from_db(at), file_name)
    return out


# --- batches -----------------------------------------------------------------------------


def _batch(row: Sequence[Any]) -> ImportBatch:
    return ImportBatch(
        id=row[0],
        file_name=row[1],
        checksum=row[2],
        imported_at=from_db(row[3]),
        created=row[4],
        merged=row[5],
        skipped=row[6],
        errors=row[7],
        undone_at=from_db(row[8]),
        interactions=row[9],
        grown=row[10],
    )


def batches_with_checksum(db: Database, checksum: str) -> list[ImportBatch]:
    """Earlier imports (not undone) whose file had exactly these bytes, oldest first."""
    rows = db.connection().execute(
        f"SELECT {_BATCH_COLUMNS} FROM import_batch"
        " WHERE checksum = ? AND undone_at IS NULL ORDER BY id",
        (checksum,),
    )
    return [_batch(row) for row in rows]


def list_batches(db: Database) -> list[ImportBatch]:
    """Every import, newest first."""
    rows = db.connection().execute(f"SELECT {_BATCH_COLUMNS} FROM import_batch ORDER BY id DESC")
    return [_batch(row) for row in rows]


def get_batch(db: Database, batch_id: int) -> ImportBatch:
    row = (
        db.connection()
        .execute(f"SELECT {_BATCH_COLUMNS} FROM import_batch WHERE id = ?", (batch_id,))
        .fetchone()
    )
    if row is None:
        raise NotFound(f"import {batch_id} does not exist")
    return _batch(row)


def insert_batch(
    db: Database,
    *,
    file_name: str,
    checksum: str,
    imported_at: int,
    created: int,
    merged: int,
    skipped: int,
    errors: int,
    interactions: int = 0,
) -> int:
    cursor = db.connection().execute(
        "INSERT INTO import_batch (file_name, checksum, imported_at, created, merged,"
        " skipped, errors, interactions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (file_name, checksum, imported_at, created, merged, skipped, errors, interactions),
    )
    return int(cursor.lastrowid or 0)


def set_grown(db: Database, batch_id: int, grown: int) -> None:
    """How many captured entries batch ``batch_id`` grew (known once they are grown)."""
    db.connection().execute("UPDATE import_batch SET grown = ? WHERE id = ?", (grown, batch_id))


def insert_changes(db: Database, batch_id: int, changes: Iterable[ImportChange]) -> None:
    insert_rows(
        db.connection(),
        "INSERT INTO import_change (batch_id, person_id, action, before_json, card_key)",
        ((batch_id, c.person_id, c.action.value, _change_json(c), c.card_key) for c in changes),
        5,
    )


def changes_of(db: Database, batch_id: int) -> list[ImportChange]:
    out = []
    for person_id, action, data, card_key in db.connection().execute(
        "SELECT person_id, action, before_json, card_key FROM import_change"
        " WHERE batch_id = ? ORDER BY id",
        (batch_id,),
    ):
        stored = json.loads(data) if data else {}
        out.append(
            ImportChange(
                person_id=person_id,
                action=ChangeAction(action),
                card_key=card_key,
                fingerprint=stored.get("fingerprint", ""),
                before=person_codec.draft_from_json(stored["before"])
                if "before" in stored
                else None,
                after=person_codec.draft_from_json(stored["after"]) if "after" in stored else None,
            )
        )
    return out


def mark_undone(db: Database, batch_id: int, at: int) -> None:
    db.connection().execute("UPDATE import_batch SET undone_at = ? WHERE id = ?", (at, batch_id))


# --- undoing -----------------------------------------------------------------------------


def existing_people(db: Database, ids: Iterable[int]) -> set[int]:
    return {
        pid
        for (pid,) in rows_in(
            db.connection(), "SELECT id FROM person WHERE id IN ({marks})", sorted(set(ids))
        )
    }


def people_with_history(db: Database, ids: Iterable[int]) -> set[int]:
    """Those of ``ids`` that something else refers to: interactions, promises,
    introductions (tables a newer feature may not have yet are left out)."""
    conn = db.connection()
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    queries = ["SELECT person_id FROM interaction_person WHERE person_id IN ({marks})"]
    if "promise" in tables:
        queries.append("SELECT person_id FROM promise WHERE person_id IN ({marks})")
    if "introduction" in tables:
        queries.extend(
            f"SELECT {column} FROM introduction WHERE {column} IN ({{marks}})"
            for column in ("introducer_id", "person_a_id", "person_b_id")
        )
    wanted = sorted(set(ids))
    return {pid for query in queries for (pid,) in rows_in(conn, query, wanted)}


def delete_people(db: Database, ids: Iterable[int]) -> None:
    """Delete people with their contact points, tags and photos (and search rows)."""
    conn = db.connection()
    wanted = sorted(set(ids))
    execute_in(conn, "DELETE FROM person WHERE id IN ({marks})", wanted)
    search_index.delete(conn, wanted)


def touched_since(db: Database, ids: Iterable[int], at: int) -> set[int]:
    """Those of ``ids`` changed at or after ``at`` (Unix seconds)."""
    return {
        pid
        for (pid,) in rows_in(
            db.connection(),
            "SELECT id FROM person WHERE id IN ({marks}) AND updated_at >= ?",
            sorted(set(ids)),
            after=(at,),
        )
    }


def tags_of(db: Database, ids: Iterable[int]) -> set[str]:
    return {
        name
        for (name,) in rows_in(
            db.connection(),
            "SELECT DISTINCT tag.name FROM person_tag JOIN tag ON tag.id = person_tag.tag_id"
            " WHERE person_tag.person_id IN ({marks})",
            sorted(set(ids)),
        )
    }


def archive_people(db: Database, ids: Iterable[int], at: int) -> None:
    db.connection().executemany(
        "UPDATE person SET archived_at = coalesce(archived_at, ?), updated_at = ? WHERE id = ?",
        [(at, at, pid) for pid in sorted(set(ids))],
    )


def drop_unused_tags(db: Database, names: Iterable[str]) -> None:
    """Delete the named tags that nobody has any more (an undone import's new tags)."""
    wanted = sorted({" ".join(n.split()).lower() for n in names} - {""})
    execute_in(
        db.connection(),
        "DELETE FROM tag WHERE lower(name) IN ({marks})"
        " AND NOT EXISTS (SELECT 1 FROM person_tag WHERE person_tag.tag_id = tag.id)",
        wanted,
    )


# --- how a change is stored ----------------------------------------------------------------


def _change_json(change: ImportChange) -> str | None:
    data: dict[str, Any] = {}
    if change.fingerprint:
        data["fingerprint"] = change.fingerprint
    if change.before is not None:
        data["before"] = person_codec.draft_json(change.before)
    if change.after is not None:
        data["after"] = person_codec.draft_json(change.after)
    if not data:
        return None
    return _JSON.encode({"version": 1, **data})


# ``json.dumps`` with these options makes an encoder at each call: 10,000 for an import.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
