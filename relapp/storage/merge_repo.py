"""Merging one stored person into another, row by row (``unmerge_repo`` takes it back).

Every row that names the absorbed person is re-pointed at the kept one (contact points,
tags, the photo, interaction participants, promises, introductions in every role, "not
the same person" pairs); rows that would then say the same thing twice are dropped (the
same contact key twice, the same person twice on one interaction, someone introduced to
themself). The absorbed person's row is deleted last. What was moved, changed or dropped
is returned as a ``MergeRecord`` so ``unmerge_repo.unmerge`` can put every row back
where it was.

Import records (``import_change``) are left as they are: they say what an import did to
the absorbed person's id, and name that id again once the merge is undone.

The caller owns the transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from relapp.domain.errors import NotFound
from relapp.domain.importing.merge import point_key
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.domain.person_merge import CannotMerge, MergeCounts, MergeRecord, merged_details
from relapp.storage import people_repo, person_codec, search_index
from relapp.storage.database import Database
from relapp.storage.timeconv import now_db

# Tables with a foreign key to person that a merge knows how to move.
HANDLED = frozenset(
    {
        "person_photo",
        "contact_point",
        "person_tag",
        "interaction_person",
        "promise",
        "introduction",
        "not_duplicate",
    }
)
INTRO_ROLES = ("introducer_id", "person_a_id", "person_b_id")
_POINT_COLUMNS = "id, person_id, kind, label, value, key, position"


def _ids(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> tuple[int, ...]:
    return tuple(row[0] for row in conn.execute(sql, params))


def person_row(conn: sqlite3.Connection, person_id: int) -> dict[str, object]:
    cursor = conn.execute("SELECT * FROM person WHERE id = ?", (person_id,))
    row = cursor.fetchone()
    if row is None:
        raise NotFound(f"person {person_id} does not exist (any more)")
    return {d[0]: value for d, value in zip(cursor.description, row, strict=True)}


def _unhandled_references(conn: sqlite3.Connection, person_id: int) -> list[str]:
    """Tables a newer feature added that refer to the person and that a merge would
    otherwise empty through ON DELETE CASCADE."""
    found = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if table in HANDLED or table == "person":
            continue
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if (
                fk[2] == "person"
                and conn.execute(
                    f'SELECT 1 FROM {table} WHERE "{fk[3]}" = ? LIMIT 1', (person_id,)
                ).fetchone()
            ):
                found.append(table)
    return found


def merge(db: Database, keep_id: int, absorb_id: int) -> tuple[MergeRecord, MergeCounts]:
    """Merge ``absorb_id`` into ``keep_id``; raises CannotMerge or NotFound."""
    if keep_id == absorb_id:
        raise CannotMerge("A person cannot be merged into themself: choose two different people.")
    conn = db.connection()
    keep_row = person_row(conn, keep_id)
    absorb_row = person_row(conn, absorb_id)
    unhandled = _unhandled_references(conn, absorb_id)
    if unhandled:
        raise CannotMerge(
            f"{absorb_row['display_name']} has data in {', '.join(unhandled)} that this "
            "version of Relapp cannot move yet; nothing was changed."
        )
    keep = people_repo.get_person(db, keep_id)
    absorb = people_repo.get_person(db, absorb_id)
    now = now_db()
    _write_details(conn, keep_id, merged_details(keep.draft(), absorb.draft()), now)

    photo_row = conn.execute(
        "SELECT data FROM person_photo WHERE person_id = ?", (absorb_id,)
    ).fetchone()
    absorb_photo = bytes(photo_row[0]) if photo_row else None
    photo_moved = absorb_photo is not None and keep.photo is None
    if photo_moved:
        conn.execute(
            "UPDATE person_photo SET person_id = ? WHERE person_id = ?", (keep_id, absorb_id)
        )

    points, moved_points = _move_contact_points(conn, keep_id, absorb_id)
    tags, tags_added = _move_tags(conn, keep_id, absorb_id)
    moved_ix, shared_ix = _move_participants(conn, keep_id, absorb_id)
    promises = _ids(conn, "SELECT id FROM promise WHERE person_id = ? ORDER BY id", (absorb_id,))
    conn.execute("UPDATE promise SET person_id = ? WHERE person_id = ?", (keep_id, absorb_id))
    intro_columns, changed, dropped = _move_introductions(conn, keep_id, absorb_id)
    not_dup, not_dup_added = _move_not_duplicate(conn, keep_id, absorb_id, now)

    conn.execute("DELETE FROM person WHERE id = ?", (absorb_id,))
    search_index.delete(conn, [absorb_id])
    people_repo.refresh_last_contact(db, [keep_id])
    search_index.reindex(conn, [keep_id])
    record = MergeRecord(
        keep_row=keep_row,
        merged_row=person_row(conn, keep_id),
        absorb_row=absorb_row,
        absorb_photo=absorb_photo,
        photo_moved=photo_moved,
        contact_points=points,
        contact_points_moved=moved_points,
        tags=tags,
        tags_added=tags_added,
        interactions_moved=moved_ix,
        interactions_shared=shared_ix,
        promises_moved=promises,
        introductions_changed=changed,
        introductions_dropped=dropped,
        introduction_columns=intro_columns,
        not_duplicate=not_dup,
        not_duplicate_added=not_dup_added,
    )
    counts = MergeCounts(
        contact_points=len(moved_points),
        contact_points_dropped=len(points) - len(moved_points),
        tags=len(tags_added),
        interactions=len(moved_ix) + len(shared_ix),
        interactions_shared=len(shared_ix),
        promises=len(promises),
        introductions=len({i for i, _c in changed}) + len(dropped),
        introductions_dropped=len(dropped),
        photo=photo_moved,
    )
    return record, counts


_UPDATE_DETAILS = "UPDATE person SET {}, updated_at = ? WHERE id = ?".format(
    ", ".join(f"{c} = ?" for c in person_codec.WRITE_COLUMNS)
)


def _write_details(conn: sqlite3.Connection, person_id: int, draft: PersonDraft, now: int) -> None:
    conn.execute(_UPDATE_DETAILS, (*person_codec.write_values(draft), now, person_id))


def _move_contact_points(
    conn: sqlite3.Connection, keep_id: int, absorb_id: int
) -> tuple[tuple[tuple[object, ...], ...], tuple[int, ...]]:
    def key_of(kind: str, value: str) -> tuple[ContactKind, str]:
        return point_key(ContactPoint(ContactKind(kind), value))

    have = {
        key_of(kind, value)
        for kind, value in conn.execute(
            "SELECT kind, value FROM contact_point WHERE person_id = ?", (keep_id,)
        )
    }
    (top,) = conn.execute(
        "SELECT coalesce(max(position), -1) FROM contact_point WHERE person_id = ?", (keep_id,)
    ).fetchone()
    rows = tuple(
        conn.execute(
            f"SELECT {_POINT_COLUMNS} FROM contact_point WHERE person_id = ? ORDER BY position, id",
            (absorb_id,),
        )
    )
    moved: list[int] = []
    for point_id, _pid, kind, _label, value, _key, _position in rows:
        key = key_of(kind, value)
        if key in have:
            conn.execute("DELETE FROM contact_point WHERE id = ?", (point_id,))
            continue
        have.add(key)
        top += 1
        conn.execute(
            "UPDATE contact_point SET person_id = ?, position = ? WHERE id = ?",
            (keep_id, top, point_id),
        )
        moved.append(point_id)
    return rows, tuple(moved)


def _move_tags(
    conn: sqlite3.Connection, keep_id: int, absorb_id: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    tags = _ids(
        conn, "SELECT tag_id FROM person_tag WHERE person_id = ? ORDER BY tag_id", (absorb_id,)
    )
    have = set(_ids(conn, "SELECT tag_id FROM person_tag WHERE person_id = ?", (keep_id,)))
    added = tuple(t for t in tags if t not in have)
    conn.executemany(
        "INSERT INTO person_tag (person_id, tag_id) VALUES (?, ?)", [(keep_id, t) for t in added]
    )
    conn.execute("DELETE FROM person_tag WHERE person_id = ?", (absorb_id,))
    return tags, added


def _move_participants(
    conn: sqlite3.Connection, keep_id: int, absorb_id: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    shared = _ids(
        conn,
        "SELECT a.interaction_id FROM interaction_person a JOIN interaction_person k"
        " ON k.interaction_id = a.interaction_id AND k.person_id = ?"
        " WHERE a.person_id = ? ORDER BY a.interaction_id",
        (keep_id, absorb_id),
    )
    conn.execute(
        "DELETE FROM interaction_person WHERE person_id = ? AND interaction_id IN"
        " (SELECT interaction_id FROM interaction_person WHERE person_id = ?)",
        (absorb_id, keep_id),
    )
    moved = _ids(
        conn,
        "SELECT interaction_id FROM interaction_person WHERE person_id = ? ORDER BY interaction_id",
        (absorb_id,),
    )
    conn.execute(
        "UPDATE interaction_person SET person_id = ? WHERE person_id = ?", (keep_id, absorb_id)
    )
    return moved, shared


def _move_introductions(
    conn: sqlite3.Connection, keep_id: int, absorb_id: int
) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...], tuple[tuple[object, ...], ...]]:
    cursor = conn.execute(
        "SELECT * FROM introduction WHERE ? IN (introducer_id, person_a_id, person_b_id)"
        " ORDER BY id",
        (absorb_id,),
    )
    columns = tuple(d[0] for d in cursor.description)
    rows = cursor.fetchall()
    changed: list[tuple[int, str]] = []
    dropped: list[tuple[object, ...]] = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        people = [keep_id if values[c] == absorb_id else values[c] for c in INTRO_ROLES]
        named = [p for p in people if p is not None]
        if len(named) != len(set(named)):  # the kept person would meet themself
            conn.execute("DELETE FROM introduction WHERE id = ?", (values["id"],))
            dropped.append(tuple(row))
            continue
        for column in INTRO_ROLES:
            if values[column] == absorb_id:
                conn.execute(
                    f"UPDATE introduction SET {column} = ? WHERE id = ?", (keep_id, values["id"])
                )
                changed.append((int(values["id"]), column))
    return columns, tuple(changed), tuple(dropped)


def _move_not_duplicate(
    conn: sqlite3.Connection, keep_id: int, absorb_id: int, now: int
) -> tuple[tuple[tuple[object, ...], ...], tuple[tuple[int, int], ...]]:
    rows = tuple(
        conn.execute(
            "SELECT person_low_id, person_high_id, decided_at FROM not_duplicate"
            " WHERE ? IN (person_low_id, person_high_id) ORDER BY 1, 2",
            (absorb_id,),
        )
    )
    added: list[tuple[int, int]] = []
    for low, high, _at in rows:
        other = high if low == absorb_id else low
        if other == keep_id:
            continue
        pair = (min(keep_id, other), max(keep_id, other))
        cursor = conn.execute(
            "INSERT OR IGNORE INTO not_duplicate (person_low_id, person_high_id, decided_at)"
            " VALUES (?, ?, ?)",
            (*pair, now),
        )
        if cursor.rowcount:
            added.append(pair)
    conn.execute(
        "DELETE FROM not_duplicate WHERE ? IN (person_low_id, person_high_id)", (absorb_id,)
    )
    return rows, tuple(added)
