"""The rowids of the people's search indexes: each person's key, in name order.

FTS5 hands its matches over in rowid order and stops when asked for no more, so a
search whose rowids run in the people list's name order reads its first page without
looking at the rest of what it finds ("com" finds all of a million people: the first
hundred are the first hundred rowids). A person's key is a number whose high bits
encode the start of their sort name, order kept (``name_prefix``), and whose low
``SLOT_BITS`` tell apart the people whose names start alike (``slot``): if one sort name
comes before another, its key is never greater. People of one prefix ("carol ka",
a few hundred at a million people) are put in exact order by their sort names when a
page is read (``people_search_repo``).

``KEYS`` maps keys and people both ways, with the sort name each key was given for. A
person keeps their key while their sort name stays the same; a new one (or a new sort
name) gets the next slot of their prefix. The migration gives the slots of a prefix in
name order, so key order is the list's order; a slot given later that does not come
after the others in name order marks its prefix unordered (``UNORDERED``), and pages
within it are sorted by name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from relapp.storage import chunks

KEYS = "person_name_key"
UNORDERED = "person_name_unordered"  # the prefixes (their first key) not in name order
SLOT_BITS = 23  # 8.4 million people of one prefix; the prefix has the other 40 bits
PREFIX_CHARS = 8  # five bits each
_SPACE = 2
_BELOW_SPACE, _BELOW_A, _A, _ABOVE_Z = 1, 3, 4, 30  # 0: the name has ended


def _code(char: str) -> tuple[int, bool]:
    """A character's five bits, and whether they stand for more than one character (the
    code of anything between two letters: what comes after it is not encoded)."""
    if "a" <= char <= "z":
        return _A + ord(char) - ord("a"), False
    if char == " ":
        return _SPACE, False
    if char < " ":
        return _BELOW_SPACE, True
    return (_BELOW_A, True) if char < "a" else (_ABOVE_Z, True)


_ASCII_CODES = {chr(n): _code(chr(n)) for n in range(128)}


def name_prefix(sort_name: str) -> int:
    """The start of a sort name as a number that never runs against the names' order
    (SQLite's: by code point): a sort name before another never has a greater one."""
    value = 0
    used = 0
    for char in sort_name[:PREFIX_CHARS]:
        code, lossy = _ASCII_CODES.get(char) or _code(char)
        value = value << 5 | code
        used += 1
        if lossy:
            break
    return value << 5 * (PREFIX_CHARS - used)


def group(key: int) -> tuple[int, int]:
    """The keys of the people whose names start as ``key``'s does: ``[low, high)``."""
    low = key >> SLOT_BITS << SLOT_BITS
    return low, low + (1 << SLOT_BITS)


def create(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE TABLE {KEYS} (key INTEGER PRIMARY KEY, person_id INTEGER NOT NULL UNIQUE,"
        " sort_name TEXT NOT NULL)"
    )
    conn.execute(f"CREATE TABLE {UNORDERED} (low INTEGER PRIMARY KEY)")


def keys_of(conn: sqlite3.Connection, person_ids: Iterable[int]) -> dict[int, int]:
    """Person id -> key, for the people of ``person_ids`` who have one."""
    sql = f"SELECT person_id, key FROM {KEYS} WHERE person_id IN ({{marks}})"
    return dict(chunks.rows_in(conn, sql, list(person_ids)))


def in_name_order(conn: sqlite3.Connection, low: int, high: int) -> bool:
    """Whether the keys from ``low`` to ``high`` (exclusive) run in name order: no
    prefix among them is unordered."""
    sql = f"SELECT EXISTS (SELECT 1 FROM {UNORDERED} WHERE low >= ? AND low < ?)"
    return not conn.execute(sql, (low, high)).fetchone()[0]


def _last_of(conn: sqlite3.Connection, low: int, high: int) -> tuple[int, str, int] | None:
    """The last key of the prefix ``[low, high)``: (key, sort name, person id)."""
    row = conn.execute(
        f"SELECT key, sort_name, person_id FROM {KEYS} WHERE key >= ? AND key < ?"
        " ORDER BY key DESC LIMIT 1",
        (low, high),
    ).fetchone()
    return None if row is None else (int(row[0]), row[1], int(row[2]))


def _free_slot(
    conn: sqlite3.Connection,
    low: int,
    high: int,
    after: tuple[str, int],
    last: tuple[int, str, int] | None,
) -> int:
    """The next slot of the prefix ``[low, high)`` (whose last key is ``last``) for
    someone whose (sort name, id) is ``after``; the prefix marked unordered when they do
    not come after its last."""
    if last is None:
        return low
    if (last[1], last[2]) > after:
        conn.execute(f"INSERT OR IGNORE INTO {UNORDERED} (low) VALUES (?)", (low,))
    taken = last[0]
    if taken + 1 < high:
        return taken + 1
    conn.execute(f"INSERT OR IGNORE INTO {UNORDERED} (low) VALUES (?)", (low,))
    gap = conn.execute(  # every slot up to the last used: the first one freed since
        f"SELECT k.key + 1 FROM {KEYS} k WHERE k.key >= ? AND k.key < ?"
        f" AND NOT EXISTS (SELECT 1 FROM {KEYS} n WHERE n.key = k.key + 1) LIMIT 1",
        (low, high - 1),
    ).fetchone()
    if gap is None:
        raise OverflowError(f"more than {1 << SLOT_BITS} people whose names start alike")
    return int(gap[0])


_INSERT_KEY = f"INSERT INTO {KEYS} (key, person_id, sort_name) VALUES (?, ?, ?)"


def assign(conn: sqlite3.Connection, person_ids: Iterable[int]) -> dict[int, int]:
    """Person id -> key for these people (existing ones), each key new unless the
    person has one for their sort name already; ``KEYS`` updated. The caller
    moves their index rows to the new keys (``search_index``)."""
    ids = list(dict.fromkeys(person_ids))
    names = dict(
        chunks.rows_in(conn, "SELECT id, sort_name FROM person WHERE id IN ({marks})", ids)
    )
    sql = f"SELECT person_id, key, sort_name FROM {KEYS} WHERE person_id IN ({{marks}})"
    held = {pid: (key, name) for pid, key, name in chunks.rows_in(conn, sql, ids)}
    assigned: dict[int, int] = {}
    # The last key of each prefix given so far, and the keys not written yet: an
    # import's 10,000 people cost a read and a write each, not two reads and a write.
    lasts: dict[int, tuple[int, str, int] | None] = {}
    pending: list[tuple[int, int, str]] = []
    # In name order: a batch (an import, a restore) takes its prefixes' next slots in
    # order, and leaves a prefix ordered when it comes after what is there.
    for person_id in sorted(names, key=lambda pid: (names[pid], pid)):
        name = names[person_id]
        old = held.get(person_id)
        if old is not None and old[1] == name:
            assigned[person_id] = old[0]
            continue
        if old is not None:
            conn.executemany(_INSERT_KEY, pending)
            pending.clear()
            lasts.clear()  # the last of a prefix may be the key going
            conn.execute(f"DELETE FROM {KEYS} WHERE key = ?", (old[0],))
        low, high = group(name_prefix(name) << SLOT_BITS)
        if low not in lasts:
            lasts[low] = _last_of(conn, low, high)
        last = lasts[low]
        if last is not None and last[0] + 1 >= high:  # the gaps are looked for in the table
            conn.executemany(_INSERT_KEY, pending)
            pending.clear()
        key = _free_slot(conn, low, high, (name, person_id), last)
        pending.append((key, person_id, name))
        if last is None or key > last[0]:
            lasts[low] = (key, name, person_id)
        assigned[person_id] = key
    conn.executemany(_INSERT_KEY, pending)
    return assigned


def drop(conn: sqlite3.Connection, keys: Iterable[int]) -> None:
    chunks.execute_in(conn, f"DELETE FROM {KEYS} WHERE key IN ({{marks}})", list(keys))


def fill(conn: sqlite3.Connection) -> None:
    """Every person's key, from nothing (the migration that made them): the slots of a
    prefix given in name order."""
    conn.create_function("relapp_name_prefix", 1, name_prefix, deterministic=True)
    conn.execute(f"DELETE FROM {UNORDERED}")
    conn.execute(
        f"INSERT INTO {KEYS} (key, person_id, sort_name)"
        f" SELECT (prefix << {SLOT_BITS}) + row_number() OVER"
        " (PARTITION BY prefix ORDER BY sort_name, id) - 1, id, sort_name"
        " FROM (SELECT id, sort_name, relapp_name_prefix(sort_name) AS prefix FROM person)"
    )
