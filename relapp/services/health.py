"""Relationship health as use cases: everyone's score at a day, one person's score and
chart, the overview over the years, and what needs you today.

Every function here reads the database and computes with numpy; the GUI calls them
through its task runner, never on the GUI thread. Everyone's score and the Today list
read each person's kept summary (``health_summary_repo``, ``domain.health.summary``):
a small record a person, a block of them at a time, never the ten million interactions
of a million people; the few whose summary cannot answer (not settled yet, or a contact
dated after now) are read from their interactions (``everyone_health_repo``). The
overview still reads everyone's history, a slice of people at a time.
Times: ``now`` is an aware datetime; ``today`` is the user's local date (it decides
birthdays and which day is scored).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

from relapp.domain import attention, attention_many, occasions
from relapp.domain.attention import AttentionList, Candidates
from relapp.domain.health import HealthEvent, HealthInput, HealthScore, health_all, health_at
from relapp.domain.health import codes as health_codes
from relapp.domain.health.chart import PersonChart, PromiseMarks, build_person_chart
from relapp.domain.health.overview import (
    BandCounts,
    band_counts,
    month_ends,
    today_and_usual,
    usual_days,
)
from relapp.domain.health.streaks import (
    NEVER,
    earliest_contact,
    latest_contact,
    unanswered_streaks,
)
from relapp.domain.health.summary import holds, scores_at, today_and_usual_of
from relapp.domain.health.values import SECONDS_PER_DAY, PromiseOutcome, day_number
from relapp.domain.promises import next_state_change, state_at
from relapp.storage import (
    Database,
    everyone_health_repo,
    health_repo,
    kept_health_repo,
    occasions_repo,
    promises_repo,
)
from relapp.storage.everyone_health_repo import EveryoneHealth
from relapp.storage.health_repo import PersonHealthRows
from relapp.storage.kept_health_repo import KeptHealth

OVERVIEW_YEARS = 5


def _seconds(now: datetime) -> int:
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    return int(now.timestamp())


def _today(now: datetime, today: date | None) -> date:
    return today if today is not None else now.astimezone().date()


def health_of_everyone(
    db: Database, now: datetime, today: date | None = None
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """``(person_ids, scores)`` of every person who is not archived, today."""
    day = _today(now, today)
    ids, scores = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.float64)]
    for kept, rest in _everyone(db, _seconds(now), day, usual=False):
        if kept is not None:
            ids.append(kept.person_ids)
            scores.append(scores_at(kept.summaries, kept.promises, [day])[0])
        if rest is not None:
            ids.append(rest.person_ids)
            scores.append(health_all(rest.arrays, day))
    found = np.concatenate(ids)
    order = np.argsort(found, kind="stable")
    return found[order], np.concatenate(scores)[order]


def _everyone(
    db: Database, now_s: int, day: date, *, usual: bool = True
) -> Iterator[tuple[KeptHealth | None, EveryoneHealth | None]]:
    """Everyone who is not archived, in parts (``_parts``); ``usual``: with what their
    usual needs (else their score today only)."""
    with kept_health_repo.KeptReader(db, now_s, parts=usual, after_day=_usual_from(day)) as reader:
        yield from _parts(db, reader, now_s, day)


def _usual_from(day: date) -> int:
    """The first month end a usual on ``day`` samples (a day number): a person whose
    latest contact is on or before it needs none of their kept month ends."""
    return min(day_number(d) for d in usual_days(day))


def _parts(
    db: Database, reader: kept_health_repo.KeptReader, now_s: int, day: date
) -> Iterator[tuple[KeptHealth | None, EveryoneHealth | None]]:
    """Everyone who is not archived, in parts: from their kept summaries where those
    hold (``summary.holds``), else from their interactions (people whose summary the
    writer has not settled yet, and those with a contact dated after ``now``)."""
    rest = [reader.unsettled]
    for kept in reader:
        holding = holds(kept.summaries, now_s, day)
        if not holding.all():
            rest.append(kept.person_ids[~holding])
            kept = kept.take(np.flatnonzero(holding))
        yield kept, None
    others = np.concatenate(rest)
    if len(others):
        yield None, everyone_health_repo.read_people(db.connection(), others, now_s)


# --- one person -----------------------------------------------------------------------------


def _input(rows: PersonHealthRows) -> HealthInput:
    marks = rows.marks
    events = [
        HealthEvent(
            datetime.fromtimestamp(int(t), UTC),
            health_codes.CHANNELS[channel],
            health_codes.DIRECTIONS[direction],
            health_codes.KINDS[kind],
        )
        for t, channel, direction, kind in zip(
            marks.t.tolist(),
            marks.channel.tolist(),
            marks.direction.tolist(),
            marks.kind.tolist(),
            strict=True,
        )
    ]
    outcome = {health_codes.PROMISE_KEPT: True, health_codes.PROMISE_BROKEN: False}
    promises = [
        PromiseOutcome(datetime.fromtimestamp(int(t), UTC), outcome.get(int(kept)))
        for t, kept in zip(rows.promises.t.tolist(), rows.promises.kept.tolist(), strict=True)
    ]
    return HealthInput(events, promises, rows.cadence_days)


def person_health(
    db: Database, person_id: int, now: datetime, today: date | None = None
) -> HealthScore:
    """One person's score today, with the few factors that made it."""
    rows = health_repo.read_person(db, person_id, _seconds(now))
    return health_at(_input(rows), _today(now, today), now)


