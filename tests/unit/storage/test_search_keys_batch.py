"""Keys given to a batch of people without reading the table once a person (issue 18:
an import's 10,000 new people cost a read and a write each): the same keys, the same
unordered prefixes, as given one person at a time, whatever the batch holds (new people,
renamed ones, people keeping their names, a prefix full to its last slot)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.storage import search_keys
from relapp.storage.search_keys import KEYS, UNORDERED, group, name_prefix


def one_at_a_time(conn: sqlite3.Connection, person_ids: Iterable[int]) -> dict[int, int]:
    """``search_keys.assign`` as it was: the table read and written once a person."""
    ids = list(dict.fromkeys(person_ids))
    rows = conn.execute(
        f"SELECT id, sort_name FROM person WHERE id IN ({', '.join('?' * len(ids))})", ids
    )
    names = dict(rows.fetchall())
    held = {
        pid: (key, name)
        for pid, key, name in conn.execute(f"SELECT person_id, key, sort_name FROM {KEYS}")
        if pid in names
    }
    assigned: dict[int, int] = {}
    for person_id in sorted(names, key=lambda pid: (names[pid], pid)):
        name = names[person_id]
        old = held.get(person_id)
        if old is not None and old[1] == name:
            assigned[person_id] = old[0]
            continue
        if old is not None:
            conn.execute(f"DELETE FROM {KEYS} WHERE key = ?", (old[0],))
        low, high = group(name_prefix(name) << search_keys.SLOT_BITS)
        last = search_keys._last_of(conn, low, high)
        key = search_keys._free_slot(conn, low, high, (name, person_id), last)
        conn.execute(
            f"INSERT INTO {KEYS} (key, person_id, sort_name) VALUES (?, ?, ?)",
            (key, person_id, name),
        )
        assigned[person_id] = key
    return assigned


def database() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, sort_name TEXT NOT NULL)")
    search_keys.create(conn)
    return conn


def tables(conn: sqlite3.Connection) -> tuple[list[tuple], list[tuple]]:
    keys = conn.execute(f"SELECT key, person_id, sort_name FROM {KEYS} ORDER BY key").fetchall()
    unordered = conn.execute(f"SELECT low FROM {UNORDERED} ORDER BY low").fetchall()
    return keys, unordered


NAMES = st.sampled_from(
    ["ana", "ana b", "anabelle x", "anabelle y", "anabelle", "bo a", "b", "émile", "zed"]
)
BATCH = st.lists(st.tuples(st.integers(1, 14), NAMES), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(batches=st.lists(BATCH, min_size=1, max_size=5), slot_bits=st.sampled_from([2, 3, 23]))
def test_a_batch_gets_the_keys_one_at_a_time_would_give(
    batches: list[list[tuple[int, str]]], slot_bits: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_keys, "SLOT_BITS", slot_bits)  # 4 or 8 slots: prefixes fill
        batched, single = database(), database()
        for batch in batches:
            for conn in (batched, single):
                conn.executemany(
                    "INSERT OR REPLACE INTO person (id, sort_name) VALUES (?, ?)", batch
                )
            ids = [pid for pid, _name in batch]
            try:
                expected = one_at_a_time(single, ids)
            except OverflowError:
                with pytest.raises(OverflowError):
                    search_keys.assign(batched, ids)
                return
            assert search_keys.assign(batched, ids) == expected
            assert tables(batched) == tables(single)
