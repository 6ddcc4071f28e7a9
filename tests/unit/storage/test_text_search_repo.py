"""The text indexes under bulk writes: ``bulk.insert_interactions`` pauses the triggers
for its own transaction and indexes its rows in one statement (FTS5 flushes at every
trigger's savepoint: 4x slower); nothing of the pause outlives the transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import people
from relapp.services.search import search_text
from relapp.storage import Database, bulk, text_search_repo

WHEN = datetime(2025, 3, 12, tzinfo=UTC)


def draft(pid: int, notes: str) -> InteractionDraft:
    return InteractionDraft(WHEN, Channel.EMAIL, Direction.INBOUND, (pid,), "Re: plans", notes)


def paused(db: Database) -> int:
    sql = f"SELECT count(*) FROM {text_search_repo.PAUSED_TABLE}"
    return db.connection().execute(sql).fetchone()[0]


def test_a_bulk_insert_is_indexed_and_the_triggers_run_again_after(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Carol Roth")).id
    with db.atomic():
        ids = bulk.insert_interactions(db, [draft(pid, f"greenhouse visit {n}") for n in range(30)])
    assert paused(db) == 0
    assert {h.match.record_id for h in search_text(db, "greenhouse").hits} == set(ids)
    with db.atomic():  # one at a time, through the trigger again
        db.connection().execute("UPDATE interaction SET notes = 'orchard' WHERE id = ?", (ids[0],))
        db.connection().execute("DELETE FROM interaction WHERE id = ?", (ids[1],))
    assert {h.match.record_id for h in search_text(db, "greenhouse").hits} == set(ids[2:])
    assert [h.match.record_id for h in search_text(db, "orchard").hits] == [ids[0]]
    check = "INSERT INTO interaction_text (interaction_text) VALUES ('integrity-check')"
    with db.atomic():
        db.connection().execute(check)  # raises when the index and the table disagree


def test_a_failed_bulk_insert_leaves_neither_rows_nor_a_pause(db: Database) -> None:
    pid = people.add_person(db, PersonDraft("Carol Roth")).id
    bad = draft(pid, "greenhouse")
    with pytest.raises(ValueError), db.atomic():
        bulk.insert_interactions(db, [bad, bad])
        raise ValueError("the caller fails after the insert")
    assert paused(db) == 0
    assert search_text(db, "greenhouse").hits == ()
    assert db.connection().execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
