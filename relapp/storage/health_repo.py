"""Reading what the health score needs: every person at once as flat numpy arrays, one
person's history for the chart, and the few lists the "Today" view adds (overdue
promises, names; its birthdays and anniversaries are ``occasions_repo``'s, as the
notifications read them).

Speed: a million (interaction, person) pairs must come out in well under a second.
Building a Python tuple per row costs more than the whole score, so only integers cross
from SQLite, packed by ``group_concat`` into one long string per column and parsed by
numpy in C. Channel, direction and kind become one small code in SQL (``CASE``), packed
with the time: ``occurred_at * SCALE + code``. Interactions and their people are read by
two plain table scans (no join), on two connections at once, and matched by id in numpy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health import codes
from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.chart import InteractionMarks, PromiseMarks
from relapp.domain.health.promise_outcomes import (
    NO_TIME,
    STATUS_CODE,
    kept_late,
    promise_outcomes,
)
from relapp.domain.model import Channel, InteractionKind
from relapp.domain.promises import Promiser, PromiseStatus
from relapp.storage.chunks import rows_in
from relapp.storage.database import Database
from relapp.storage.people_repo import IS_CONTACT_SQL

_N_DIRECTIONS, _N_KINDS = len(codes.DIRECTIONS), len(codes.KINDS)
_T = TypeVar("_T")
SCALE = len(codes.CHANNELS) * _N_DIRECTIONS * _N_KINDS
# Only contacts count in health (an introduction is an event, not a contact).
_CONTACT_KIND_CODES = np.array([code for code, k in enumerate(codes.KINDS) if k.is_contact])


def _case(column: str, members: Sequence[str], otherwise: int) -> str:
    whens = " ".join(f"WHEN '{member}' THEN {code}" for code, member in enumerate(members))
    return f"(CASE {column} {whens} ELSE {otherwise} END)"


# One code per interaction: (channel * directions + direction) * kinds + kind. A value
# Relapp never writes reads as "other", "both ways", "ordinary".
CODE_SQL = (
    f"(({_case('channel', codes.CHANNELS, codes.CHANNEL_CODE[Channel.OTHER])} * {_N_DIRECTIONS}"
    f" + {_case('direction', codes.DIRECTIONS, codes.BOTH)}) * {_N_KINDS}"
    f" + {_case('kind', codes.KINDS, codes.KIND_CODE[InteractionKind.ORDINARY])})"
)
_STATUS_SQL = _case("status", list(STATUS_CODE), STATUS_CODE[PromiseStatus.CANCELLED])


def split_code(code: NDArray[np.int64]) -> tuple[NDArray[np.int8], ...]:
    """``CODE_SQL`` values back to (channel, direction, kind) code arrays."""
    kind = code % _N_KINDS
    rest = code // _N_KINDS
    return (
        (rest // _N_DIRECTIONS).astype(np.int8),
        (rest % _N_DIRECTIONS).astype(np.int8),
        kind.astype(np.int8),
    )


def _ints(text: str | None) -> NDArray[np.int64]:
    """A ``group_concat`` of integers (None for no rows) as an int64 array."""
    if not text:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


@dataclass(frozen=True)
class EveryoneHealth:
    """Every person who is not archived, as the score needs them. Person ``i`` of the
    arrays is ``person_ids[i]`` (ascending)."""

    person_ids: NDArray[np.int64]
    arrays: HealthArrays
    created_at: NDArray[np.int64]  # unix seconds


def read_everyone(db: Database, now: int, *, parallel: bool = True) -> EveryoneHealth:
    """Everyone's interactions, cadences and promises (outcomes as of ``now``)."""
    conn = db.connection()
    if parallel:
        with ThreadPoolExecutor(1) as pool:
            aside = pool.submit(_aside, db, _read_pairs_and_people)
            interaction_ids, codes_read = _read_interactions(conn)
            (pair_interaction, pair_person, pair_t), people = aside.result()
    else:
        interaction_ids, codes_read = _read_interactions(conn)
        (pair_interaction, pair_person, pair_t), people = _read_pairs_and_people(conn)
    person_ids, cadence, created = people

    # Match each pair with its interaction (both sorted by interaction id) and person.
    # Two connections may see different moments: a pair without its interaction (or
    # person) is left out.
    at = _index_of(interaction_ids, pair_interaction)
    index = _index_of(person_ids, pair_person)
    keep = (at >= 0) & (index >= 0)
    keep[keep] = np.isin(codes_read[at[keep]] % _N_KINDS, _CONTACT_KIND_CODES)
    channel, direction, kind = split_code(codes_read[at[keep]])
    promise_person, promise_due, promise_kept = _read_promises(conn, person_ids, now)
    arrays = HealthArrays(
        n_people=len(person_ids),
        person_index=index[keep].astype(np.int32),
        t=pair_t[keep],
        channel=channel,
        direction=direction,
        kind=kind,
        cadence_days=cadence,
        promise_person=promise_person,
        promise_due=promise_due,
        promise_kept=promise_kept,
    )
    return EveryoneHealth(person_ids, arrays, created)


