"""Storing and reading introductions (table ``introduction``; NULL stands for you)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np

from relapp.domain.errors import NotFound
from relapp.domain.introductions import Introduction, IntroductionDraft
from relapp.storage import person_codec, search_index
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db, now_db, to_db

_COLUMNS = (
    "id, introducer_id, person_a_id, person_b_id, occurred_on, context, interaction_id, created_at"
)


def _from_row(row: Sequence[Any]) -> Introduction:
    iid, x, a, b, on, context, interaction_id, created = row
    return Introduction(
        introducer_id=x,
        person_a_id=a,
        person_b_id=b,
        occurred_on=date.fromisoformat(str(on)) if on else None,
        context=str(context),
        id=int(iid),
        interaction_id=interaction_id,
        created_at=from_db(created),
    )


def _values(draft: IntroductionDraft) -> tuple[object, ...]:
    on = draft.occurred_on.isoformat() if draft.occurred_on else None
    return (draft.introducer_id, draft.person_a_id, draft.person_b_id, on, draft.context)


def insert_introduction(
    db: Database,
    draft: IntroductionDraft,
    *,
    interaction_id: int | None = None,
    with_id: int | None = None,
    created_at: datetime | None = None,
) -> int:
    """Store an introduction; ``with_id`` and ``created_at`` put a deleted one back."""
    created = to_db(created_at) if created_at is not None else now_db()
    cursor = db.connection().execute(
        "INSERT INTO introduction (id, introducer_id, person_a_id, person_b_id, occurred_on,"
        " context, interaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (with_id, *_values(draft), interaction_id, created),
    )
    return int(cursor.lastrowid or 0)


def insert_many(db: Database, drafts: Sequence[IntroductionDraft]) -> None:
    """Many introductions at once, without history entries (imports, the benchmark)."""
    now = now_db()
    db.connection().executemany(
        "INSERT INTO introduction (introducer_id, person_a_id, person_b_id, occurred_on,"
        " context, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(*_values(d), now) for d in drafts],
    )


def update_introduction(db: Database, introduction_id: int, draft: IntroductionDraft) -> None:
    cursor = db.connection().execute(
        "UPDATE introduction SET introducer_id = ?, person_a_id = ?, person_b_id = ?,"
        " occurred_on = ?, context = ? WHERE id = ?",
        (*_values(draft), introduction_id),
    )
    if cursor.rowcount == 0:
        raise NotFound(f"introduction {introduction_id} does not exist")


def set_interaction(db: Database, introduction_id: int, interaction_id: int | None) -> None:
    db.connection().execute(
        "UPDATE introduction SET interaction_id = ? WHERE id = ?", (interaction_id, introduction_id)
    )


def delete_introduction(db: Database, introduction_id: int) -> None:
    cursor = db.connection().execute("DELETE FROM introduction WHERE id = ?", (introduction_id,))
    if cursor.rowcount == 0:
        raise NotFound(f"introduction {introduction_id} does not exist")


def get_introduction(db: Database, introduction_id: int) -> Introduction:
    row = (
        db.connection()
        .execute(f"SELECT {_COLUMNS} FROM introduction WHERE id = ?", (introduction_id,))
        .fetchone()
    )
    if row is None:
        raise NotFound(f"introduction {introduction_id} does not exist")
    return _from_row(row)


def for_person(db: Database, person_id: int) -> list[Introduction]:
    """Every introduction the person took part in, in any of the three places."""
    conn = db.connection()
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM introduction WHERE introducer_id = ?1"
        f" UNION SELECT {_COLUMNS} FROM introduction WHERE person_a_id = ?1"
        f" UNION SELECT {_COLUMNS} FROM introduction WHERE person_b_id = ?1"
        " ORDER BY occurred_on DESC, id DESC",
        (person_id,),
    ).fetchall()
    return [_from_row(row) for row in rows]


def introduced_to_you_by(db: Database, person_id: int) -> list[Introduction]:
    """Who introduced this person to you (usually one introduction, newest first)."""
    return [
        i
        for i in for_person(db, person_id)
        if i.introducer_id is not None and None in i.introduced() and person_id in i.introduced()
    ]


def introduced_you_to(db: Database, person_id: int) -> list[Introduction]:
    """Whom this person introduced you to."""
    return [
        i
        for i in for_person(db, person_id)
        if i.introducer_id == person_id and None in i.introduced()
    ]


def you_introduced_them_to(db: Database, person_id: int) -> list[Introduction]:
    """Whom you introduced this person to."""
    return [
        i
        for i in for_person(db, person_id)
        if i.introducer_id is None and person_id in i.introduced()
    ]


def they_introduced(db: Database, person_id: int) -> list[Introduction]:
    """Introductions this person made among your contacts (you not one of the two)."""
    return [
        i
        for i in for_person(db, person_id)
        if i.introducer_id == person_id and None not in i.introduced()
    ]


def count(db: Database) -> int:
    return db.connection().execute("SELECT count(*) FROM introduction").fetchone()[0]


_ACTIVE = (
    " FROM introduction i"
    " LEFT JOIN person x ON x.id = i.introducer_id"
    " LEFT JOIN person a ON a.id = i.person_a_id"
    " LEFT JOIN person b ON b.id = i.person_b_id"
    " WHERE (i.introducer_id IS NULL OR x.archived_at IS NULL)"
    " AND (i.person_a_id IS NULL OR a.archived_at IS NULL)"
    " AND (i.person_b_id IS NULL OR b.archived_at IS NULL)"
)


def network_arrays(db: Database) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The whole network as three arrays (introducer, person a, person b), 0 for you,
    leaving out introductions with anyone archived."""
    rows = (
        db.connection()
        .execute(
            "SELECT coalesce(i.introducer_id, 0), coalesce(i.person_a_id, 0),"
            f" coalesce(i.person_b_id, 0){_ACTIVE}"
        )
        .fetchall()
    )
    table = np.asarray(rows, np.int64).reshape(-1, 3)
    return table[:, 0], table[:, 1], table[:, 2]


def active_introductions(db: Database) -> list[Introduction]:
    """Every introduction without anyone archived in it."""
    columns = ", ".join(f"i.{c.strip()}" for c in _COLUMNS.split(","))
    return [_from_row(row) for row in db.connection().execute(f"SELECT {columns}{_ACTIVE}")]


def people_in_network(db: Database) -> list[tuple[int, str, str]]:
    """(id, display name, how you met) of everyone not archived who is in an introduction."""
    return (
        db.connection()
        .execute(
            "SELECT p.id, p.display_name, p.met_how FROM person p WHERE p.archived_at IS NULL"
            " AND p.id IN (SELECT introducer_id FROM introduction"
            " UNION SELECT person_a_id FROM introduction"
            " UNION SELECT person_b_id FROM introduction)"
        )
        .fetchall()
    )


def met_fields(db: Database, person_id: int) -> tuple[str, date | None]:
    """(how you met, when) as stored for a person."""
    row = (
        db.connection()
        .execute("SELECT met_how, met_on FROM person WHERE id = ?", (person_id,))
        .fetchone()
    )
    if row is None:
        raise NotFound(f"person {person_id} does not exist")
    return row[0], person_codec.date_of(row[1])


def set_met(db: Database, person_id: int, met_how: str, met_on: date | None) -> None:
    """Write how and when you met someone (keeping the search index in step)."""
    conn = db.connection()
    conn.execute(
        "UPDATE person SET met_how = ?, met_on = ?, updated_at = ? WHERE id = ?",
        (met_how, person_codec.date_text(met_on), now_db(), person_id),
    )
    search_index.reindex(conn, [person_id])
