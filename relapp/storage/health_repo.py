"""Reading what the health score needs of one person (their history for the chart),
the codes every read of history shares (``CODE_SQL``), and the few lists the "Today" view
adds (overdue promises, names; its birthdays and anniversaries are ``occasions_repo``'s,
as the notifications read them). Everyone's history, a slice of people at a time, is
``everyone_health_repo``'s.

Channel, direction and kind become one small code in SQL (``CASE``), so only integers
cross from SQLite where many rows are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from relapp.domain.health.chart import InteractionMarks, PromiseMarks
from relapp.domain.health.promise_outcomes import (
    NO_TIME,
    kept_late,
    promise_outcomes,
)
from relapp.domain.promises import Promiser
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.health_codes import CODE_SQL, STATUS_SQL, split_code
from relapp.storage.people_repo import IS_CONTACT_SQL

# --- one person -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonHealthRows:
    """One person's history and promises as the chart and the score need them."""

    marks: InteractionMarks
    promises: PromiseMarks
    cadence_days: int | None


def read_person(db: Database, person_id: int, now: int) -> PersonHealthRows:
    """A person's interactions (oldest first) and their promises that count by ``now``."""
    conn = db.connection()
    rows = conn.execute(
        f"SELECT i.id, i.occurred_at, {CODE_SQL}, i.summary FROM interaction_person ip"
        " JOIN interaction i ON i.id = ip.interaction_id WHERE ip.person_id = ?"
        f" AND {IS_CONTACT_SQL} ORDER BY ip.occurred_at, ip.interaction_id",
        (person_id,),
    ).fetchall()
    numbers = np.array([row[:3] for row in rows], dtype=np.int64).reshape(-1, 3)
    channel, direction, kind = split_code(numbers[:, 2])
    marks = InteractionMarks(
        ids=numbers[:, 0],
        t=numbers[:, 1],
        channel=channel,
        direction=direction,
        kind=kind,
        summaries=tuple(row[3] for row in rows),
    )
    promise_rows = conn.execute(
        f"SELECT due_at, {STATUS_SQL}, coalesce(done_at, {NO_TIME}),"
        f" coalesce(snoozed_until, {NO_TIME}), promiser, what"
        " FROM promise WHERE person_id = ? ORDER BY due_at, id",
        (person_id,),
    ).fetchall()
    table = np.array([row[:4] for row in promise_rows], dtype=np.int64).reshape(-1, 4)
    counted, kept = promise_outcomes(table[:, 1], table[:, 0], table[:, 2], now, table[:, 3])
    late = kept_late(table[:, 1], table[:, 0], table[:, 2], table[:, 3])
    chosen = np.flatnonzero(counted)
    promises = PromiseMarks(
        t=table[chosen, 0],
        kept=kept[chosen],
        mine=np.array([promise_rows[i][4] == Promiser.ME for i in chosen], dtype=np.bool_),
        whats=tuple(promise_rows[i][5] for i in chosen),
        late=late[chosen],
    )
    cadence = conn.execute("SELECT cadence_days FROM person WHERE id = ?", (person_id,)).fetchone()
    return PersonHealthRows(marks, promises, cadence[0] if cadence and cadence[0] else None)


# --- what the Today view adds ---------------------------------------------------------------


@dataclass(frozen=True)
class OverduePromise:
    person_id: int
    mine: bool
    what: str
    due_at: int  # unix seconds
    snoozed_until: int | None = None


def overdue_promises(db: Database, now: int) -> list[OverduePromise]:
    """Open promises whose (snoozed) due time has passed, with people not archived: the
    candidates; ``promise_state`` decides. From the open promises due by ``now``
    (``promise_by_status_due``, in the order wanted), each one's person by id: CROSS JOIN
    keeps that order whatever the statistics say (with those ``PRAGMA optimize`` keeps,
    the planner walked every person not archived instead: a million at xl)."""
    rows = db.connection().execute(
        "SELECT pr.person_id, pr.promiser, pr.what, pr.due_at, pr.snoozed_until FROM promise pr"
        " CROSS JOIN person p ON p.id = pr.person_id"
        " WHERE pr.status = 'open' AND pr.due_at <= ?1 AND p.archived_at IS NULL"
        " AND max(pr.due_at, coalesce(pr.snoozed_until, pr.due_at)) <= ?1"
        " ORDER BY pr.due_at, pr.id",
        (now,),
    )
    return [
        OverduePromise(pid, who == Promiser.ME, what, due, snoozed)
        for pid, who, what, due, snoozed in rows
    ]


def names_of(db: Database, person_ids: Iterable[int]) -> dict[int, str]:
    return dict(
        rows_in(
            db.connection(),
            "SELECT id, display_name FROM person WHERE id IN ({marks})",
            sorted(set(person_ids)),
        )
    )
