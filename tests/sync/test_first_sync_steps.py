"""A first sync of a large history makes one PUT an entry, and little else an entry: the
records are read, and their sync states written, a batch at a time (each batch one
step: in the window one hand-over to the one writer and one transaction), not two
steps an entry. What it sends and records is the same: every entry on the server once,
each state with the ETag its PUT returned, and a second sync finds nothing to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from relapp.services.sync import engine
from relapp.storage import Database
from tests.dav_server import Account
from tests.sync.calendar_helpers import items_on_server
from tests.sync.helpers import folder_db
from tests.sync.test_first_read_chunks import history

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
