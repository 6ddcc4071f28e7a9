"""Taking a merge back (``merge_repo.merge``): the absorbed person's row again (with its
old id, unless someone else has taken it since), and every moved, changed or dropped
row where it was. A field of the kept person goes back only if nobody edited it since
the merge. The caller owns the transaction.
"""

from __future__ import annotations

import sqlite3

from relapp.domain.person_merge import CannotMerge, MergeRecord
from relapp.storage import people_repo, search_index
from relapp.storage.chunks import execute_in, marks
from relapp.storage.database import Database
from relapp.storage.merge_repo import INTRO_ROLES, person_row


def _exists(conn: sqlite3.Connection, table: str, row_id: object) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> int:
    columns = list(values)
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})",
        [values[c] for c in columns],
    )
    return int(cursor.lastrowid or 0)


def unmerge(db: Database, record: MergeRecord) -> int:
    """Put both people and every moved row back; returns the absorbed person's id (a
    new one only if someone else has taken the old id since)."""
    conn = db.connection()
    keep_id = int(record.keep_row["id"])  # type: ignore[call-overload]
    old_id = int(record.absorb_row["id"])  # type: ignore[call-overload]
    person_row(conn, keep_id)  # NotFound if the kept person is gone
    absorb_values = dict(record.absorb_row)
    if _exists(conn, "person", old_id):
        now_there = person_row(conn, old_id)
        if all(now_there[c] == absorb_values[c] for c in ("display_name", "created_at")):
            raise CannotMerge(f"The merge of {absorb_values['display_name']} was already undone.")
        del absorb_values["id"]
    absorb_id = _insert(conn, "person", absorb_values)
    _restore_kept_details(conn, record)

    if record.photo_moved:
        conn.execute("DELETE FROM person_photo WHERE person_id = ?", (keep_id,))
    if record.absorb_photo is not None:
        conn.execute(
            "INSERT INTO person_photo (person_id, data) VALUES (?, ?)",
            (absorb_id, record.absorb_photo),
        )
    execute_in(
        conn,
        "DELETE FROM contact_point WHERE person_id = ? AND id IN ({marks})",
        record.contact_points_moved,
        before=(keep_id,),
    )
    for point_id, _pid, kind, label, value, key, position in record.contact_points:
        values = {"person_id": absorb_id, "kind": kind, "label": label, "value": value}
        values |= {"key": key, "position": position}
        if not _exists(conn, "contact_point", point_id):
            values["id"] = point_id
        _insert(conn, "contact_point", values)
    conn.executemany(
        "DELETE FROM person_tag WHERE person_id = ? AND tag_id = ?",
        [(keep_id, t) for t in record.tags_added],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id) SELECT ?, id FROM tag WHERE id = ?",
        [(absorb_id, t) for t in record.tags],
    )
    _restore_participants(conn, record, keep_id, absorb_id)
    execute_in(
        conn,
        "UPDATE promise SET person_id = ? WHERE person_id = ? AND id IN ({marks})",
        record.promises_moved,
        before=(absorb_id, keep_id),
    )
    _restore_introductions(conn, record, keep_id, absorb_id)
    _restore_not_duplicate(conn, record, absorb_id)
    people_repo.refresh_last_contact(db, [keep_id, absorb_id])
    search_index.reindex(conn, [keep_id, absorb_id])
    return absorb_id


def _restore_kept_details(conn: sqlite3.Connection, record: MergeRecord) -> None:
    """Each field the merge changed goes back, unless it was edited since the merge."""
    keep_id = record.keep_row["id"]
    current = person_row(conn, int(keep_id))  # type: ignore[call-overload]
    back = {
        column: before
        for column, before in record.keep_row.items()
        if column not in ("id", "last_contact_at")
        and current[column] == record.merged_row[column]
        and before != current[column]
    }
    if back:
        assignments = ", ".join(f"{c} = ?" for c in back)
        conn.execute(f"UPDATE person SET {assignments} WHERE id = ?", (*back.values(), keep_id))


def _restore_participants(
    conn: sqlite3.Connection, record: MergeRecord, keep_id: int, absorb_id: int
) -> None:
    execute_in(
        conn,
        "UPDATE interaction_person SET person_id = ? WHERE person_id = ?"
        " AND interaction_id IN ({marks})",
        record.interactions_moved,
        before=(absorb_id, keep_id),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO interaction_person (interaction_id, person_id, occurred_at)"
        " SELECT id, ?, occurred_at FROM interaction WHERE id = ?",
        [(absorb_id, iid) for iid in record.interactions_shared],
    )


def _restore_introductions(
    conn: sqlite3.Connection, record: MergeRecord, keep_id: int, absorb_id: int
) -> None:
    for intro_id, column in record.introductions_changed:
        if column not in INTRO_ROLES:
            continue
        conn.execute(
            f"UPDATE introduction SET {column} = ? WHERE id = ? AND {column} = ?",
            (absorb_id, intro_id, keep_id),
        )
    old_id = record.absorb_row["id"]
    for row in record.introductions_dropped:
        values = dict(zip(record.introduction_columns, row, strict=True))
        for column in INTRO_ROLES:
            if values[column] == old_id:
                values[column] = absorb_id
        named = [values[c] for c in INTRO_ROLES if values[c] is not None]
        if any(not _exists(conn, "person", p) for p in named):
            continue  # someone in it was deleted since: it cannot come back
        if values.get("interaction_id") is not None and not _exists(
            conn, "interaction", values["interaction_id"]
        ):
            values["interaction_id"] = None
        if _exists(conn, "introduction", values["id"]):
            del values["id"]
        _insert(conn, "introduction", values)


def _restore_not_duplicate(conn: sqlite3.Connection, record: MergeRecord, absorb_id: int) -> None:
    conn.executemany(
        "DELETE FROM not_duplicate WHERE person_low_id = ? AND person_high_id = ?",
        list(record.not_duplicate_added),
    )
    old_id = record.absorb_row["id"]
    for low, high, at in record.not_duplicate:
        other = high if low == old_id else low
        if not _exists(conn, "person", other):
            continue
        pair = sorted((absorb_id, other))  # type: ignore[type-var]
        conn.execute(
            "INSERT OR IGNORE INTO not_duplicate (person_low_id, person_high_id, decided_at)"
            " VALUES (?, ?, ?)",
            (*pair, at),
        )
