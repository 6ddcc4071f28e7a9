"""The sync state (migration m0008): Relapp's collections on the server with their sync
tokens, and per item what it was at the last sync (href, ETag, a hash of its meaning,
the server's original text, the local ``updated_at`` it was synced at). The account's
settings (server URL, user name; never the password) are ``app_state`` rows.

Every function leaves the transaction to its caller: the sync engine writes an item's
state in the same transaction as the person it concerns, so a process killed between
two items leaves each either done (both) or not (neither).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from relapp.domain.model import PersonDraft
from relapp.storage import export_repo, person_codec, promises_repo
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.person_codec import PersonRecord

SETTINGS_PREFIX = "sync."


@dataclass(frozen=True)
class ItemState:
    uid: str
    href: str
    etag: str
    hash: str
    original: str
    local_rev: int = 0


@dataclass(frozen=True)
class CollectionState:
    id: int
    kind: str
    url: str
    token: str | None


def setting(db: Database, name: str) -> str | None:
    return promises_repo.get_state(db, SETTINGS_PREFIX + name)


def set_setting(db: Database, name: str, value: str) -> None:
    promises_repo.set_state(db, SETTINGS_PREFIX + name, value)


def collection(db: Database, kind: str, url: str) -> CollectionState:
    """The state of a collection, recorded (without a token) the first time."""
    conn = db.connection()
    conn.execute(
        "INSERT INTO sync_collection (kind, url) VALUES (?, ?) ON CONFLICT (url) DO NOTHING",
        (kind, url),
    )
    cid, token = conn.execute(
        "SELECT id, sync_token FROM sync_collection WHERE url = ?", (url,)
    ).fetchone()
    return CollectionState(int(cid), kind, url, token)


def set_token(db: Database, collection_id: int, token: str | None, at: int) -> None:
    db.connection().execute(
        "UPDATE sync_collection SET sync_token = ?, synced_at = ? WHERE id = ?",
        (token, at, collection_id),
    )


def keep_token(db: Database, collection_id: int, token: str | None) -> None:
    """A token taken part-way through a sync (its time of the last sync stays)."""
    db.connection().execute(
        "UPDATE sync_collection SET sync_token = ? WHERE id = ?", (token, collection_id)
    )


def last_synced(db: Database, kind: str) -> int | None:
    row = (
        db.connection()
        .execute("SELECT max(synced_at) FROM sync_collection WHERE kind = ?", (kind,))
        .fetchone()
    )
    return None if row is None or row[0] is None else int(row[0])


def items(db: Database, collection_id: int) -> dict[str, ItemState]:
    """Every item of a collection by uid."""
    return {
        row[0]: ItemState(*row)
        for row in db.connection().execute(
            "SELECT uid, href, etag, hash, original, local_rev FROM sync_item"
            " WHERE collection_id = ?",
            (collection_id,),
        )
    }


def put_item(db: Database, collection_id: int, item: ItemState) -> None:
    db.connection().execute(
        "INSERT OR REPLACE INTO sync_item (collection_id, uid, href, etag, hash, original,"
        " local_rev) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            collection_id,
            item.uid,
            item.href,
            item.etag,
            item.hash,
            item.original,
            item.local_rev,
        ),
    )


def drop_item(db: Database, collection_id: int, uid: str) -> None:
    db.connection().execute(
        "DELETE FROM sync_item WHERE collection_id = ? AND uid = ?", (collection_id, uid)
    )


# --- the people, as the sync reads them --------------------------------------------------------


@dataclass(frozen=True)
class LocalPerson:
    id: int
    uid: str
    updated_at: int
    record: PersonRecord

    def draft(self) -> PersonDraft:
        return person_codec.record_draft(self.record)

    @property
    def archived(self) -> bool:
        return self.record.archived_at is not None


def people(db: Database, page: int = 500) -> Iterator[LocalPerson]:
    """Everyone (archived people too: archiving is not deleting), a page at a time."""
    after = 0
    while batch := export_repo.people_after(db, after, page):
        for record in batch:
            yield LocalPerson(record.id, record.uid or "", record.updated_at, record)
        after = batch[-1].id


def person_by_uid(db: Database, uid: str) -> LocalPerson | None:
    row = db.connection().execute("SELECT id FROM person WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        return None
    (record,) = export_repo.people_with_ids(db, [int(row[0])])
    return LocalPerson(record.id, record.uid or "", record.updated_at, record)


def updated_at(db: Database, person_id: int) -> int:
    row = (
        db.connection()
        .execute("SELECT updated_at FROM person WHERE id = ?", (person_id,))
        .fetchone()
    )
    return int(row[0]) if row else 0


def set_person_uid(db: Database, person_id: int, uid: str) -> None:
    db.connection().execute("UPDATE person SET uid = ? WHERE id = ?", (uid, person_id))


def person_revs(db: Database) -> list[tuple[int, str, int]]:
    """``(id, uid, updated_at)`` of everyone: what a sync with nothing to do reads."""
    return [
        (int(pid), str(uid), int(at))
        for pid, uid, at in db.connection().execute("SELECT id, uid, updated_at FROM person")
    ]


def local_people(db: Database, ids: list[int]) -> list[LocalPerson]:
    return [
        LocalPerson(r.id, r.uid or "", r.updated_at, r)
        for r in export_repo.people_with_ids(db, ids)
    ]


def items_for(db: Database, collection_id: int, uid: str) -> ItemState | None:
    row = (
        db.connection()
        .execute(
            "SELECT uid, href, etag, hash, original, local_rev FROM sync_item"
            " WHERE collection_id = ? AND uid = ?",
            (collection_id, uid),
        )
        .fetchone()
    )
    return ItemState(*row) if row else None


def items_of(db: Database, collection_id: int, uids: Sequence[str]) -> dict[str, ItemState]:
    """The states (with the server's text) of these uids' items, by uid (those with none
    left out): ``items_for`` for a batch."""
    return {
        row[0]: ItemState(*row)
        for row in rows_in(
            db.connection(),
            "SELECT uid, href, etag, hash, original, local_rev FROM sync_item"
            " WHERE collection_id = ? AND uid IN ({marks})",
            uids,
            before=(collection_id,),
        )
    }
