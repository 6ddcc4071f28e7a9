"""History capture's storage: who owns the keys a file names, which keys were captured
before, writing the captured interactions with their keys, taking a batch's back, and
the addresses that are "me" (kept in ``app_state``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from relapp.domain.capture.me import EMAIL, PHONE, URL, fold_name
from relapp.domain.capture.plan import PlannedInteraction
from relapp.domain.model import ContactKind, InteractionDraft
from relapp.storage import bulk, people_repo
from relapp.storage.chunks import execute_in, rows_in
from relapp.storage.database import Database

ME_KEY = "capture.my_addresses"


@dataclass(frozen=True)
class CaptureMark:
    """What the history shows of a captured entry."""

    source: str
    message_count: int
    duration_seconds: int | None


# --- looking up -----------------------------------------------------------------------------


def owners(db: Database, keys: Iterable[str]) -> dict[str, tuple[tuple[int, bool], ...]]:
    """For each key ("email:...", "phone:...", "url:..."): (person id, archived) of the
    people with a contact point of that key."""
    wanted = sorted(set(keys))
    by_kind: list[tuple[str, tuple[str, ...], list[str]]] = [
        (EMAIL, (ContactKind.EMAIL.value,), []),
        (PHONE, (ContactKind.PHONE.value,), []),
        (URL, (ContactKind.URL.value, ContactKind.SOCIAL.value), []),
    ]
    for key in wanted:
        for prefix, _, values in by_kind:
            if key.startswith(prefix):
                value = key[len(prefix) :]
                values.append(value)
                if prefix == URL:
                    values.append(value + "/")
    found: dict[str, list[tuple[int, bool]]] = {}
    conn = db.connection()
    for prefix, kinds, values in by_kind:
        for value, person_id, archived_at in rows_in(
            conn,
            "SELECT DISTINCT c.key, c.person_id, p.archived_at FROM contact_point c"
            " JOIN person p ON p.id = c.person_id"
            f" WHERE c.kind IN ({','.join('?' * len(kinds))}) AND c.key IN ({{marks}})"
            " ORDER BY c.person_id",
            values,
            before=kinds,
        ):
            key = prefix + (value.rstrip("/") if prefix == URL else value)
            found.setdefault(key, []).append((person_id, archived_at is not None))
    return {key: tuple(dict.fromkeys(rows)) for key, rows in found.items()}


def active_names(db: Database) -> dict[str, tuple[int, ...]]:
    """Folded display name -> ids, of everyone not archived."""
    out: dict[str, list[int]] = {}
    for person_id, name in db.connection().execute(
        "SELECT id, display_name FROM person WHERE archived_at IS NULL ORDER BY id"
    ):
        out.setdefault(fold_name(name), []).append(person_id)
    return {name: tuple(ids) for name, ids in out.items()}


def existing_keys(db: Database, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` taken by an earlier capture (not undone)."""
    return {
        key
        for (key,) in rows_in(
            db.connection(), "SELECT key FROM capture_key WHERE key IN ({marks})", sorted(set(keys))
        )
    }


# --- writing and undoing --------------------------------------------------------------------


def insert_captured(
    db: Database, batch_id: int, planned: Sequence[PlannedInteraction]
) -> list[int]:
    """The interactions (person ids already real), marked captured, with their keys."""
    drafts = [
        InteractionDraft(
            occurred_at=p.occurred_at,
            channel=p.channel,
            direction=p.direction,
            person_ids=p.person_ids,
            summary=p.summary,
        )
        for p in planned
    ]
    ids = bulk.insert_interactions(db, drafts)
    conn = db.connection()
    conn.executemany(
        "INSERT INTO captured_interaction (interaction_id, batch_id, source, message_count,"
        " duration_seconds) VALUES (?, ?, ?, ?, ?)",
        [
            (iid, batch_id, p.source.value, p.message_count, p.duration_seconds)
            for iid, p in zip(ids, planned, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO capture_key (key, interaction_id, batch_id) VALUES (?, ?, ?)",
        [(key, iid, batch_id) for iid, p in zip(ids, planned, strict=True) for key in p.keys],
    )
    return ids


def remove_batch(db: Database, batch_id: int) -> tuple[int, set[int]]:
    """Delete the interactions batch ``batch_id`` captured and its keys (and the keys of
    later captures that grew them); returns how many and the people they were with
    (their last contact is worked out again). The entries it grew are put back first
    (``capture_growth_repo.ungrow_batch``)."""
    conn = db.connection()
    ids = [
        iid
        for (iid,) in conn.execute(
            "SELECT interaction_id FROM captured_interaction WHERE batch_id = ?", (batch_id,)
        )
    ]
    people = {
        pid
        for (pid,) in rows_in(
            conn,
            "SELECT DISTINCT person_id FROM interaction_person WHERE interaction_id IN ({marks})",
            ids,
        )
    }
    # the keys of later captures that grew these entries go with them: the whole entry
    # goes, so a capture of the archive again brings all of its messages back
    execute_in(conn, "DELETE FROM capture_key WHERE interaction_id IN ({marks})", ids)
    execute_in(conn, "DELETE FROM interaction WHERE id IN ({marks})", ids)
    conn.execute("DELETE FROM capture_key WHERE batch_id = ?", (batch_id,))
    people_repo.refresh_last_contact(db, people)
    return len(ids), people


def marks_of(db: Database, interaction_ids: Iterable[int]) -> dict[int, CaptureMark]:
    """Which of these interactions were captured (the rest were logged by hand)."""
    return {
        iid: CaptureMark(source, count, duration)
        for iid, source, count, duration in rows_in(
            db.connection(),
            "SELECT interaction_id, source, message_count, duration_seconds"
            " FROM captured_interaction WHERE interaction_id IN ({marks})",
            sorted(set(interaction_ids)),
        )
    }


# --- my addresses ----------------------------------------------------------------------------


def my_addresses(db: Database) -> tuple[str, ...]:
    row = db.connection().execute("SELECT value FROM app_state WHERE key = ?", (ME_KEY,)).fetchone()
    if row is None:
        return ()
    try:
        value = json.loads(row[0])
    except ValueError:
        return ()
    return tuple(str(a) for a in value) if isinstance(value, list) else ()


def set_my_addresses(db: Database, addresses: Sequence[str]) -> None:
    db.connection().execute(
        "INSERT INTO app_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (ME_KEY, json.dumps(list(addresses), ensure_ascii=False)),
    )
