"""A first sync of a large history makes one PUT an entry, and little else an entry: the
records are read, and their sync states written, a batch at a time (each batch one
step: in the window one hand-over to the one writer and one transaction), not two
steps an entry. What it sends and records is the same: every entry on the server once,
each state with the ETag its PUT returned, and a second sync finds nothing to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services.sync import engine
from relapp.services.sync.calendar_sync import CalendarSync
from relapp.services.sync.history_sync import HistoryKind
from relapp.storage import Database, bulk, interactions_repo, introductions_repo, sync_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import items_on_server
from tests.sync.helpers import folder_db
from tests.sync.test_first_read_chunks import START, history

T = TypeVar("T")
N = 240


def counted_sync(db: Database, account: Account) -> tuple[engine.SyncResult, int]:
    steps = [0]

    def step(fn: Callable[[], T]) -> T:
        steps[0] += 1
        return fn()

    result = engine.sync(
        db, engine.Account(account.url, account.user), account.password, step=step, only={"history"}
    )
    return result, steps[0]


def states(db: Database) -> dict[str, str]:
    """href -> ETag of every history item's sync state."""
    return {
        str(href): str(etag)
        for href, etag in db.connection().execute(
            "SELECT i.href, i.etag FROM sync_item i JOIN sync_collection c"
            " ON c.id = i.collection_id WHERE c.kind = 'history'"
        )
    }


def test_a_first_sync_reads_and_records_its_entries_a_batch_at_a_time(
    tmp_path: Path, account: Account
) -> None:
    db = folder_db(tmp_path, "a")
    history(db, N)
    first, steps = counted_sync(db, account)
    assert first.history.sent_new == N
    # Before: two steps an entry (read it, record it), 480 and more.
    assert steps < N / 10, steps
    on_server = items_on_server(account, "history")
    assert len(on_server) == N
    recorded = states(db)
    assert len(recorded) == N and all(etag for etag in recorded.values())
    assert {Path(href).name for href in recorded} == {Path(h).name for h in on_server}
    again, _ = counted_sync(db, account)
    assert not again.history.anything, again.history.lines()
    assert states(db) == recorded  # the ETags the PUTs returned are the server's


def varied_history(db: Database) -> list[str]:
    """History entries with no one, one and three people, and introductions (one of
    them logged as an entry); their uids."""
    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Person {i}") for i in range(5)])
        for i in range(150):
            who = () if i % 10 == 0 else tuple(ids[: 1 + 2 * (i % 2)])
            interactions_repo.insert_interaction(
                db,
                InteractionDraft(
                    START + timedelta(hours=i),
                    Channel.CALL,
                    Direction.BOTH,
                    who,
                    f"call {i}",
                    notes="said, this; and\nthat" if i % 3 else "",
                ),
            )
        introductions_repo.insert_introduction(
            db, IntroductionDraft(ids[0], ids[1], ids[2], START.date(), "at the fair")
        )
        introductions_repo.insert_introduction(
            db, IntroductionDraft(None, ids[3], ids[4]), interaction_id=1
        )
    return sorted(HistoryKind(db).hashes())


def test_a_batch_to_send_is_read_in_a_few_statements_as_each_record_alone_reads(
    tmp_path: Path,
) -> None:
    db = folder_db(tmp_path, "a")
    uids = varied_history(db)
    kind = HistoryKind(db)
    run = CalendarSync(db, None, "http://dav.invalid/h/", kind, lambda: START)  # type: ignore[arg-type]
    with db.atomic():
        coll = sync_repo.collection(db, "history", run.url)
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)
    try:
        found = run._outgoing_chunk(coll, uids)
    finally:
        db.connection().set_trace_callback(None)
    # Before: four or five statements a record (its id, its row, its people, its hash,
    # its state); 152 records here.
    assert len(statements) < 30, len(statements)
    assert len(found) == len(uids) == 152
    for uid, (state, hash_, text) in found.items():
        assert state is None
        assert hash_ == kind.hash_of(uid)
        assert text == kind.new_text(kind.one(uid), START)  # type: ignore[arg-type]
