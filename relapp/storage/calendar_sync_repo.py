"""What the promises and history syncs read and write here (issue 16): records with
their uids, people by uid or by name. Every function leaves the transaction to its
caller (the sync writes each record with its sync state in one transaction)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from relapp.storage import export_repo
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.export_repo import InteractionRecord, IntroductionRecord
from relapp.storage.sync_repo import ItemState

TABLES = ("interaction", "promise", "introduction")


def people(db: Database) -> dict[int, tuple[str, str]]:
    """Everyone's uid and name by id."""
    return {
        int(pid): (str(uid), str(name))
        for pid, uid, name in db.connection().execute(
            "SELECT id, uid, display_name FROM person WHERE uid IS NOT NULL"
        )
    }


def people_of(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """These people's uid and name by id (as ``people`` gives everyone's)."""
    return {
        int(pid): (str(uid), str(name))
        for pid, uid, name in rows_in(
            db.connection(),
            "SELECT id, uid, display_name FROM person WHERE uid IS NOT NULL AND id IN ({marks})",
            ids,
        )
    }


def name_of(db: Database, person_id: int) -> str | None:
    row = (
        db.connection()
        .execute("SELECT display_name FROM person WHERE id = ?", (person_id,))
        .fetchone()
    )
    return str(row[0]) if row else None


def people_named(db: Database, name: str) -> list[str]:
    """The uids of the people whose name, full or given, is ``name`` (any case)."""
    wanted = name.strip().casefold()
    return [
        str(uid)
        for uid, display, given in db.connection().execute(
            "SELECT uid, display_name, given_name FROM person WHERE uid IS NOT NULL"
        )
        if wanted in {str(display).strip().casefold(), str(given).strip().casefold()}
    ]


def id_of(db: Database, table: str, uid: str) -> int | None:
    if table not in (*TABLES, "person"):
        raise ValueError(f"no uids in {table}")
    row = db.connection().execute(f"SELECT id FROM {table} WHERE uid = ?", (uid,)).fetchone()
    return int(row[0]) if row else None


def uid_of(db: Database, table: str, record_id: int) -> str:
    if table not in (*TABLES, "person"):
        raise ValueError(f"no uids in {table}")
    row = db.connection().execute(f"SELECT uid FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return str(row[0]) if row and row[0] else ""


def set_uid(db: Database, table: str, record_id: int, uid: str) -> None:
    if table not in TABLES:
        raise ValueError(f"no uids in {table}")
    db.connection().execute(f"UPDATE {table} SET uid = ? WHERE id = ?", (uid, record_id))


def interaction(db: Database, uid: str) -> InteractionRecord | None:
    rid = id_of(db, "interaction", uid)
    if rid is None:
        return None
    found = export_repo.interactions_after(db, rid - 1, 1)
    return found[0] if found else None


def introduction(db: Database, uid: str) -> IntroductionRecord | None:
    rid = id_of(db, "introduction", uid)
    if rid is None:
        return None
    found = export_repo.introductions_after(db, rid - 1, 1)
    return found[0] if found else None


# --- what a record means, as stored: a sync with nothing to do reads only these ---------------
# One row per record: its uid, then the stored values that carry its meaning, with
# people and history entries named by uid (participants in any order: sort them).

_PROMISE_ROWS = (
    "SELECT p.uid, p.promiser, p.what, p.channel, p.due_at, p.status, p.done_at,"
    " p.snoozed_until, per.uid, p.recurrence, p.time_zone FROM promise p"
    " JOIN person per ON per.id = p.person_id"
    " WHERE p.uid IS NOT NULL"
)
_INTERACTION_ROWS = (
    "SELECT i.uid, i.occurred_at, i.channel, i.direction, i.kind, i.summary, i.notes,"
    " group_concat(per.uid, ' ') FROM interaction i"
    " LEFT JOIN interaction_person ip ON ip.interaction_id = i.id"
    " LEFT JOIN person per ON per.id = ip.person_id WHERE i.uid IS NOT NULL"
)
_INTRODUCTION_ROWS = (
    "SELECT n.uid, x.uid, a.uid, b.uid, n.occurred_on, n.context, h.uid FROM introduction n"
    " LEFT JOIN person x ON x.id = n.introducer_id LEFT JOIN person a ON a.id = n.person_a_id"
    " LEFT JOIN person b ON b.id = n.person_b_id LEFT JOIN interaction h"
    " ON h.id = n.interaction_id WHERE n.uid IS NOT NULL"
)
_ROWS = {
    "promise": (_PROMISE_ROWS, "p"),
    "interaction": (_INTERACTION_ROWS, "i"),
    "introduction": (_INTRODUCTION_ROWS, "n"),
}


def meaning_rows(
    db: Database, table: str, uid: str | None = None
) -> Iterator[tuple[str, tuple[object, ...]]]:
    """``(uid, values)`` of every record of ``table`` (or of the one with ``uid``)."""
    sql, alias = _ROWS[table]
    params: tuple[object, ...] = ()
    if uid is not None:
        sql += f" AND {alias}.uid = ?"
        params = (uid,)
    if table == "interaction":
        sql += " GROUP BY i.id"
    for row in db.connection().execute(sql, params):
        yield str(row[0]), _values(table, row[1:])


def meaning_rows_of(
    db: Database, table: str, uids: Sequence[str]
) -> Iterator[tuple[str, tuple[object, ...]]]:
    """``(uid, values)`` of the records of ``table`` with these uids (as ``meaning_rows``
    gives each one): what a batch of records to send is hashed from."""
    sql, alias = _ROWS[table]
    sql += f" AND {alias}.uid IN ({{marks}})"
    if table == "interaction":
        sql += " GROUP BY i.id"
    for row in rows_in(db.connection(), sql, uids):
        yield str(row[0]), _values(table, row[1:])


def interactions_of(db: Database, uids: Sequence[str]) -> list[InteractionRecord]:
    """The history entries with these uids (as ``interaction`` reads each one)."""
    conn = db.connection()
    rows = list(rows_in(conn, f"{export_repo.INTERACTION_SELECT} WHERE uid IN ({{marks}})", uids))
    people: dict[int, list[int]] = {row[0]: [] for row in rows}
    for iid, pid in rows_in(
        conn,
        "SELECT interaction_id, person_id FROM interaction_person"
        " WHERE interaction_id IN ({marks}) ORDER BY interaction_id, person_id",
        list(people),
    ):
        people[iid].append(pid)
    return [InteractionRecord(*row, person_ids=tuple(people[row[0]])) for row in rows]


def meaning_chunk(
    db: Database, table: str, after_id: int, limit: int
) -> list[tuple[int, str, tuple[object, ...]]]:
    """``(id, uid, values)`` of at most ``limit`` records of ``table`` after ``after_id``,
    by id: a collection's first sync reads every record in such short reads."""
    sql, alias = _ROWS[table]
    sql = sql.replace("SELECT ", f"SELECT {alias}.id, ", 1) + f" AND {alias}.id > ?"
    if table == "interaction":
        sql += " GROUP BY i.id"
    sql += f" ORDER BY {alias}.id LIMIT ?"
    return [
        (int(row[0]), str(row[1]), _values(table, row[2:]))
        for row in db.connection().execute(sql, (after_id, limit))
    ]


def _values(table: str, row: tuple[object, ...]) -> tuple[object, ...]:
    values = tuple(row)
    if table == "interaction":
        values = (*values[:-1], " ".join(sorted(str(values[-1] or "").split())))
    elif table == "promise":
        # a promise in the user's zone hashes as before zones were kept, and one that
        # does not repeat as before rules were synced
        values = values[:-1] if values[-1] is None else values
        values = values[:-1] if len(values) == 9 and values[-1] is None else values
    return values


def heads(db: Database, collection_id: int) -> dict[str, ItemState]:
    """Every item's state by uid without the server's text (``original`` is ""): what a
    sync with nothing to do compares; ``sync_repo.items_for`` gives one with its text."""
    return {
        row[0]: ItemState(row[0], row[1], row[2], row[3], "", row[4])
        for row in db.connection().execute(
            "SELECT uid, href, etag, hash, local_rev FROM sync_item WHERE collection_id = ?",
            (collection_id,),
        )
    }


def with_hash(db: Database, collection_id: int, mark: str) -> list[ItemState]:
    """The items whose hash is ``mark`` (those waiting), with their text."""
    return [
        ItemState(*row)
        for row in db.connection().execute(
            "SELECT uid, href, etag, hash, original, local_rev FROM sync_item"
            " WHERE collection_id = ? AND hash = ?",
            (collection_id, mark),
        )
    ]
