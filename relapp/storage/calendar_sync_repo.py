"""What the promises and history syncs read and write here (issue 16): records with
their uids, people by uid or by name. Every function leaves the transaction to its
caller (the sync writes each record with its sync state in one transaction)."""

from __future__ import annotations

from collections.abc import Iterator

from relapp.domain.promises import Promise
from relapp.storage import export_repo, promises_repo
from relapp.storage.database import Database
from relapp.storage.export_repo import InteractionRecord, IntroductionRecord

TABLES = ("interaction", "promise", "introduction")


def people(db: Database) -> dict[int, tuple[str, str]]:
    """Everyone's uid and name by id."""
    return {
        int(pid): (str(uid), str(name))
        for pid, uid, name in db.connection().execute(
            "SELECT id, uid, display_name FROM person WHERE uid IS NOT NULL"
        )
    }


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


def promises(db: Database) -> Iterator[tuple[str, Promise]]:
    """Every promise with its uid."""
    rows = db.connection().execute("SELECT id, uid FROM promise WHERE uid IS NOT NULL").fetchall()
    for pid, uid in rows:
        yield str(uid), promises_repo.get_promise(db, int(pid))


def interactions(db: Database, page: int = 1000) -> Iterator[InteractionRecord]:
    after = 0
    while batch := export_repo.interactions_after(db, after, page):
        yield from batch
        after = batch[-1].id


def introductions(db: Database, page: int = 1000) -> Iterator[IntroductionRecord]:
    after = 0
    while batch := export_repo.introductions_after(db, after, page):
        yield from batch
        after = batch[-1].id


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
