"""The benchmark's generator (``bench.generate``) at the tiny size: introductions and
promises are made as the services would make them, the same for the same seed, and the
app's own services read them back."""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402
from relapp.domain.introductions import Shape, met_how_text  # noqa: E402
from relapp.domain.model import Direction, InteractionKind  # noqa: E402
from relapp.domain.promises import Promiser, PromiseStatus  # noqa: E402
from relapp.services import interactions, introductions, people, promises  # noqa: E402
from relapp.storage import Database, open_database, promises_repo  # noqa: E402

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
TINY = generate.SIZES["tiny"]

# Every generated row, leaving out the wall-clock times a bulk insert stamps (created_at
# and updated_at of people, interactions and introductions).
DUMPS = {
    "person": "SELECT id, display_name, met_how, met_on, last_contact_at FROM person",
    "interaction": "SELECT id, occurred_at, channel, direction, kind, summary FROM interaction",
    "interaction_person": "SELECT interaction_id, person_id, occurred_at FROM interaction_person",
    "introduction": "SELECT id, introducer_id, person_a_id, person_b_id, occurred_on, context,"
    " interaction_id FROM introduction",
    # Every column but uid: a uid is a fresh random identity (m0008), not generated content.
    "promise": "SELECT id, person_id, promiser, what, channel, due_at, status, snoozed_until,"
    " last_notified_at, created_at, done_at, interaction_id FROM promise",
}


def _dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"{sql} ORDER BY 1, 2").fetchall() for table, sql in DUMPS.items()
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate.generate(tmp_path_factory.mktemp("tiny"), TINY, seed=7, now=NOW)


