"""The codes every read of history for health shares: each interaction's channel,
direction and kind as one small integer made in SQL (``CODE_SQL``), a promise's status
(``STATUS_SQL``), and the table of every interaction's code by id (``code_table``), so
only integers cross from SQLite where many rows are read. Imports nothing of storage
but ``chunks``' neighbours: ``database`` settles the kept health summaries with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health import codes
from relapp.domain.health.promise_outcomes import STATUS_CODE
from relapp.domain.model import Channel, InteractionKind
from relapp.domain.promises import PromiseStatus

_N_DIRECTIONS, N_KINDS = len(codes.DIRECTIONS), len(codes.KINDS)
SCALE = len(codes.CHANNELS) * _N_DIRECTIONS * N_KINDS
# Only contacts count in health (an introduction is an event, not a contact).
CONTACT_KIND_CODES = np.array([code for code, k in enumerate(codes.KINDS) if k.is_contact])


def _case(column: str, members: Sequence[str], otherwise: int) -> str:
    whens = " ".join(f"WHEN '{member}' THEN {code}" for code, member in enumerate(members))
    return f"(CASE {column} {whens} ELSE {otherwise} END)"


# One code per interaction: (channel * directions + direction) * kinds + kind. A value
# Relapp never writes reads as "other", "both ways", "ordinary".
CODE_SQL = (
    f"(({_case('channel', codes.CHANNELS, codes.CHANNEL_CODE[Channel.OTHER])} * {_N_DIRECTIONS}"
    f" + {_case('direction', codes.DIRECTIONS, codes.BOTH)}) * {N_KINDS}"
    f" + {_case('kind', codes.KINDS, codes.KIND_CODE[InteractionKind.ORDINARY])})"
)
STATUS_SQL = _case("status", list(STATUS_CODE), STATUS_CODE[PromiseStatus.CANCELLED])


def split_code(code: NDArray[np.int64]) -> tuple[NDArray[np.int8], ...]:
    """``CODE_SQL`` values back to (channel, direction, kind) code arrays."""
    kind = code % N_KINDS
    rest = code // N_KINDS
    return (
        (rest // _N_DIRECTIONS).astype(np.int8),
        (rest % _N_DIRECTIONS).astype(np.int8),
        kind.astype(np.int8),
    )


PARSE_AT_ONCE = 1 << 17
"""Characters of a ``group_concat`` numpy parses in one call (about half a millisecond):
numpy holds the interpreter while it parses, 7 ms for the 2 MB of 200,000 ids, and a
window's GUI thread that wanted to paint meanwhile waited for all of it (issue 18: the
health overview, ``bench.window_stalls``)."""


def ints(text: str | None) -> NDArray[np.int64]:
    """A ``group_concat`` of integers (None for no rows) as an int64 array, parsed
    ``PARSE_AT_ONCE`` characters at a time."""
    if not text:
        return np.empty(0, dtype=np.int64)
    if len(text) <= PARSE_AT_ONCE:
        return np.fromstring(text, dtype=np.int64, sep=",")
    pieces = []
    start = 0
    while start < len(text):
        end = text.find(",", start + PARSE_AT_ONCE)
        end = len(text) if end < 0 else end
        pieces.append(np.fromstring(text[start:end], dtype=np.int64, sep=","))
        start = end + 1
    return np.concatenate(pieces)


def fill_codes(
    conn: sqlite3.Connection, table: NDArray[np.int8], starts: list[int], step: int
) -> None:
    """``table[id] = CODE_SQL + 1`` for the interactions with ids in the ranges of
    ``step`` ids from each of ``starts``."""
    for start in starts:
        packed = ints(
            conn.execute(
                f"SELECT group_concat(id * {SCALE} + {CODE_SQL}) FROM interaction"
                " WHERE id >= ? AND id < ?",
                (start, start + step),
            ).fetchone()[0]
        )
        table[packed // SCALE] = packed % SCALE + 1


def code_table(
    conn: sqlite3.Connection, *, max_ids: int, step: int = 200_000
) -> NDArray[np.int8] | None:
    """Each interaction's ``CODE_SQL`` + 1 by id (0: none), read on ``conn``; None when
    the ids go to ``max_ids`` or past (then join instead)."""
    top = conn.execute("SELECT coalesce(max(id), 0) FROM interaction").fetchone()[0]
    if top >= max_ids:
        return None
    table = np.zeros(top + 1, dtype=np.int8)  # calloc: unused pages are never touched
    fill_codes(conn, table, list(range(0, top + 1, step)), step)
    return table
