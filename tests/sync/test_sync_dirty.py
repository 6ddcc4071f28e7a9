"""A sync with nothing to do reads what changed here, not every record (issue 16): the
triggers of migration m0012 mark each person, promise, history entry and introduction
written or deleted, and a sync after the first reads only the marks. Counted as the
SQLite virtual machine's steps of the no-op sync (``set_progress_handler``): they do not
grow with the number of records. And what the marks say is right: edits, deletions,
archiving, a contact point, a tag renamed and a history entry's people all reach the
other folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, people, promises
from relapp.storage import Database, bulk, imports_repo, interactions_repo, promises_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import everything_of
from tests.sync.helpers import folder_db, sync

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
STEP = 100  # the progress handler is called every STEP virtual machine instructions


@contextmanager
def counted(db: Database) -> Iterator[list[int]]:
    """Thousands of SQLite VM instructions run on ``db`` meanwhile (``[n]``)."""
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    conn = db.connection()
    conn.set_progress_handler(tick, STEP)
    try:
        yield ticks
    finally:
        conn.set_progress_handler(None, STEP)


def add_records(db: Database, n: int, first: int) -> None:
    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Person {first + i}") for i in range(n)])
        for i, pid in enumerate(ids):
            when = START + timedelta(days=first + i)
            promises_repo.insert_promise(
                db,
                PromiseDraft(pid, Promiser.ME, f"promise {first + i}", Channel.CALL, when),
                created_at=START,
            )
            interactions_repo.insert_interaction(
                db, InteractionDraft(when, Channel.EMAIL, Direction.OUTBOUND, (pid,), "mail")
            )


def noop_ticks(db: Database, account: Account) -> int:
    with counted(db) as ticks:
        result = sync(db, account)
    assert not (result.people.anything or result.promises.anything or result.history.anything)
    return ticks[0]


def test_a_sync_with_nothing_to_do_reads_as_much_for_twice_the_records(
    tmp_path: Path, account: Account
) -> None:
    db = folder_db(tmp_path, "a")
    add_records(db, 25, 0)
    sync(db, account)
    small = noop_ticks(db, account)
    add_records(db, 25, 25)
    sent = sync(db, account)
    assert (sent.people.sent_new, sent.promises.sent_new, sent.history.sent_new) == (25, 25, 25)
    large = noop_ticks(db, account)
    print(f"\nno-op sync: {small}00 VM steps at 25 of each, {large}00 at 50")
    # Reading every record (as before the marks) made it grow with them: 2x here.
    assert large <= small * 1.15 + 5


def test_what_the_marks_say_reaches_the_other_folder(tmp_path: Path, account: Account) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    add_records(a, 6, 0)
    sync(a, account)
    sync(b, account)
    sync(a, account)  # both complete: from now on the marks are read
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    ids = [r[0] for r in a.connection().execute("SELECT id FROM person ORDER BY id")]
    people.update_person(a, ids[0], PersonDraft("Renamed Person", tags=("friends",)))
    people.update_person(a, ids[5], PersonDraft("Person 5", tags=("friends",)))
    people.archive_person(a, ids[1])
    people.add_contact_points(a, ids[2], [ContactPoint(ContactKind.EMAIL, "p2@example.org")])
    with a.atomic():
        imports_repo.delete_people(a, [ids[3]])  # as a merge deletes the one merged
    promise_ids = [r[0] for r in a.connection().execute("SELECT id FROM promise ORDER BY id")]
    promises.snooze_promise(a, promise_ids[4], timedelta(days=10), now=START)  # past due
    history = [r[0] for r in a.connection().execute("SELECT id FROM interaction ORDER BY id")]
    entry = interactions.get_interaction(a, history[4])
    interactions.update_interaction(
        a,
        history[4],
        InteractionDraft(
            entry.occurred_at, Channel.EMAIL, Direction.OUTBOUND, (ids[4], ids[5]), "mail"
        ),
    )
    interactions.delete_interaction(a, history[2])
    first = sync(a, account)
    assert first.people.sent_changed >= 4 and first.history.sent_deleted == 1
    with a.atomic():  # a tag renamed: on the card of everyone who has it
        a.connection().execute("UPDATE tag SET name = 'old friends' WHERE name = 'friends'")
    renamed = sync(a, account)
    assert renamed.people.sent_changed == 2
    sync(b, account)
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    tags = {
        p["display_name"]: p["tags"]
        for p in everything_of(b, tmp_path)["people"]
        if p["display_name"] in ("Renamed Person", "Person 5")
    }
    assert tags == {"Renamed Person": ["old friends"], "Person 5": ["old friends"]}
