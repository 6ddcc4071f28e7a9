"""Storing promises and reading the lists the reminders need; plus the small ``app_state``
key-value table (when Relapp last ran, reminder settings).

A promise's reminder is due at its *effective* due time: the later of ``due_at`` and
``snoozed_until`` (see ``relapp.domain.promises.effective_due``). The queries below narrow
by that time in SQL and hand back domain ``Promise`` values; the domain rules decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relapp.domain.errors import NotFound
from relapp.domain.model import Channel
from relapp.domain.promises import Promise, PromiseDraft, Promiser, PromiseStatus
from relapp.storage import person_codec
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db, to_db

_COLUMNS = (
    "id, person_id, promiser, what, channel, due_at, status, snoozed_until,"
    " last_notified_at, created_at, done_at, recurrence, time_zone"
)
# The effective due time in SQL: a snooze only ever postpones.
_EFFECTIVE = "max(due_at, coalesce(snoozed_until, due_at))"


@dataclass(frozen=True)
class PersonWishes:
    """What a reminder needs to know about the person: their name and how they want to
    be reached."""

    id: int
    name: str
    preferred: Channel | None
    avoid: frozenset[Channel]
    archived: bool = False


def _from_row(row: Sequence[Any]) -> Promise:
    pid, person_id, promiser, what, channel, due, status, snoozed, notified, created, done = row[
        :11
    ]
    rule, zone = row[11], row[12]
    return Promise(
        id=int(pid),
        person_id=int(person_id),
        promiser=Promiser(promiser),
        what=str(what),
        channel=Channel(channel) if channel else None,
        due_at=from_db(due),
        status=PromiseStatus(status),
        snoozed_until=from_db(snoozed),
        last_notified_at=from_db(notified),
        created_at=from_db(created),
        done_at=from_db(done),
        recurrence=rule,
        zone=zone,
    )


def _opt(moment: datetime | None) -> int | None:
    return to_db(moment) if moment is not None else None


def _select(db: Database, where: str, params: Sequence[object] = (), tail: str = "") -> list:
    sql = f"SELECT {_COLUMNS} FROM promise WHERE {where} {tail}"
    return [_from_row(r) for r in db.connection().execute(sql, list(params))]


# --- writing --------------------------------------------------------------------------------


def insert_promise(
    db: Database,
    draft: PromiseDraft,
    *,
    created_at: datetime,
    last_notified_at: datetime | None = None,
    status: PromiseStatus = PromiseStatus.OPEN,
    done_at: datetime | None = None,
    interaction_id: int | None = None,
    follows_id: int | None = None,
) -> int:
    """``follows_id``: the occurrence of a recurring promise this one comes after."""
    cursor = db.connection().execute(
        "INSERT INTO promise (person_id, promiser, what, channel, due_at, status,"
        " last_notified_at, created_at, done_at, interaction_id, recurrence, follows_id,"
        " time_zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            draft.person_id,
            draft.promiser.value,
            draft.what,
            draft.channel.value if draft.channel else None,
            to_db(draft.due_at),
            status.value,
            _opt(last_notified_at),
            to_db(created_at),
            _opt(done_at),
            interaction_id,
            draft.recurrence,
            follows_id,
            draft.zone,
        ),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def _changed(db: Database, promise_id: int, sql: str, params: Sequence[object]) -> None:
    cursor = db.connection().execute(sql + " WHERE id = ?", (*params, promise_id))
    if cursor.rowcount == 0:
        raise NotFound(f"promise {promise_id} does not exist")


def update_promise(
    db: Database, promise_id: int, draft: PromiseDraft, *, last_notified_at: datetime | None
) -> None:
    """Replace what was promised and when; the snooze is dropped (a new due time)."""
    _changed(
        db,
        promise_id,
        "UPDATE promise SET person_id = ?, promiser = ?, what = ?, channel = ?, due_at = ?,"
        " snoozed_until = NULL, last_notified_at = ?, recurrence = ?, time_zone = ?",
        (
            draft.person_id,
            draft.promiser.value,
            draft.what,
            draft.channel.value if draft.channel else None,
            to_db(draft.due_at),
            _opt(last_notified_at),
            draft.recurrence,
            draft.zone,
        ),
    )


def set_status(
    db: Database,
    promise_id: int,
    status: PromiseStatus,
    *,
    done_at: datetime | None,
    interaction_id: int | None = None,
) -> None:
    _changed(
        db,
        promise_id,
        "UPDATE promise SET status = ?, done_at = ?, interaction_id = ?",
        (status.value, _opt(done_at), interaction_id),
    )


def restore_state(db: Database, p: Promise) -> None:
    """Put back a promise's status, snooze and notification state exactly (undo)."""
    _changed(
        db,
        p.id,
        "UPDATE promise SET status = ?, snoozed_until = ?, last_notified_at = ?, done_at = ?,"
        " interaction_id = CASE WHEN ? = 'open' THEN NULL ELSE interaction_id END",
        (
            p.status.value,
            _opt(p.snoozed_until),
            _opt(p.last_notified_at),
            _opt(p.done_at),
            p.status.value,
        ),
    )