def _read_interactions(conn: sqlite3.Connection) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Interaction ids (ascending) and their codes, packed as ``id * SCALE + code``."""
    packed = _ints(
        conn.execute(f"SELECT group_concat(id * {SCALE} + {CODE_SQL}) FROM interaction").fetchone()[
            0
        ]
    )
    ids, code = packed // SCALE, packed % SCALE
    if len(ids) > 1 and not np.all(ids[1:] > ids[:-1]):
        order = np.argsort(ids, kind="stable")
        ids, code = ids[order], code[order]
    return ids, code


_Pairs = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]
_People = tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]


def _read_pairs_and_people(conn: sqlite3.Connection) -> tuple[_Pairs, _People]:
    """Every (interaction, person) pair with its time (kept beside the pair for the
    history), and every person who is not archived."""
    interaction_text, person_text, t_text = conn.execute(
        "SELECT group_concat(interaction_id), group_concat(person_id),"
        " group_concat(occurred_at) FROM interaction_person"
    ).fetchone()
    pairs = _ints(interaction_text), _ints(person_text), _ints(t_text)
    if not len(pairs[0]) == len(pairs[1]) == len(pairs[2]):
        raise ValueError("interaction_person did not read back whole")
    return pairs, _read_people(conn)


def _aside(db: Database, read: Callable[[sqlite3.Connection], _T]) -> _T:
    """Run ``read`` on a connection of its own, so two table scans run at once (SQLite
    lets go of the GIL while it steps; in WAL mode readers do not block each other)."""
    conn = sqlite3.connect(str(db.path), timeout=5.0, check_same_thread=False)
    try:
        conn.execute("PRAGMA query_only = 1")
        return read(conn)
    finally:
        conn.close()


def _read_people(conn: sqlite3.Connection) -> _People:
    # NOT INDEXED: a plain scan beats walking the (archived_at, ...) index for everyone.
    ids_text, cadence_text, created_text = conn.execute(
        "SELECT group_concat(id), group_concat(coalesce(cadence_days, 0)),"
        " group_concat(created_at) FROM person NOT INDEXED WHERE archived_at IS NULL"
    ).fetchone()
    ids, cadence_days, created = _ints(ids_text), _ints(cadence_text), _ints(created_text)
    order = np.argsort(ids, kind="stable")
    cadence = cadence_days[order].astype(np.float64)
    cadence[cadence <= 0] = np.nan
    return ids[order], cadence, created[order]


def _index_of(sorted_ids: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.int64]:
    """Position of each wanted id in ``sorted_ids``; -1 where absent."""
    if len(sorted_ids) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    top = int(sorted_ids[-1])
    if top <= 4 * len(sorted_ids) + 1024:  # dense ids: a lookup table is fastest
        table = np.full(top + 2, -1, dtype=np.int64)
        table[sorted_ids] = np.arange(len(sorted_ids))
        return table[np.clip(wanted, 0, top + 1)]
    at = np.searchsorted(sorted_ids, wanted)
    at_ok = np.minimum(at, len(sorted_ids) - 1)
    return np.where(sorted_ids[at_ok] == wanted, at_ok, -1)


def _read_promises(
    conn: sqlite3.Connection, person_ids: NDArray[np.int64], now: int
) -> tuple[NDArray[np.int32], NDArray[np.int64], NDArray[np.int8]]:
    rows = conn.execute(
        f"SELECT person_id, due_at, {_STATUS_SQL}, coalesce(done_at, {NO_TIME}),"
        f" coalesce(snoozed_until, {NO_TIME}) FROM promise"
    ).fetchall()
    table = np.array(rows, dtype=np.int64).reshape(-1, 5)
    index = _index_of(person_ids, table[:, 0])
    counted, kept = promise_outcomes(table[:, 2], table[:, 1], table[:, 3], now, table[:, 4])
    keep = counted & (index >= 0)
    return index[keep].astype(np.int32), table[keep, 1], kept[keep]


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
        f"SELECT due_at, {_STATUS_SQL}, coalesce(done_at, {NO_TIME}),"
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
    candidates; ``promise_state`` decides."""
    rows = db.connection().execute(
        "SELECT pr.person_id, pr.promiser, pr.what, pr.due_at, pr.snoozed_until FROM promise pr"
        " JOIN person p ON p.id = pr.person_id"
        " WHERE pr.status = 'open' AND p.archived_at IS NULL"
        " AND max(pr.due_at, coalesce(pr.snoozed_until, pr.due_at)) <= ?"
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