def person_chart(
    db: Database, person_id: int, now: datetime, today: date | None = None
) -> PersonChart:
    """One person's chart: every day since their first interaction (at least the last
    year), a marker per interaction and per promise that came due, and today's score."""
    now_s = _seconds(now)
    day = _today(now, today)
    rows = health_repo.read_person(db, person_id, now_s)
    due = rows.promises.t <= now_s
    promises = PromiseMarks(
        rows.promises.t[due],
        rows.promises.kept[due],
        rows.promises.mine[due],
        tuple(w for w, d in zip(rows.promises.whats, due.tolist(), strict=True) if d),
        rows.promises.kept_late()[due],
    )
    return build_person_chart(
        rows.marks,
        day,
        cadence_days=rows.cadence_days,
        promises=promises,
        score=health_at(_input(rows), day, now),
    )


# --- everyone over time ---------------------------------------------------------------------


def overview(
    db: Database, now: datetime, today: date | None = None, *, years: int = OVERVIEW_YEARS
) -> BandCounts:
    """How many relationships were healthy, cooling or fading at the end of each month of
    the last ``years`` years, and today. A person counts from when you first had contact
    or added them, whichever came first."""
    days = month_ends(_today(now, today), years)
    counts = None
    for part in everyone_health_repo.iter_everyone(db, _seconds(now)):
        first = np.minimum(earliest_contact(part.arrays), part.created_at)
        found = band_counts(part.arrays, days, first // SECONDS_PER_DAY)
        counts = found if counts is None else counts + found
    assert counts is not None  # iter_everyone gives at least one slice
    return counts


# --- what needs you today -------------------------------------------------------------------


def _local_days_between(due_at: int, now: datetime, today: date) -> int:
    """Calendar days from the local day a promise was due to ``today`` (0: due today)."""
    zone = now.astimezone().tzinfo
    return (today - datetime.fromtimestamp(due_at, UTC).astimezone(zone).date()).days


def needs_attention(
    db: Database, now: datetime, today: date | None = None, *, limit: int = attention.LIMIT
) -> AttentionList:
    """The "Today" list: overdue promises, birthdays and anniversaries coming up, health
    falling below the usual, cadences missed, and people to stop chasing; most important
    first."""
    now_s = _seconds(now)
    day = _today(now, today)
    pairs = occasions.window(day, attention.OCCASION_AHEAD_DAYS)
    # The reader reads its first parts while the late promises and birthdays are read.
    with kept_health_repo.KeptReader(db, now_s, after_day=_usual_from(day)) as reader:
        late, changes = _late_promises(db, now, day)
        # The notifications' read and rule (occasions_repo, domain.occasions): one truth.
        coming, month_days = occasions_repo.occasion_days_on(db, pairs)
        by_kind: list[Candidates] = []  # falling, cadence, unanswered: the heaviest so far
        for kept, rest in _parts(db, reader, now_s, day):
            if kept is not None:
                found = _kept_concerns(kept, now_s, day, limit)
            else:
                assert rest is not None
                found = _health_concerns(rest, now_s, day, limit)
            if by_kind:
                found = [
                    Candidates.merged(t, limit=limit) for t in zip(by_kind, found, strict=True)
                ]
            by_kind = found

    # Words only for what can be shown (attention_many): the birthdays of everyone with
    # a late promise or another reason, then the promises of everyone with another.
    others = {c.person_id for batch in by_kind for c in batch.concerns}
    yearly = attention_many.occasion_candidates_of(
        coming,
        month_days,
        day,
        lambda ids: occasions_repo.occasions_of(db, ids),
        limit=limit,
        also=others | {p.person_id for p in late},
    )
    also = others | {c.person_id for c in yearly.concerns}
    promises = attention_many.promise_candidates(late, limit=limit, also=also)
    candidates = [promises, yearly, *by_kind]
    ranked = attention.rank(candidates, lambda ids: health_repo.names_of(db, ids), limit=limit)
    ahead = [moment for moment in changes if moment is not None and moment > now]
    return replace(ranked, next_change=min(ahead, default=None))


def _late_promises(
    db: Database, now: datetime, day: date
) -> tuple[list[attention_many.LatePromise], list[datetime | None]]:
    """Overdue and broken promises, and the moments a promise's state changes next (the
    next one to turn overdue, each overdue one turning broken)."""
    late = []
    changes = [promises_repo.next_due_after(db, now)]  # the next one to turn overdue
    for p in health_repo.overdue_promises(db, int(now.timestamp())):
        due = datetime.fromtimestamp(p.due_at, UTC)
        snoozed = None if p.snoozed_until is None else datetime.fromtimestamp(p.snoozed_until, UTC)
        state = state_at(now, due, snoozed_until=snoozed)
        changes.append(next_state_change(now, due, snoozed))  # overdue turning broken
        if state.is_late:
            days = _local_days_between(p.due_at, now, day)
            late.append(attention_many.LatePromise(p.person_id, p.mine, p.what, days, state))
    return late, changes


def _health_concerns(part: EveryoneHealth, now_s: int, day: date, limit: int) -> list[Candidates]:
    """Health falling, cadences missed and people to stop chasing, in a part of
    everyone read from their interactions."""
    scores, usual = today_and_usual(part.arrays, day)
    streak, last_try = unanswered_streaks(part.arrays, now_s)
    latest = latest_contact(part.arrays, now_s)
    return _concerns(
        part.person_ids,
        part.arrays.cadence_days,
        part.created_at,
        now_s,
        limit,
        scores,
        usual,
        latest,
        streak,
        last_try,
    )


def _kept_concerns(part: KeptHealth, now_s: int, day: date, limit: int) -> list[Candidates]:
    """The same from the kept summaries."""
    s = part.summaries
    scores, usual = today_and_usual_of(s, part.promises, day)
    return _concerns(
        part.person_ids,
        part.cadence_days,
        part.created_at,
        now_s,
        limit,
        scores,
        usual,
        s.last_t,
        s.unanswered,
        s.last_try,
    )


def _concerns(
    ids: NDArray[np.int64],
    cadence_days: NDArray[np.float64],
    created_at: NDArray[np.int64],
    now_s: int,
    limit: int,
    scores: NDArray[np.float64],
    usual: NDArray[np.float64],
    latest: NDArray[np.int64],
    streak: NDArray[np.int64],
    last_try: NDArray[np.int64],
) -> list[Candidates]:
    never = latest == NEVER
    since_s = np.where(never, now_s - created_at, now_s - latest)
    since = since_s // SECONDS_PER_DAY
    since_try = np.where(last_try == NEVER, np.inf, (now_s - last_try) / SECONDS_PER_DAY)
    return [
        attention.falling_candidates(ids, scores, usual, limit=limit),
        attention.cadence_candidates(
            ids, cadence_days, since, never, limit=limit, seconds_since=since_s
        ),
        attention.unanswered_candidates(ids, streak, since_try, limit=limit),
    ]
