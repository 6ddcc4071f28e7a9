"""A ``relapp sync`` killed (SIGKILL) while it sends promises and history, or while it
receives them in another folder, then run again: no duplicate, nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.storage import bulk, interactions_repo, promises_repo
from tests.dav_server import Account, Radicale
from tests.process_helpers import environment, relapp
from tests.sync.calendar_helpers import everything_of
from tests.sync.helpers import folder_db
from tests.sync.test_sync_failures import kill_part_way, relapp_sync

N = 120  # per calendar; Radicale takes ~0.1 s a PUT here
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def stored(radicale: Radicale, account: Account, segment: str) -> int:
    folder = radicale.folder / "collections" / "collection-root" / account.user / segment
    return len(list(folder.glob("*.ics"))) if folder.is_dir() else 0


def rows(tmp_path: Path, name: str, table: str) -> int:
    try:
        db = folder_db(tmp_path, name)
    except Exception:  # the database is being written: not yet
        return 0
    try:
        return int(db.connection().execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


@pytest.mark.slow
def test_a_sync_killed_while_sending_or_receiving_calendars_leaves_no_duplicate(
    tmp_path: Path, radicale: Radicale, account: Account
) -> None:
    a = folder_db(tmp_path, "a")
    with a.atomic():
        bulk.insert_people(a, [PersonDraft(f"Person {i}") for i in range(3)])
        for i in range(N):
            when = START + timedelta(days=i)
            promises_repo.insert_promise(
                a,
                PromiseDraft(1 + i % 3, Promiser.ME, f"promise {i}", Channel.CALL, when),
                created_at=START,
            )
            interactions_repo.insert_interaction(
                a,
                InteractionDraft(
                    when, Channel.EMAIL, Direction.OUTBOUND, (1 + i % 3,), f"mail {i}"
                ),
            )
    a.close()
    env = environment(RELAPP_SYNC_PASSWORD=account.password)
    # Killed while sending promises.
    kill_part_way(
        relapp_sync(tmp_path / "a", account),
        lambda: stored(radicale, account, "relapp-promises") >= 30,
    )
    assert 0 < stored(radicale, account, "relapp-promises") < N
    done = relapp("--data-dir", tmp_path / "a", "sync", env=env)
    assert done.returncode == 0, done.stderr
    assert "Sent promises:" in done.stdout
    assert stored(radicale, account, "relapp-promises") == N
    assert stored(radicale, account, "relapp-history") == N
    # Killed while receiving (promises, then history), in another folder.
    folder_db(tmp_path, "b").close()
    kill_part_way(relapp_sync(tmp_path / "b", account), lambda: rows(tmp_path, "b", "promise") >= 1)
    done = relapp("--data-dir", tmp_path / "b", "sync", env=env)
    assert done.returncode == 0, done.stderr
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    both = everything_of(a, tmp_path), everything_of(b, tmp_path)
    assert both[0] == both[1]
    assert (len(both[1]["promises"]), len(both[1]["interactions"])) == (N, N)
    assert stored(radicale, account, "relapp-promises") == N
    assert stored(radicale, account, "relapp-history") == N
