"""Everyone's health is read on two threads: the caller's and a second reader it starts.
The second reader runs below the caller's CPU priority, so on a 2-core machine the two
readers leave a core to the window's GUI thread (issue 18: opening the health overview at
full size, the GUI thread waited 25-40 ms of a 50-100 ms stall for a core while both
readers read the interactions' codes, ``bench.stall_sampler``)."""

from __future__ import annotations

import os
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import interactions, people
from relapp.storage import Database, everyone_health_repo

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice")

NOW = datetime(2026, 5, 20, 12, tzinfo=UTC)


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_the_second_reader_runs_at_a_lower_priority_than_the_caller(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = people.add_person(db, PersonDraft("Ada")).id
    for day in range(20):
        draft = InteractionDraft(
            NOW - timedelta(days=day), Channel.CALL, Direction.OUTBOUND, (ada,), "hi"
        )
        interactions.log_interaction(db, draft)
    seen: list[tuple[int, int]] = []  # (thread, nice) of each read of the codes and slices
    for name in ("fill_codes", "_read_slice"):
        real = getattr(everyone_health_repo, name)

        def spy(*args, _real=real):  # type: ignore[no-untyped-def]
            seen.append((threading.get_ident(), _nice()))
            return _real(*args)

        monkeypatch.setattr(everyone_health_repo, name, spy)
    everyone = everyone_health_repo.read_everyone(db, int(NOW.timestamp()))
    assert everyone.person_ids.tolist() == [ada]
    others = [nice for thread, nice in seen if thread != threading.get_ident()]
    assert others, "nothing was read on the second reader"
    assert min(others) > _nice()
    assert _nice() == os.getpriority(os.PRIO_PROCESS, 0)  # the caller's thread as it was
