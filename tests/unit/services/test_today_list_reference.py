"""The "Today" list (``services.health.needs_attention``) equals the plain computation it
was made fast from: every late promise and every birthday and anniversary in the window
in words (``attention_many.promise_concern``, ``occasions_repo.occasions_on`` +
``attention.occasion_candidates``), ranked with the health reasons of everyone.

At a million people the list reads birthdays from the indexes alone and builds words only
for what it can show (issue 18); these tests hold it to the same rows, in the same order,
with the same words and weights, the same count of people left off and the same next
change, on a generated database: people whose records are kept and people still to
settle, archived people, birthdays and anniversaries across the year end and on
29 February, many late promises (yours and theirs, snoozed, several a person), many
ties, and limits from 0 to everyone."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from relapp.domain import attention, occasions
from relapp.domain.attention import AttentionList, Candidates
from relapp.domain.attention_many import promise_concern
from relapp.domain.promises import Promise, Promiser, PromiseStatus, next_state_change, state_at
from relapp.services import health
from relapp.storage import Database, bulk, health_repo, occasions_repo, promises_repo
from tests import health_history

DAY = timedelta(days=1)
PEOPLE = 400


def reference(db: Database, now: datetime, today: date, limit: int) -> AttentionList:
    """The list as computed before it was made fast: every concern in words."""
    now_s = int(now.timestamp())
    by_kind: list[Candidates] = []
    for kept, rest in health._everyone(db, now_s, today):
        if kept is not None:
            found = health._kept_concerns(kept, now_s, today, limit)
        else:
            assert rest is not None
            found = health._health_concerns(rest, now_s, today, limit)
        if by_kind:
            found = [Candidates.merged(t, limit=limit) for t in zip(by_kind, found, strict=True)]
        by_kind = found
    late, changes = [], [promises_repo.next_due_after(db, now)]
    for p in health_repo.overdue_promises(db, now_s):
        due = datetime.fromtimestamp(p.due_at, UTC)
        snoozed = None if p.snoozed_until is None else datetime.fromtimestamp(p.snoozed_until, UTC)
        state = state_at(now, due, snoozed_until=snoozed)
        changes.append(next_state_change(now, due, snoozed))
        if state.is_late:
            days = health._local_days_between(p.due_at, now, today)
            late.append(promise_concern(p.person_id, p.mine, p.what, days, state))
    promises = Candidates.of(late)
    pairs = occasions.window(today, attention.OCCASION_AHEAD_DAYS)
    also = {c.person_id for batch in [promises, *by_kind] for c in batch.concerns}
    coming = occasions_repo.occasions_on(db, pairs)
    yearly = attention.occasion_candidates(coming, today, limit=limit, also=also)
    ranked = attention.rank(
        [promises, yearly, *by_kind], lambda ids: health_repo.names_of(db, ids), limit=limit
    )
    ahead = [moment for moment in changes if moment is not None and moment > now]
    return replace(ranked, next_change=min(ahead, default=None))


def _rows(found: AttentionList) -> list[tuple[object, ...]]:
    return [
        (r.person_id, r.name, r.weight, tuple((c.reason, c.text, c.weight) for c in r.concerns))
        for r in found.rows
    ]


def _raw(db: Database, sql: str, args: list[tuple[object, ...]] | None = None) -> None:
    with closing(sqlite3.connect(db.path)) as conn, conn:
        if args is None:
            conn.execute(sql)
        else:
            conn.executemany(sql, args)


def _fill(db: Database, now: datetime, seed: int) -> None:
    rng = random.Random(seed)
    ids = health_history.add_people(db, now, PEOPLE, seed=seed, per_person=6)
    # Birthdays and anniversaries bunched around the window (ties), some on 29 February,
    # some without a year, some people with both.
    days = [(12, d) for d in range(20, 32)] + [(1, d) for d in range(1, 12)]
    days += [(2, 27), (2, 28), (2, 29), (3, 1), (3, 2), (6, 1), (6, 5)]
    dates = []
    for pid in rng.sample(ids, PEOPLE // 2):
        month, day = rng.choice(days)
        year = rng.choice([None, 1980, 1996, 2000, 2004])
        if rng.random() < 0.7:
            dates.append(("birthday", month, day, year, pid))
        if rng.random() < 0.4:
            month, day = rng.choice(days)
            dates.append(("anniversary", month, day, year, pid))
    for kind in ("birthday", "anniversary"):
        _raw(
            db,
            f"UPDATE person SET {kind}_month = ?, {kind}_day = ?, {kind}_year = ? WHERE id = ?",
            [row[1:] for row in dates if row[0] == kind],
        )
    # Many late promises: yours and theirs, a few days to months overdue, several a
    # person, some snoozed (not late), some due within the grace.
    promised = rng.sample(ids, PEOPLE // 4)
    late = []
    for _ in range(PEOPLE // 2):
        due = now - rng.choice([0.2, 0.9, 1.5, 2, 3, 3, 10, 10, 40, 45, 90]) * DAY
        snoozed = now + DAY if rng.random() < 0.1 else None
        late.append(
            Promise(
                rng.choice(promised),
                rng.choice(list(Promiser)),
                rng.choice(["call back", "send the photos", "lunch"]),
                None,
                due,
                id=0,
                status=PromiseStatus.OPEN,
                snoozed_until=snoozed,
                last_notified_at=None,
                created_at=due - 5 * DAY,
            )
        )
    with db.atomic():
        bulk.insert_promises(db, late, [None] * len(late))
    # Archived people keep their birthdays and promises out; some people are still to
    # settle (read from their interactions).
    _raw(db, "UPDATE person SET archived_at = 1 WHERE id IN (SELECT id FROM person LIMIT 9)")
    _raw(
        db,
        "INSERT OR IGNORE INTO health_dirty (person_id) VALUES (?)",
        [(pid,) for pid in rng.sample(ids, PEOPLE // 8)],
    )


NOWS = [
    datetime(2026, 12, 24, 9, tzinfo=UTC),  # the window across the year end
    datetime(2027, 2, 20, 18, tzinfo=UTC),  # 28 February in a common year: the 29th too
    datetime(2028, 2, 20, 18, tzinfo=UTC),  # a leap year
    datetime(2026, 6, 1, 0, 30, tzinfo=UTC),
]


@pytest.mark.parametrize("now", NOWS, ids=lambda now: now.date().isoformat())
def test_the_today_list_is_the_plain_computation(db: Database, now: datetime) -> None:
    _fill(db, now, seed=now.toordinal())
    today = now.date()
    shown_any = 0
    for limit in (0, 1, 3, 7, 25, 1_000):
        found = health.needs_attention(db, now, today, limit=limit)
        plain = reference(db, now, today, limit)
        assert _rows(found) == _rows(plain), limit
        assert (found.left_off, found.next_change) == (plain.left_off, plain.next_change)
        shown_any += len(found.rows)
    everything = health.needs_attention(db, now, today, limit=1_000)
    reasons = {c.reason for row in everything.rows for c in row.concerns}
    # The generated database has what the list's shortcuts are about.
    assert {attention.Reason.BIRTHDAY, attention.Reason.PROMISE_MINE} <= reasons
    assert {attention.Reason.ANNIVERSARY, attention.Reason.PROMISE_THEIRS} <= reasons
    assert sum(len(row.concerns) > 1 for row in everything.rows) > 5
    assert shown_any > 0 and everything.left_off == 0
