"""Reading health inputs straight from SQLite as numpy arrays."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from relapp.domain.health import (
    PROMISE_BROKEN,
    PROMISE_KEPT,
    PROMISE_OPEN,
    HealthEvent,
    HealthInput,
    PromiseOutcome,
    channel_code,
    direction_code,
    health_all,
    health_at,
    kind_code,
)
from relapp.domain.model import (
    Birthday,
    Channel,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.domain.occasions import OccasionKind
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, people
from relapp.services import promises as promise_service
from relapp.storage import Database, bulk, everyone_health_repo, health_repo, occasions_repo

NOW = datetime(2026, 5, 20, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def log(db: Database, who: tuple[int, ...], when: datetime, channel, direction, kind=None) -> int:
    draft = InteractionDraft(
        when, channel, direction, who, "hello", kind=kind or InteractionKind.ORDINARY
    )
    return interactions.log_interaction(db, draft).id


def test_every_channel_direction_and_kind_reads_back_as_its_code(db: Database) -> None:
    ada = people.add_person(db, PersonDraft("Ada")).id
    combos = list(itertools.product(Channel, Direction, InteractionKind))
    for i, (channel, direction, kind) in enumerate(combos):
        log(db, (ada,), NOW - i * DAY, channel, direction, kind)
    arrays = everyone_health_repo.read_everyone(db, int(NOW.timestamp())).arrays
    order = np.argsort(-arrays.t)  # newest first, as logged
    got = list(
        zip(
            arrays.channel[order].tolist(),
            arrays.direction[order].tolist(),
            arrays.kind[order].tolist(),
            strict=True,
        )
    )
    # Introductions are events, not contacts: health does not read them (issue 13).
    contacts = [(c, d, k) for c, d, k in combos if k.is_contact]
    assert len(contacts) < len(combos)
    assert got == [(channel_code(c), direction_code(d), kind_code(k)) for c, d, k in contacts]


def test_everyone_reads_back_to_the_same_scores_as_domain_values(db: Database) -> None:
    ada = people.add_person(db, PersonDraft("Ada", cadence_days=14)).id
    bo = people.add_person(db, PersonDraft("Bo")).id
    cy = people.add_person(db, PersonDraft("Cy")).id  # nobody talks to Cy
    gone = people.add_person(db, PersonDraft("Gone", cadence_days=7)).id
    log(db, (ada, bo), NOW - 3 * DAY, Channel.MEETING, Direction.BOTH)
    log(db, (ada,), NOW - 20 * DAY, Channel.EMAIL, Direction.OUTBOUND)
    log(db, (bo,), NOW - 200 * DAY, Channel.CALL, Direction.INBOUND, InteractionKind.FAVOUR_GIVEN)
    log(db, (gone, bo), NOW - 2 * DAY, Channel.VIDEO, Direction.BOTH)
    people.archive_person(db, gone)
    kept = promise_service.create_promise(
        db, PromiseDraft(bo, Promiser.ME, "call back", None, NOW - 10 * DAY), now=NOW - 12 * DAY
    )
    promise_service.complete_promise(db, kept.id, now=NOW - 10 * DAY)
    promise_service.create_promise(
        db, PromiseDraft(ada, Promiser.THEM, "send it", None, NOW - 5 * DAY), now=NOW - 6 * DAY
    )
    promise_service.create_promise(
        db, PromiseDraft(ada, Promiser.ME, "later", None, NOW + 5 * DAY), now=NOW
    )

    everyone = everyone_health_repo.read_everyone(db, int(NOW.timestamp()))
    assert everyone.person_ids.tolist() == [ada, bo, cy]  # the archived are left out
    np.testing.assert_array_equal(np.isnan(everyone.arrays.cadence_days), [False, True, True])
    # Read a slice of people at a time: promises come by person, in no order the score needs.
    arrays = everyone.arrays
    promises = zip(arrays.promise_person.tolist(), arrays.promise_kept.tolist(), strict=True)
    assert set(promises) == {(0, PROMISE_BROKEN), (0, PROMISE_OPEN), (1, PROMISE_KEPT)}

    def at(days: int) -> datetime:
        return NOW - days * DAY

    expected = [
        HealthInput(
            (
                HealthEvent(at(3), Channel.MEETING, Direction.BOTH),
                HealthEvent(at(20), Channel.EMAIL, Direction.OUTBOUND),
            ),
            (PromiseOutcome(at(5), kept=False),),
            cadence_days=14,
        ),
        HealthInput(
            (
                HealthEvent(at(3), Channel.MEETING, Direction.BOTH),
                HealthEvent(at(200), Channel.CALL, Direction.INBOUND, InteractionKind.FAVOUR_GIVEN),
                HealthEvent(at(2), Channel.VIDEO, Direction.BOTH),
            ),
            (PromiseOutcome(at(10), kept=True),),
        ),
        HealthInput(()),
    ]
    day = NOW.date()
    np.testing.assert_allclose(
        health_all(everyone.arrays, day), [health_at(e, day).value for e in expected], rtol=1e-12
    )


@pytest.mark.parametrize("pairs_per_slice", [1, 7, 60, 10_000])
def test_slices_of_any_size_read_back_everyone_as_one_read_does(
    db: Database, pairs_per_slice: int
) -> None:
    ids = [people.add_person(db, PersonDraft(f"P{i}")).id for i in range(30)]
    for i in range(200):
        who = (ids[i % 30], ids[(i * 7) % 30])
        log(db, who, NOW - i * DAY, list(Channel)[i % 8], list(Direction)[i % 3])
    for i in range(0, 30, 4):  # a few promises, spread over the slices
        promise_service.create_promise(
            db, PromiseDraft(ids[i], Promiser.ME, "x", None, NOW - i * DAY), now=NOW - 40 * DAY
        )
    people.archive_person(db, ids[11])
    now = int(NOW.timestamp())
    whole = everyone_health_repo.read_everyone(db, now)
    parts = list(everyone_health_repo.iter_everyone(db, now, pairs_per_slice=pairs_per_slice))
    if pairs_per_slice < 60:
        assert len(parts) > 1
    assert np.concatenate([p.person_ids for p in parts]).tolist() == whole.person_ids.tolist()
    assert ids[11] not in whole.person_ids.tolist()  # archived
    offsets = np.cumsum([0] + [p.arrays.n_people for p in parts[:-1]])
    for name in ("t", "channel", "direction", "kind", "promise_due", "promise_kept"):
        got = np.concatenate([getattr(p.arrays, name) for p in parts])
        np.testing.assert_array_equal(got, getattr(whole.arrays, name))
    for name in ("person_index", "promise_person"):
        shifted = [getattr(p.arrays, name) + o for p, o in zip(parts, offsets, strict=True)]
        got = np.concatenate(shifted)
        np.testing.assert_array_equal(got, getattr(whole.arrays, name))
    assert len(whole.arrays.t) == sum(
        len({ids[i % 30], ids[(i * 7) % 30]} - {ids[11]}) for i in range(200)
    )


def test_an_empty_database_reads_as_no_one(db: Database) -> None:
    everyone = everyone_health_repo.read_everyone(db, int(NOW.timestamp()))
    assert everyone.arrays.n_people == 0
    assert len(everyone.arrays.t) == 0


def test_one_person_oldest_first_with_summaries_and_promises(db: Database) -> None:
    ada = people.add_person(db, PersonDraft("Ada", cadence_days=30)).id
    newer = log(db, (ada,), NOW - DAY, Channel.CALL, Direction.INBOUND)
    older = log(db, (ada,), NOW - 9 * DAY, Channel.EMAIL, Direction.OUTBOUND)
    promise_service.create_promise(
        db, PromiseDraft(ada, Promiser.THEM, "send <b>x</b>", None, NOW - 3 * DAY), now=NOW
    )
    rows = health_repo.read_person(db, ada, int(NOW.timestamp()))
    assert rows.marks.ids.tolist() == [older, newer]
    assert rows.marks.channel.tolist() == [channel_code("email"), channel_code("call")]
    assert rows.marks.summaries == ("hello", "hello")
    assert rows.cadence_days == 30
    assert rows.promises.whats == ("send <b>x</b>",)
    assert rows.promises.mine.tolist() == [False]
    assert rows.promises.kept.tolist() == [PROMISE_BROKEN]


def test_birthdays_and_anniversaries_on_given_days_with_or_without_a_year(db: Database) -> None:
    # Today reads the notifications' query (issue 17: one read, one rule for both).
    ada = people.add_person(db, PersonDraft("Ada", birthday=Birthday(3, 1, 1990))).id
    leap = people.add_person(db, PersonDraft("Leap", birthday=Birthday(2, 29))).id
    wed = people.add_person(db, PersonDraft("Wed", anniversary=Birthday(2, 28, 2010))).id
    people.add_person(db, PersonDraft("Later", birthday=Birthday(9, 1)))
    gone = people.add_person(db, PersonDraft("Gone", birthday=Birthday(3, 1))).id
    people.archive_person(db, gone)
    found = occasions_repo.occasions_on(db, [(2, 28), (2, 29), (3, 1)])
    assert sorted((o.person_id, o.kind, o.when) for o in found) == [
        (ada, OccasionKind.BIRTHDAY, Birthday(3, 1, 1990)),
        (leap, OccasionKind.BIRTHDAY, Birthday(2, 29)),
        (wed, OccasionKind.ANNIVERSARY, Birthday(2, 28, 2010)),
    ]
    assert occasions_repo.occasions_on(db, []) == []


def test_overdue_promises_skip_snoozed_done_and_archived(db: Database) -> None:
    ada = people.add_person(db, PersonDraft("Ada")).id
    gone = people.add_person(db, PersonDraft("Gone")).id

    def promise(who: int, what: str, due: datetime, by: Promiser = Promiser.ME) -> int:
        draft = PromiseDraft(who, by, what, None, due)
        return promise_service.create_promise(db, draft, now=due - DAY).id

    promise(ada, "overdue", NOW - 2 * DAY)
    promise(ada, "theirs", NOW - DAY, Promiser.THEM)
    snoozed = promise(ada, "snoozed", NOW - DAY)
    promise_service.snooze_promise(db, snoozed, 3 * DAY, now=NOW - DAY / 2)
    done = promise(ada, "done", NOW - DAY)
    promise_service.complete_promise(db, done, now=NOW - DAY)
    promise(ada, "not yet", NOW + DAY)
    promise(gone, "archived", NOW - DAY)
    people.archive_person(db, gone)
    found = health_repo.overdue_promises(db, int(NOW.timestamp()))
    assert [(p.what, p.mine) for p in found] == [("overdue", True), ("theirs", False)]
    assert found[0].due_at == int((NOW - 2 * DAY).timestamp())


def test_names_of_many_people(db: Database) -> None:
    ids = [people.add_person(db, PersonDraft(f"Person {i}")).id for i in range(1200)]
    names = health_repo.names_of(db, ids)
    assert len(names) == 1200
    assert names[ids[1100]] == "Person 1100"


@pytest.mark.parametrize("channel", list(Channel))
def test_split_code_inverts_the_sql_code(db: Database, channel: Channel) -> None:
    for direction, kind in itertools.product(Direction, InteractionKind):
        row = (
            db.connection()
            .execute(
                f"SELECT {health_repo.CODE_SQL} FROM (SELECT ? AS channel, ? AS direction,"
                " ? AS kind)",
                (channel.value, direction.value, kind.value),
            )
            .fetchone()
        )
        c, d, k = health_repo.split_code(np.array([row[0]]))
        assert (c[0], d[0], k[0]) == (
            channel_code(channel),
            direction_code(direction),
            kind_code(kind),
        )


def test_overdue_promises_are_read_without_stepping_through_everyone(db: Database) -> None:
    # Issue 18, the Today list at a million people: the planner walked every person not
    # archived and looked up each one's open promises (a million lookups, 0.3 s), for a
    # few thousand open promises. Read from the open promises due by now, each one's
    # person by id, the work follows the promises, not the people. Counted in steps of
    # SQLite's machine (its progress handler), the same at any machine's speed.
    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Person {n:05}") for n in range(3_000)])
    ada, bob = ids[10], ids[2_000]
    for who, what, due in ((ada, "call", NOW - 2 * DAY), (bob, "write", NOW - DAY)):
        draft = PromiseDraft(who, Promiser.ME, what, None, due)
        promise_service.create_promise(db, draft, now=due - DAY)
    people.archive_person(db, ids[20])
    # The statistics PRAGMA optimize left in the benchmark's database (bench.generate):
    # 5,000 promises in three states, two a person; none of person.
    conn = db.connection()
    conn.execute("ANALYZE promise")
    conn.execute("DELETE FROM sqlite_stat1")
    conn.executemany(
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('promise', ?, ?)",
        [
            ("promise_by_uid", "5000 1"),
            ("promise_by_person", "5000 2 2 1"),
            ("promise_by_status_due", "5000 1667 1"),
        ],
    )
    conn.execute("ANALYZE sqlite_schema")  # (the planner reads them again)
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    db.connection().set_progress_handler(step, 1)
    try:
        found = health_repo.overdue_promises(db, int(NOW.timestamp()))
    finally:
        db.connection().set_progress_handler(None, 1)
    assert [(p.person_id, p.what) for p in found] == [(ada, "call"), (bob, "write")]
    assert steps[0] < 300, f"{steps[0]:,} steps for 3,000 people and 2 promises"