def set_snoozed_until(db: Database, promise_id: int, until: datetime | None) -> None:
    _changed(db, promise_id, "UPDATE promise SET snoozed_until = ?", (_opt(until),))


def mark_notified(db: Database, promise_ids: Iterable[int], at: datetime) -> None:
    db.connection().executemany(
        "UPDATE promise SET last_notified_at = ? WHERE id = ?",
        [(to_db(at), pid) for pid in promise_ids],
    )


def delete_promise(db: Database, promise_id: int) -> None:
    _changed(db, promise_id, "DELETE FROM promise", ())


def swap_uids(db: Database, one: int, other: int) -> None:
    """Give each of two promises the other's uid (a recurring promise's series uid goes
    to its next occurrence, and back on undo)."""
    conn = db.connection()
    uids = dict(conn.execute("SELECT id, uid FROM promise WHERE id IN (?, ?)", (one, other)))
    if len(uids) != 2:
        raise NotFound(f"promise {one} or {other} does not exist")
    conn.execute("UPDATE promise SET uid = NULL WHERE id = ?", (one,))
    conn.execute("UPDATE promise SET uid = ? WHERE id = ?", (uids[one], other))
    conn.execute("UPDATE promise SET uid = ? WHERE id = ?", (uids[other], one))


def open_followers(db: Database, promise_id: int) -> list[int]:
    """The open occurrences scheduled by this one (its Done or Cancel)."""
    return [
        int(r[0])
        for r in db.connection().execute(
            "SELECT id FROM promise WHERE follows_id = ? AND status = 'open'", (promise_id,)
        )
    ]


def delete_open_followers(db: Database, promise_id: int) -> list[int]:
    """Remove the open occurrences scheduled by this one (undoing its Done or Cancel);
    returns their ids."""
    conn = db.connection()
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM promise WHERE follows_id = ? AND status = 'open'", (promise_id,)
        )
    ]
    conn.executemany("DELETE FROM promise WHERE id = ?", [(i,) for i in ids])
    return ids


# --- reading --------------------------------------------------------------------------------


def get_promise(db: Database, promise_id: int) -> Promise:
    found = _select(db, "id = ?", (promise_id,))
    if not found:
        raise NotFound(f"promise {promise_id} does not exist")
    return found[0]


def preceding(db: Database, promise_id: int) -> Promise | None:
    """The occurrence of a recurring promise that this one follows (``follows_id``)."""
    found = _select(db, "id = (SELECT follows_id FROM promise WHERE id = ?)", (promise_id,))
    return found[0] if found else None


def interaction_of(db: Database, promise_id: int) -> int | None:
    """The interaction logged when the promise was kept, if any."""
    row = (
        db.connection()
        .execute("SELECT interaction_id FROM promise WHERE id = ?", (promise_id,))
        .fetchone()
    )
    if row is None:
        raise NotFound(f"promise {promise_id} does not exist")
    return row[0]


