"""Storing and reading people, their contact points, tags and photos."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from relapp.domain.contact_keys import contact_key
from relapp.domain.errors import NotFound
from relapp.domain.model import (
    NOT_CONTACT_KINDS,
    ContactKind,
    ContactPoint,
    Person,
    PersonDraft,
    PersonRow,
)
from relapp.domain.search import match_expression
from relapp.storage import people_search_repo, person_codec, search_index, search_keys
from relapp.storage.chunks import marks, rows_in
from relapp.storage.database import Database
from relapp.storage.people_order import PeopleSort, order_by
from relapp.storage.timeconv import from_db, now_db

_INSERT = (
    f"INSERT INTO person (created_at, updated_at, {', '.join(person_codec.WRITE_COLUMNS)})"
    f" VALUES (?, ?, {marks(len(person_codec.WRITE_COLUMNS))})"
)
_UPDATE = "UPDATE person SET updated_at = ?, {} WHERE id = ?".format(
    ", ".join(f"{c} = ?" for c in person_codec.WRITE_COLUMNS)
)
_SELECT = f"SELECT {', '.join(person_codec.READ_COLUMNS)} FROM person WHERE id = ?"


def _write_children(db: Database, person_id: int, draft: PersonDraft) -> None:
    conn = db.connection()
    conn.execute("DELETE FROM contact_point WHERE person_id = ?", (person_id,))
    conn.executemany(
        "INSERT INTO contact_point (person_id, kind, label, value, key, position)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (person_id, p.kind.value, p.label, p.value, contact_key(p.kind, p.value), position)
            for position, p in enumerate(draft.contact_points)
        ],
    )
    conn.execute("DELETE FROM person_tag WHERE person_id = ?", (person_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id) VALUES (?, ?)",
        [(person_id, tag_id) for tag_id in _tag_ids(conn, draft.tags)],
    )
    conn.execute("DELETE FROM person_photo WHERE person_id = ?", (person_id,))
    if draft.photo:
        conn.execute(
            "INSERT INTO person_photo (person_id, data) VALUES (?, ?)", (person_id, draft.photo)
        )
    search_index.reindex(conn, [person_id])


def _tag_ids(conn: sqlite3.Connection, tags: Iterable[str]) -> list[int]:
    """The ids of the named tags, made where missing. A name is the same tag as one that
    differs only in the case of its ASCII letters (the column's ``COLLATE NOCASE``)."""
    ids: list[int] = []
    for name in tags:
        clean = " ".join(name.split())
        if not clean:
            continue
        conn.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (clean,))
        ids.append(conn.execute("SELECT id FROM tag WHERE name = ?", (clean,)).fetchone()[0])
    return ids


def insert_person(db: Database, draft: PersonDraft) -> int:
    now = now_db()
    cursor = db.connection().execute(_INSERT, (now, now, *person_codec.write_values(draft)))
    person_id = int(cursor.lastrowid or 0)
    _write_children(db, person_id, draft)
    return person_id


def update_person(db: Database, person_id: int, draft: PersonDraft) -> None:
    cursor = db.connection().execute(
        _UPDATE, (now_db(), *person_codec.write_values(draft), person_id)
    )
    if not cursor.rowcount:
        raise NotFound(f"person {person_id} does not exist")
    _write_children(db, person_id, draft)


def set_archived(db: Database, person_id: int, archived_at: int | None) -> None:
    cursor = db.connection().execute(
        "UPDATE person SET archived_at = ?, updated_at = ? WHERE id = ?",
        (archived_at, now_db(), person_id),
    )
    if not cursor.rowcount:
        raise NotFound(f"person {person_id} does not exist")


def get_person(db: Database, person_id: int) -> Person:
    conn = db.connection()
    row = conn.execute(_SELECT, (person_id,)).fetchone()
    if row is None:
        raise NotFound(f"person {person_id} does not exist")
    points = tuple(
        ContactPoint(ContactKind(kind), value, label)
        for kind, value, label in conn.execute(
            "SELECT kind, value, label FROM contact_point WHERE person_id = ? ORDER BY position",
            (person_id,),
        )
    )
    tags = tuple(
        name
        for (name,) in conn.execute(
            "SELECT t.name FROM tag t JOIN person_tag pt ON pt.tag_id = t.id"
            " WHERE pt.person_id = ? ORDER BY lower(t.name)",
            (person_id,),
        )
    )
    photo = conn.execute(
        "SELECT data FROM person_photo WHERE person_id = ?", (person_id,)
    ).fetchone()
    return person_codec.person_from_row(
        row, tags=tags, contact_points=points, photo=bytes(photo[0]) if photo else None
    )


def person_ids(
    db: Database,
    query: str = "",
    sort: PeopleSort = PeopleSort.NAME,
    *,
    archived: bool = False,
) -> list[int]:
    """Ids of the people to list, in order. Searching uses the FTS5 index."""
    archived_clause = "p.archived_at IS NOT NULL" if archived else "p.archived_at IS NULL"
    order = order_by(sort)
    expression = match_expression(query)
    conn = db.connection()
    if expression is None:
        sql = f"SELECT p.id FROM person p WHERE {archived_clause} ORDER BY {order}"
        cursor = conn.execute(sql)
    else:
        sql = (
            f"SELECT p.id FROM {search_index.TABLE} s"
            f" JOIN {search_keys.KEYS} k ON k.key = s.rowid JOIN person p ON p.id = k.person_id"
            f" WHERE {search_index.TABLE} MATCH ? AND {archived_clause} ORDER BY {order}"
        )
        cursor = conn.execute(sql, (expression,))
    return [pid for (pid,) in cursor]


