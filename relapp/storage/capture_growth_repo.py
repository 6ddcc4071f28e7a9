"""Entries a later capture grew (a thread-day or chat-day captured before that got new
messages): which day keys still have their entry, growing one, and putting one back
when the capture that grew it is undone. The rule itself is ``domain.capture.grow``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace

from relapp.domain.capture.grow import EntryState, grown, regrown
from relapp.domain.capture.plan import PlannedInteraction
from relapp.domain.errors import NotFound
from relapp.domain.model import Direction
from relapp.storage import interactions_repo
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.timeconv import from_db, to_db


def live_entries(db: Database, keys: Iterable[str]) -> dict[str, int]:
    """Of these day keys, those whose captured entry is still there: key -> its id."""
    return {
        key: iid
        for key, iid in rows_in(
            db.connection(),
            "SELECT k.key, k.interaction_id FROM capture_key k"
            " JOIN captured_interaction c ON c.interaction_id = k.interaction_id"
            " WHERE k.key IN ({marks})",
            sorted(set(keys)),
        )
    }


def _state(db: Database, interaction_id: int) -> EntryState | None:
    row = (
        db.connection()
        .execute(
            "SELECT message_count FROM captured_interaction WHERE interaction_id = ?",
            (interaction_id,),
        )
        .fetchone()
    )
    if row is None:
        return None
    try:
        entry = interactions_repo.get_interaction(db, interaction_id)
    except NotFound:
        return None
    return EntryState(
        entry.occurred_at, entry.direction, entry.summary, int(row[0]), entry.person_ids
    )


def _write(db: Database, interaction_id: int, state: EntryState) -> None:
    entry = interactions_repo.get_interaction(db, interaction_id)
    alive = {
        pid
        for (pid,) in rows_in(
            db.connection(), "SELECT id FROM person WHERE id IN ({marks})", state.person_ids
        )
    }
    draft = replace(
        entry.draft(),
        occurred_at=state.occurred_at,
        direction=state.direction,
        summary=state.summary,
        person_ids=tuple(p for p in state.person_ids if p in alive),
    )
    interactions_repo.update_interaction(db, interaction_id, draft)  # last contact too
    db.connection().execute(
        "UPDATE captured_interaction SET message_count = ? WHERE interaction_id = ?",
        (state.message_count, interaction_id),
    )


def _dumps(state: EntryState) -> str:
    return json.dumps(
        {
            "at": to_db(state.occurred_at),
            "direction": state.direction.value,
            "summary": state.summary,
            "messages": state.message_count,
            "people": list(state.person_ids),
        },
        ensure_ascii=False,
    )


def _loads(text: str) -> EntryState:
    data = json.loads(text)
    return EntryState(
        from_db(int(data["at"])),
        Direction(data["direction"]),
        str(data["summary"]),
        int(data["messages"]),
        tuple(int(p) for p in data["people"]),
    )


def grow_captured(
    db: Database, batch_id: int, growths: Sequence[PlannedInteraction]
) -> tuple[int, set[int]]:
    """Grow each entry by its new messages (person ids already real), keep how it was
    before, and take the messages' keys for batch ``batch_id``; returns how many grew
    and the people of the grown entries."""
    conn = db.connection()
    done = 0
    people: set[int] = set()
    for planned in growths:
        assert planned.grows is not None
        before = _state(db, planned.grows)
        if before is None:  # deleted since the plan
            continue
        growth = EntryState(
            planned.occurred_at,
            planned.direction,
            planned.summary,
            planned.message_count,
            planned.person_ids,
        )
        after = grown(before, growth)
        people.update(after.person_ids)
        _write(db, planned.grows, after)
        conn.execute(
            "INSERT INTO captured_growth (batch_id, interaction_id, before, growth)"
            " VALUES (?, ?, ?, ?)",
            (batch_id, planned.grows, _dumps(before), _dumps(growth)),
        )
        conn.executemany(
            "INSERT INTO capture_key (key, interaction_id, batch_id) VALUES (?, ?, ?)",
            [(key, planned.grows, batch_id) for key in planned.keys],
        )
        done += 1
    return done, people


def ungrow_batch(db: Database, batch_id: int) -> tuple[int, set[int]]:
    """Put back the entries batch ``batch_id`` grew: each as it was before, with the
    growths of later captures folded in again. Returns how many, and their people
    (before and after). The batch's message keys are removed by the caller."""
    conn = db.connection()
    mine = conn.execute(
        "SELECT id, interaction_id, before FROM captured_growth WHERE batch_id = ? ORDER BY id",
        (batch_id,),
    ).fetchall()
    people: set[int] = set()
    for row_id, iid, before_text in mine:
        later = conn.execute(
            "SELECT id, growth FROM captured_growth WHERE interaction_id = ? AND id > ?"
            " ORDER BY id",
            (iid, row_id),
        ).fetchall()
        now = _state(db, iid)
        befores, state = regrown(_loads(before_text), [_loads(g) for _, g in later])
        conn.executemany(  # their "before" had the undone growth in it
            "UPDATE captured_growth SET before = ? WHERE id = ?",
            [(_dumps(b), later_id) for b, (later_id, _) in zip(befores, later, strict=True)],
        )
        if now is not None:
            people.update(now.person_ids, state.person_ids)
            _write(db, iid, state)
        conn.execute("DELETE FROM captured_growth WHERE id = ?", (row_id,))
    return len(mine), people