def open_promises_of(db: Database, person_id: int) -> list[Promise]:
    """A person's open promises, both ways, by effective due time."""
    return _select(
        db,
        "person_id = ? AND status = 'open'",
        (person_id,),
        f"ORDER BY {_EFFECTIVE}, id",
    )


def promises_of(db: Database, person_id: int) -> list[Promise]:
    """All of a person's promises, newest due first (open, kept and cancelled)."""
    return _select(db, "person_id = ?", (person_id,), "ORDER BY due_at DESC, id DESC")


def open_promises(db: Database) -> list[Promise]:
    """Every open promise, by effective due time (the Due view; a few thousand at most)."""
    return _select(db, "status = 'open'", (), f"ORDER BY {_EFFECTIVE}, id")


def due_by(db: Database, moment: datetime) -> list[Promise]:
    """Open promises whose effective due time is at or before ``moment``."""
    return _select(
        db,
        f"status = 'open' AND due_at <= ? AND {_EFFECTIVE} <= ?",
        (to_db(moment), to_db(moment)),
        f"ORDER BY {_EFFECTIVE}, id",
    )


def needing_notification(db: Database, moment: datetime) -> list[Promise]:
    """Open promises due by ``moment`` and not notified since they became due (the
    domain's ``needs_notification`` in SQL, for a cheap sweep)."""
    return _select(
        db,
        f"status = 'open' AND due_at <= ? AND {_EFFECTIVE} <= ?"
        f" AND (last_notified_at IS NULL OR last_notified_at < {_EFFECTIVE})",
        (to_db(moment), to_db(moment)),
        f"ORDER BY {_EFFECTIVE}, id",
    )


def next_due_after(db: Database, moment: datetime) -> datetime | None:
    """The earliest effective due time after ``moment`` among open promises."""
    row = (
        db.connection()
        .execute(
            f"SELECT min({_EFFECTIVE}) FROM promise WHERE status = 'open' AND {_EFFECTIVE} > ?",
            (to_db(moment),),
        )
        .fetchone()
    )
    return from_db(row[0]) if row and row[0] is not None else None


def next_open_after(db: Database, moment: datetime) -> Promise | None:
    """The open promise whose reminder comes next after ``moment``."""
    found = _select(
        db,
        f"status = 'open' AND {_EFFECTIVE} > ?",
        (to_db(moment),),
        f"ORDER BY {_EFFECTIVE}, id LIMIT 1",
    )
    return found[0] if found else None


def count_due(db: Database, moment: datetime) -> int:
    return (
        db.connection()
        .execute(
            f"SELECT count(*) FROM promise WHERE status = 'open' AND due_at <= ?"
            f" AND {_EFFECTIVE} <= ?",
            (to_db(moment), to_db(moment)),
        )
        .fetchone()[0]
    )


def wishes_of(db: Database, person_ids: Iterable[int]) -> dict[int, PersonWishes]:
    """Names and channel wishes of the given people, in one query per 500."""
    return {
        pid: PersonWishes(
            pid,
            name,
            person_codec.channel(preferred),
            person_codec.channels(avoid),
            archived_at is not None,
        )
        for pid, name, preferred, avoid, archived_at in rows_in(
            db.connection(),
            "SELECT id, display_name, preferred_channel, avoid_channels, archived_at"
            " FROM person WHERE id IN ({marks})",
            dict.fromkeys(person_ids),
        )
    }


# --- app state ------------------------------------------------------------------------------


def get_state(db: Database, key: str) -> str | None:
    row = db.connection().execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_state(db: Database, key: str, value: str) -> None:
    db.connection().execute(
        "INSERT INTO app_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def delete_state(db: Database, key: str) -> None:
    db.connection().execute("DELETE FROM app_state WHERE key = ?", (key,))