def person_rows(db: Database, ids: Sequence[int]) -> dict[int, PersonRow]:
    """List rows for the given ids (one page of the people list)."""
    return {
        pid: PersonRow(pid, name, org, from_db(last), archived_at is not None)
        for pid, name, org, last, archived_at in rows_in(
            db.connection(),
            "SELECT id, display_name, organisation, last_contact_at, archived_at"
            " FROM person WHERE id IN ({marks})",
            ids,
        )
    }


def count_people(db: Database, *, archived: bool = False) -> int:
    return people_search_repo.count_everyone(db, archived=archived)


# Interactions that count as talking to someone (``InteractionKind.is_contact``).
IS_CONTACT_SQL = "i.kind NOT IN ({})".format(
    ", ".join(f"'{kind.value}'" for kind in sorted(NOT_CONTACT_KINDS))
)
# A person's last contact; ``{person}`` is the SQL naming their id.
LAST_CONTACT_SQL = (
    "(SELECT max(ip.occurred_at) FROM interaction_person ip"
    " JOIN interaction i ON i.id = ip.interaction_id"
    f" WHERE ip.person_id = {{person}} AND {IS_CONTACT_SQL})"
)


def refresh_last_contact(db: Database, person_ids: Iterable[int]) -> None:
    conn = db.connection()
    for pid in set(person_ids):
        conn.execute(
            f"UPDATE person SET last_contact_at = {LAST_CONTACT_SQL.format(person='?')}"
            " WHERE id = ?",
            (pid, pid),
        )


def people_with_keys(
    db: Database, email_keys: Iterable[str], phone_keys: Iterable[str], name_query: str
) -> list[int]:
    """Candidate ids for the duplicate guard: same email or phone key, or a name hit."""
    conn = db.connection()
    found: list[int] = []
    for kind, keys in ((ContactKind.EMAIL, email_keys), (ContactKind.PHONE, phone_keys)):
        for key in keys:
            if key:
                found.extend(
                    pid
                    for (pid,) in conn.execute(
                        "SELECT DISTINCT person_id FROM contact_point WHERE kind = ? AND key = ?",
                        (kind.value, key),
                    )
                )
    expression = _any_word_expression(name_query)
    if expression:
        found.extend(
            pid
            for (pid,) in conn.execute(
                f"SELECT k.person_id FROM (SELECT rowid, rank FROM {search_index.TABLE}"
                f" WHERE {search_index.TABLE} MATCH ? ORDER BY rank LIMIT 50) s"
                f" JOIN {search_keys.KEYS} k ON k.key = s.rowid ORDER BY s.rank",
                (f"names : ({expression})",),
            )
        )
    return list(dict.fromkeys(found))


def _any_word_expression(name: str) -> str | None:
    strict = match_expression(name)
    if strict is None or name.strip().replace("+", "").replace(" ", "").isdigit():
        return None
    return strict.replace(" AND ", " OR ")


def phone_owner_counts(
    db: Database, phone_keys: Iterable[str], *, exclude_id: int | None = None
) -> dict[str, int]:
    """How many known people have each phone key (an office line has several)."""
    conn = db.connection()
    counts: dict[str, int] = {}
    for key in phone_keys:
        if key:
            counts[key] = conn.execute(
                "SELECT count(DISTINCT person_id) FROM contact_point"
                " WHERE kind = ? AND key = ? AND person_id IS NOT ?",
                (ContactKind.PHONE.value, key, exclude_id),
            ).fetchone()[0]
    return counts


def all_tags(db: Database) -> list[str]:
    return [
        name for (name,) in db.connection().execute("SELECT name FROM tag ORDER BY lower(name)")
    ]


def name_fields(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """(display, given, family, nickname, met_how) for each id, in one query."""
    return {
        row[0]: tuple(row[1:])
        for row in rows_in(
            db.connection(),
            "SELECT id, display_name, given_name, family_name, nickname, met_how"
            " FROM person WHERE id IN ({marks})",
            ids,
        )
    }


def people_state(db: Database) -> str:
    """A short mark of the people, their contact points and the import records, that
    changes when any is added, edited or deleted: an import compares the mark taken when
    it was planned with the one inside its transaction."""
    conn = db.connection()
    parts = [
        conn.execute(
            "SELECT count(*), coalesce(max(id), 0), coalesce(total(updated_at), 0) FROM person"
        ).fetchone(),
        conn.execute("SELECT count(*), coalesce(max(id), 0) FROM contact_point").fetchone(),
        conn.execute("SELECT count(*), coalesce(max(id), 0) FROM import_change").fetchone(),
    ]
    return "/".join(":".join(str(value) for value in row) for row in parts)