@pytest.fixture
def db(tiny: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the tiny database, free to change."""
    copy = tmp_path / "relapp.sqlite3"
    source = sqlite3.connect(tiny)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    database = open_database(copy, backups_dir=tmp_path / "backups")
    yield database
    database.close()


def test_the_tiny_size_has_its_introductions_and_promises(tiny: Path) -> None:
    rows = _dump(tiny)
    assert len(rows["introduction"]) == TINY.introductions
    assert len(rows["promise"]) == TINY.promises
    logged = [r for r in rows["interaction"] if r[4] == InteractionKind.INTRODUCTION]
    linked = {r[6] for r in rows["introduction"]}
    assert None not in linked and linked <= {r[0] for r in logged}


def test_the_same_seed_makes_the_same_rows_and_another_seed_others(
    tiny: Path, tmp_path: Path
) -> None:
    again = _dump(generate.generate(tmp_path / "again", TINY, seed=7, now=NOW))
    assert again == _dump(tiny)
    other = _dump(generate.generate(tmp_path / "other", TINY, seed=8, now=NOW))
    assert other["introduction"] != again["introduction"]
    assert other["promise"] != again["promise"]


def test_introductions_are_skewed_dated_and_read_back_by_the_services(db: Database) -> None:
    intros = [introductions.get_introduction(db, i) for i in range(1, TINY.introductions + 1)]
    assert {i.shape for i in intros} == set(Shape)  # you are in each of the three places
    by = Counter(i.introducer_id for i in intros if i.introducer_id is not None)
    (connector, made), *_ = by.most_common()
    assert made >= 5 * sorted(by.values())[len(by) // 2]  # a connector, many occasional ones
    introduced = Counter(p for i in intros for p in i.introduced() if p is not None)
    assert sum(1 for n in introduced.values() if n == 1) > len(introduced) * 3 / 4
    assert len(introduced) < TINY.people / 2  # most people are never introduced
    assert all(NOW.date() - timedelta(days=3650) <= i.occurred_on < NOW.date() for i in intros)

    view = introductions.introductions_of(db, connector)
    assert len(view.relations.introduced_you_to) + len(view.relations.they_introduced) == made

    to_me = next(i for i in intros if i.shape is Shape.TO_ME)
    met = to_me.newly_met()
    assert met is not None
    relations = introductions.introductions_of(db, met).relations
    assert [r.introduction.id for r in relations.introduced_to_you_by] == [to_me.id]
    names = introductions.names_of(db, to_me)
    person = people.get_person(db, met)
    assert person.met_how == met_how_text(to_me, names) and person.met_on == to_me.occurred_on

    # Someone introduced to you first appears then (shortly before your first contact with
    # them); any other introduction comes after everyone in it was in your life.
    logged = {i.interaction_id for i in intros} | {
        promises_repo.interaction_of(db, i) for i in range(1, TINY.promises + 1)
    }
    for intro in intros:
        newly_met = intro.newly_met()
        for pid in intro.people():
            since = _first_contact(db, pid, logged)
            if pid == newly_met:
                assert since is None or intro.occurred_on <= since
            elif since is not None:  # (someone never in touch came in at some moment)
                met_on = people.get_person(db, pid).met_on
                assert min(since, met_on or since) <= intro.occurred_on


def _first_contact(db: Database, person_id: int, logged: set[int | None]) -> date | None:
    """The day of the person's first interaction, leaving out the ``logged`` ones (an
    introduction's entry, a promise kept: whatever the generator made before them)."""
    days = [
        e.interaction.occurred_at.date()
        for e in interactions.history_page(db, person_id, 0, 100_000)
        if e.interaction.id not in logged
    ]
    return min(days, default=None)


def test_each_introduction_is_what_recording_it_in_the_app_writes(db: Database) -> None:
    """Deleting a generated introduction and recording it again through the service
    gives back the same history entry and the same "how we met"."""
    intros = [introductions.get_introduction(db, i) for i in range(1, TINY.introductions + 1)]
    for shape in Shape:
        intro = next(i for i in intros if i.shape is shape)
        met_before = [people.get_person(db, p) for p in intro.people()]
        removed = introductions.delete_introduction(db, intro.id)
        assert removed.interaction is not None
        again = introductions.record_introduction(
            db, intro.draft(), channel=removed.interaction.channel, now=NOW
        )
        logged = interactions.get_interaction(db, again.interaction_id or 0)
        before = removed.interaction
        assert (logged.occurred_at, logged.channel, logged.direction, logged.kind) == (
            before.occurred_at,
            before.channel,
            before.direction,
            before.kind,
        )
        assert (logged.summary, set(logged.person_ids)) == (before.summary, set(before.person_ids))
        for person in met_before:
            after = people.get_person(db, person.id)
            assert (after.met_how, after.met_on) == (person.met_how, person.met_on)


def test_promises_are_mostly_mine_and_kept_and_the_open_ones_near_now(db: Database) -> None:
    every = [promises.get_promise(db, i) for i in range(1, TINY.promises + 1)]
    status = Counter(p.status for p in every)
    assert status[PromiseStatus.DONE] > TINY.promises / 2
    assert status[PromiseStatus.CANCELLED] >= 1 and status[PromiseStatus.OPEN] >= 3
    assert Counter(p.promiser for p in every)[Promiser.ME] > TINY.promises / 2
    for p in every:
        assert p.created_at < p.due_at and p.due_at > NOW - timedelta(days=3650)
        if p.is_open:
            assert abs(p.due_at - NOW) < timedelta(days=90) and p.done_at is None
        else:
            assert p.created_at < p.done_at <= NOW  # type: ignore[operator]

    board = promises.due_board(db, NOW)
    assert len(board) == status[PromiseStatus.OPEN]
    assert all(e.promise.due_at <= NOW for e in board.overdue)
    assert any(e.promise.due_at > NOW for e in (*board.today, *board.upcoming, *board.owed_to_me))
    some = next(p for p in every if p.is_open)
    assert some.id in [e.id for e in promises.open_promises_for(db, some.person_id)]
    assert promises.next_wakeup(db, NOW) is not None

    for p in every:  # the interactions that kept promises, as "Done and log" logs them
        interaction_id = promises_repo.interaction_of(db, p.id)
        if interaction_id is None:
            continue
        assert p.status is PromiseStatus.DONE
        logged = interactions.get_interaction(db, interaction_id)
        assert logged.person_ids == (p.person_id,) and logged.occurred_at == p.done_at
        assert logged.summary == p.what[:1].upper() + p.what[1:]
        mine = p.promiser is Promiser.ME
        assert logged.direction is (Direction.OUTBOUND if mine else Direction.INBOUND)
