"""The log dialog's interaction and its promise: one transaction, one undo step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.domain.changes import Changes
from relapp.domain.errors import InvalidInput
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.paths import AppPaths
from relapp.services import interactions, logbook, people
from relapp.services import promises as promise_service
from relapp.storage import Database
from relapp.storage.database import open_database

NOW = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def call(person_id: int) -> InteractionDraft:
    return InteractionDraft(NOW, Channel.CALL, Direction.OUTBOUND, (person_id,), "Talked")


def pricing(person_id: int) -> PromiseDraft:
    return PromiseDraft(
        person_id, Promiser.ME, "send the pricing", Channel.EMAIL, NOW + timedelta(days=1)
    )


def test_the_interaction_and_its_promise_are_stored_together(db: Database) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    logged = logbook.log(db, call(priya), pricing(priya), now=NOW)
    assert interactions.history_count(db, priya) == 1
    [entry] = promise_service.open_promises_for(db, priya)
    assert entry.promise == logged.promise
    assert logged.changes == Changes.of_people((priya,), interactions=True, promises=True)
    alone = logbook.log(db, call(priya), now=NOW)
    assert alone.promise is None
    assert alone.changes == Changes.of_people((priya,), interactions=True)


def test_a_promise_that_cannot_be_stored_leaves_no_interaction_either(db: Database) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    with pytest.raises(InvalidInput):  # the promise's person is gone: raised after the insert
        logbook.log(db, call(priya), pricing(priya + 99), now=NOW)
    assert interactions.history_count(db, priya) == 0
    assert promise_service.open_promises_for(db, priya) == []


def test_unlog_takes_both_back_and_relog_puts_both_back(db: Database) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    logged = logbook.log(db, call(priya), pricing(priya), now=NOW)
    logbook.unlog(db, logged)
    assert interactions.history_count(db, priya) == 0
    assert promise_service.open_promises_for(db, priya) == []
    again = logbook.relog(db, logged, now=NOW)
    assert again.interaction == logged.interaction  # the same id and everything
    [entry] = promise_service.open_promises_for(db, priya)
    assert entry.promise.draft() == logged.promise.draft()


def test_editing_with_a_promise_updates_and_adds_in_one_write(db: Database) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    first = logbook.log(db, call(priya), now=NOW)
    edited = logbook.log(
        db,
        call(priya).__class__(NOW, Channel.EMAIL, Direction.OUTBOUND, (priya,), "Wrote"),
        pricing(priya),
        now=NOW,
        editing=first.interaction.id,
    )
    assert edited.interaction.id == first.interaction.id
    assert interactions.get_interaction(db, first.interaction.id).summary == "Wrote"
    assert len(promise_service.open_promises_for(db, priya)) == 1


KILLED_MID_WAY = """
import os, signal, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from relapp.domain.model import Channel, Direction, InteractionDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, logbook, promises
from relapp.storage.database import open_database

db = open_database(Path(sys.argv[1]))
person = int(sys.argv[2])
now = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)

def killed(*_args, **_kwargs):
    # The interaction is written (inside the transaction); the process dies here.
    assert interactions.history_count(db, person) == 1
    os.kill(os.getpid(), signal.SIGKILL)

promises.create_promise = killed
logbook.log(
    db,
    InteractionDraft(now, Channel.CALL, Direction.OUTBOUND, (person,), "Talked"),
    PromiseDraft(person, Promiser.ME, "send it", None, now + timedelta(days=1)),
    now=now,
)
"""


def test_a_process_killed_between_the_two_writes_leaves_neither(
    db: Database, paths: AppPaths, tmp_path: Path
) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    db.close()
    script = tmp_path / "killed.py"
    script.write_text(KILLED_MID_WAY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, str(script), str(paths.database), str(priya)], env=env, timeout=60
    )
    assert done.returncode == -signal.SIGKILL
    again = open_database(paths.database)
    try:
        assert interactions.history_count(again, priya) == 0
        assert promise_service.open_promises_for(again, priya) == []
    finally:
        again.close()


def test_unedit_puts_the_entry_back_and_takes_the_promise_made_with_the_edit(
    db: Database,
) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    before = logbook.log(db, call(priya), now=NOW).interaction
    changed = InteractionDraft(NOW, Channel.CALL, Direction.OUTBOUND, (priya,), "Talked price")
    edited = logbook.log(db, changed, pricing(priya), now=NOW, editing=before.id)
    assert len(promise_service.open_promises_for(db, priya)) == 1
    undone = logbook.unedit(db, before.draft(), edited)
    assert undone.interaction == interactions.get_interaction(db, before.id)
    assert undone.interaction.summary == "Talked"
    assert promise_service.open_promises_for(db, priya) == []
    assert interactions.history_count(db, priya) == 1
