"""Fast paths for many rows at once (imports, the benchmark generator).

They run inside the caller's transaction, assign ids explicitly and insert with
``executemany`` on the raw connection, keeping the search index and last-contact times
exactly as the one-at-a-time repositories would.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from uuid import uuid4

from relapp.domain.contact_keys import contact_key
from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import InteractionDraft, PersonDraft
from relapp.domain.promises import Promise
from relapp.storage import person_codec, search_index, text_search_repo
from relapp.storage.chunks import insert_rows, rows_in
from relapp.storage.database import Database
from relapp.storage.timeconv import now_db, to_db


def _next_id(db: Database, table: str) -> int:
    return db.connection().execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def _nocase(name: str) -> str:
    """A tag name as the tag table compares it (``COLLATE NOCASE``: ASCII letters only)."""
    return name.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _tag_ids(db: Database, names: Iterable[str]) -> dict[str, int]:
    """The id of each tag named (made where missing), by ``_nocase`` name."""
    conn = db.connection()
    clean = {" ".join(n.split()) for n in names}
    clean.discard("")
    # In name order: new tags get the same ids whatever order a set holds them in.
    conn.executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", [(n,) for n in sorted(clean)])
    return {
        _nocase(name): tag_id
        for tag_id, name in rows_in(conn, "SELECT id, name FROM tag WHERE name IN ({marks})", clean)
    }


_INSERT_PERSON = (
    f"INSERT INTO person (id, uid, created_at, updated_at, {', '.join(person_codec.WRITE_COLUMNS)})"
)
_PERSON_WIDTH = len(person_codec.WRITE_COLUMNS) + 4


def insert_people(db: Database, drafts: Sequence[PersonDraft], *, index: bool = True) -> list[int]:
    """Insert people with contact points, tags, photos and search rows (``index``, else
    ``index_people`` later in the transaction); return ids."""
    if not drafts:
        return []
    conn = db.connection()
    now = now_db()
    first = _next_id(db, "person")
    ids = list(range(first, first + len(drafts)))
    # Many rows to a statement (``insert_rows``): these tables have triggers.
    insert_rows(
        conn,
        _INSERT_PERSON,
        (
            # The uid here, not from m0008's trigger: one UPDATE fewer per person.
            (pid, str(uuid4()), now, now, *person_codec.write_values(d))
            for pid, d in zip(ids, drafts, strict=True)
        ),
        _PERSON_WIDTH,
    )
    insert_rows(
        conn,
        "INSERT INTO contact_point (person_id, kind, label, value, key, position)",
        (
            (pid, p.kind.value, p.label, p.value, contact_key(p.kind, p.value), pos)
            for pid, d in zip(ids, drafts, strict=True)
            for pos, p in enumerate(d.contact_points)
        ),
        6,
    )
    tag_ids = _tag_ids(db, (t for d in drafts for t in d.tags))
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id)",
        (
            (pid, tag_ids[_nocase(" ".join(t.split()))])
            for pid, d in zip(ids, drafts, strict=True)
            for t in d.tags
            if " ".join(t.split())
        ),
        2,
    )
    insert_rows(
        conn,
        "INSERT INTO person_photo (person_id, data)",
        ((pid, d.photo) for pid, d in zip(ids, drafts, strict=True) if d.photo),
        2,
    )
    if index:
        index_people(db, ids, drafts)
    return ids


def index_people(db: Database, ids: Sequence[int], drafts: Sequence[PersonDraft]) -> None:
    """The search rows of people ``insert_people`` inserted without them: an import's
    all at once, after their rows. FTS5 writes out the rows it holds as a new segment
    of the index at each statement that may have to be undone alone (each chunk's
    person rows, whose tables have triggers), so rows indexed chunk by chunk between
    them made a segment per chunk: merging those was a tenth of the writing (bench)."""
    if not ids:
        return
    search_index.insert(
        db.connection(),
        [person_codec.search_row(pid, d) for pid, d in zip(ids, drafts, strict=True)],
    )


def insert_interactions(db: Database, drafts: Sequence[InteractionDraft]) -> list[int]:
    """Insert interactions with their people; last-contact times are brought up to date."""
    if not drafts:
        return []
    conn = db.connection()
    now = now_db()
    first = _next_id(db, "interaction")
    ids = list(range(first, first + len(drafts)))
    with text_search_repo.indexed_in_bulk(conn, "interaction", ids[0], ids[-1]):
        conn.executemany(
            "INSERT INTO interaction (id, uid, occurred_at, channel, direction, kind, summary,"
            " notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    iid,
                    str(uuid4()),
                    to_db(d.occurred_at),
                    d.channel.value,
                    d.direction.value,
                    d.kind.value,
                    d.summary,
                    d.notes,
                    now,
                )
                for iid, d in zip(ids, drafts, strict=True)
            ],
        )
    latest: dict[int, int] = {}
    links = []
    for iid, d in zip(ids, drafts, strict=True):
        at = to_db(d.occurred_at)
        for pid in dict.fromkeys(d.person_ids):
            links.append((iid, pid, at))
            if d.kind.is_contact and at > latest.get(pid, -(2**62)):
                latest[pid] = at
    conn.executemany(
        "INSERT INTO interaction_person (interaction_id, person_id, occurred_at) VALUES (?, ?, ?)",
        links,
    )
    conn.executemany(
        "UPDATE person SET last_contact_at = max(coalesce(last_contact_at, ?), ?) WHERE id = ?",
        [(at, at, pid) for pid, at in latest.items()],
    )
    return ids


def insert_introductions(
    db: Database, drafts: Sequence[IntroductionDraft], interaction_ids: Sequence[int | None]
) -> list[int]:
    """Insert introductions (canonical drafts, see ``domain.introductions.validated``),
    each linked to the history entry that logged it (None: not logged); return ids."""
    if not drafts:
        return []
    if len(interaction_ids) != len(drafts):
        raise ValueError("one interaction id (or None) is needed per introduction")
    now = now_db()
    first = _next_id(db, "introduction")
    ids = list(range(first, first + len(drafts)))
    db.connection().executemany(
        "INSERT INTO introduction (id, introducer_id, person_a_id, person_b_id, occurred_on,"
        " context, interaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                iid,
                d.introducer_id,
                d.person_a_id,
                d.person_b_id,
                d.occurred_on.isoformat() if d.occurred_on else None,
                d.context,
                interaction_id,
                now,
            )
            for iid, d, interaction_id in zip(ids, drafts, interaction_ids, strict=True)
        ],
    )
    return ids


def set_met(db: Database, rows: Sequence[tuple[int, str, date | None]]) -> None:
    """Write (person id, how you met, met on) for many people, keeping their search rows
    in step as ``introductions_repo.set_met`` does one at a time."""
    if not rows:
        return
    conn = db.connection()
    now = now_db()
    conn.executemany(
        "UPDATE person SET met_how = ?, met_on = ?, updated_at = ? WHERE id = ?",
        [(how, person_codec.date_text(on), now, pid) for pid, how, on in rows],
    )
    search_index.reindex(conn, dict.fromkeys(pid for pid, _, _ in rows))


def _opt_db(moment: datetime | None) -> int | None:
    return to_db(moment) if moment is not None else None


def insert_promises(
    db: Database, promises: Sequence[Promise], interaction_ids: Sequence[int | None]
) -> list[int]:
    """Insert promises as they stand (status, snooze, notification and done times as
    given; their ``id`` is ignored), each linked to the interaction that kept it (None:
    none); return the new ids in order."""
    if not promises:
        return []
    if len(interaction_ids) != len(promises):
        raise ValueError("one interaction id (or None) is needed per promise")
    first = _next_id(db, "promise")
    ids = list(range(first, first + len(promises)))
    db.connection().executemany(
        "INSERT INTO promise (id, person_id, promiser, what, channel, due_at, status,"
        " snoozed_until, last_notified_at, created_at, done_at, interaction_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                pid,
                p.person_id,
                p.promiser.value,
                p.what,
                p.channel.value if p.channel else None,
                to_db(p.due_at),
                p.status.value,
                _opt_db(p.snoozed_until),
                _opt_db(p.last_notified_at),
                to_db(p.created_at),
                _opt_db(p.done_at),
                interaction_id,
            )
            for pid, p, interaction_id in zip(ids, promises, interaction_ids, strict=True)
        ],
    )
    return ids
