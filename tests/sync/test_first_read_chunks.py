"""A collection's first sync reads every record here; in the window each database step
runs on the one writer, so that read must come in bounded steps (each its own short
read) for a save to get in between them. Counted as the SQLite virtual machine's
instructions of each step (``set_progress_handler``): the largest step of a first sync
does not grow with the number of history entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services.sync import calendar_push, calendar_sync, engine
from relapp.services.sync.history_sync import HistoryKind
from relapp.storage import Database, bulk, interactions_repo
from tests.dav_server import Account, Radicale
from tests.sync.helpers import folder_db

T = TypeVar("T")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
STEP = 100  # the progress handler is called every STEP virtual machine instructions


def history(db: Database, n: int) -> None:
    with db.atomic():
        (pid,) = bulk.insert_people(db, [PersonDraft("Dan Brown")])
        for i in range(n):
            interactions_repo.insert_interaction(
                db,
                InteractionDraft(
                    START + timedelta(hours=i), Channel.EMAIL, Direction.OUTBOUND, (pid,), "mail"
                ),
            )


def first_sync_steps(db: Database, account: Account) -> list[int]:
    """Each step's instructions (hundreds) in a first sync of the history only."""
    sizes: list[int] = []
    conn = db.connection()

    def step(fn: Callable[[], T]) -> T:
        ticks = [0]

        def tick() -> int:
            ticks[0] += 1
            return 0

        conn.set_progress_handler(tick, STEP)
        try:
            return fn()
        finally:
            conn.set_progress_handler(None, STEP)
            sizes.append(ticks[0])

    result: Any = engine.sync(
        db,
        engine.Account(account.url, account.user),
        account.password,
        step=step,
        only={"history"},
    )
    assert result.history.sent_new > 0
    return sizes


def whole_read(db: Database) -> int:
    """The instructions (hundreds) of reading every record here at once."""
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    conn = db.connection()
    conn.set_progress_handler(tick, STEP)
    try:
        assert len(HistoryKind(db).hashes()) == 200
    finally:
        conn.set_progress_handler(None, STEP)
    return ticks[0]


def test_the_first_read_comes_in_bounded_steps(
    tmp_path: Path, radicale: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar_sync, "FIRST_READ_CHUNK", 20, raising=False)
    # the records read (and the items recorded) in one step of the sending, too
    monkeypatch.setattr(calendar_push, "SEND_CHUNK", 20, raising=False)
    reads: list[int] = []
    chunk = HistoryKind.hash_chunk

    def counted(kind: HistoryKind, table: str, after_id: int, limit: int) -> Any:
        reads.append(limit)
        return chunk(kind, table, after_id, limit)

    monkeypatch.setattr(HistoryKind, "hash_chunk", counted)
    small, large = folder_db(tmp_path, "small"), folder_db(tmp_path, "large")
    history(small, 20)
    history(large, 200)
    everything = whole_read(large)
    small_steps = first_sync_steps(small, radicale.new_account())
    reads.clear()
    large_steps = first_sync_steps(large, radicale.new_account())
    # Ten times the entries: ten reads of twenty (and more for the introductions); no
    # step is anywhere near reading them all (before: one step was exactly that read).
    assert len(large_steps) > len(small_steps)
    assert len(reads) >= 10 and set(reads) == {20}, reads
    assert max(large_steps) < everything / 2, (everything, sorted(large_steps)[-5:])
