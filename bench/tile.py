"""A large database made quickly: a generated one tiled N times, in SQL.

    python -m bench.tile SOURCE_DB OUT_DIR [--times 10]

Generating the ``xl`` size (1,000,000 people, 10,000,000 interactions) through the
storage layer's bulk path costs about a millisecond of Python a person and a tenth of
one an interaction (phone keys, the search document, notes), an hour or more of one
core; on a machine shared with other work it does not finish in an evening. Tiling
copies the full size's rows ten times inside SQLite instead (minutes): person ids,
interaction ids and everything that points at them are offset by the copy's number
times the source's largest id, so every copy is a world of its own (its introductions,
promises and "with" people stay inside it); each copy's rows get fresh uids; emails get
``+tK`` before the ``@`` in copies K ≥ 1 (and in their key and the search document), so
an email still names one person. Phone numbers repeat across copies (ten people share
each one). The copies are written without a journal and with the indexes dropped,
which are built again at the end (a throwaway file being made).

What differs from a generated ``xl``: the interactions per person follow the full
size's spread (the busiest person has the full size's 31,743, not the hundreds of
thousands a Pareto spread over a million people would give one person), and names,
notes and words repeat ten times as often. Search, the list, the health of everyone,
start-up and memory see a million people and ten million interactions either way.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from relapp.storage import search_index
from relapp.storage.search_keys import KEYS, SLOT_BITS

UID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)"
    " || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copy(
    conn: sqlite3.Connection,
    table: str,
    shifted: dict[str, str],
    where: str,
) -> None:
    """INSERT the rows of ``table`` matching ``where`` again, with the columns in
    ``shifted`` replaced by their SQL expressions (uid: a fresh one)."""
    columns = _columns(conn, table)
    values = [UID if c == "uid" else shifted.get(c, c) for c in columns]
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table}"
        f" WHERE {where}"
    )


def tile(source: Path, out_dir: Path, times: int = 10) -> Path:
    """Copy ``source`` (a database of the current schema) to ``out_dir`` and tile its
    people and everything of theirs ``times`` times over; returns the new file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / source.name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)  # a consistent copy, WAL included
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A throwaway file being made: no journal while copying, and the indexes built
        # once at the end by sorting instead of ten million inserts into each.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("PRAGMA foreign_keys = OFF")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql in indexes:
            conn.execute(f"DROP INDEX {name}")

        def largest(table: str) -> int:
            return int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])

        people, entries = largest("person"), largest("interaction")
        slot_mask = (1 << SLOT_BITS) - 1
        slots = int(
            conn.execute(f"SELECT coalesce(max(key & {slot_mask}), 0) + 1 FROM {KEYS}").fetchone()[
                0
            ]
        )
        if times * slots > slot_mask:
            raise ValueError(f"{times} copies of {slots} people of one name prefix: too many")
        promises, introductions = largest("promise"), largest("introduction")
        for k in range(1, times):
            started = time.perf_counter()
            p, i = f"+ {k * people}", f"+ {k * entries}"
            email = f"'+t{k}@'"
            conn.execute("BEGIN")
            conn.execute("INSERT INTO text_index_paused DEFAULT VALUES")
            _copy(conn, "person", {"id": f"id {p}"}, f"id <= {people}")
            _copy(
                conn,
                "contact_point",
                {
                    "id": "NULL",
                    "person_id": f"person_id {p}",
                    "value": f"CASE kind WHEN 'email' THEN replace(value, '@', {email})"
                    " ELSE value END",
                    "key": f"CASE kind WHEN 'email' THEN replace(key, '@', {email}) ELSE key END",
                },
                f"person_id <= {people}",
            )
            _copy(conn, "person_tag", {"person_id": f"person_id {p}"}, f"person_id <= {people}")
            # The search rows are keyed by name (search_keys): a copy's person has the
            # original's name, so their key is the original's in a slot of its own (and
            # all put in name order at the end: search_index.reorder).
            key = f"+ {k * slots}"
            originals = f"(SELECT key FROM {KEYS} WHERE person_id <= {people})"
            conn.execute(
                f"INSERT INTO {KEYS} (key, person_id, sort_name)"
                f" SELECT key {key}, person_id {p}, sort_name FROM {KEYS}"
                f" WHERE person_id <= {people}"
            )
            conn.execute(
                "INSERT INTO person_search (rowid, names, contacts, organisation, tags, notes)"
                f" SELECT rowid {key}, names, replace(contacts, '@', {email}), organisation,"
                f" tags, notes FROM person_search WHERE rowid IN {originals}"
            )
            conn.execute(
                "INSERT INTO person_names (rowid, names, organisation)"
                f" SELECT rowid {key}, names, organisation FROM person_names"
                f" WHERE rowid IN {originals}"
            )
            _copy(conn, "interaction", {"id": f"id {i}"}, f"id <= {entries}")
            _copy(
                conn,
                "interaction_person",
                {"interaction_id": f"interaction_id {i}", "person_id": f"person_id {p}"},
                f"interaction_id <= {entries}",
            )
            _copy(
                conn,
                "introduction",
                {
                    "id": f"id + {k * introductions}",
                    "introducer_id": f"introducer_id {p}",
                    "person_a_id": f"person_a_id {p}",
                    "person_b_id": f"person_b_id {p}",
                    "interaction_id": f"interaction_id {i}",
                },
                f"id <= {introductions}",
            )
            _copy(
                conn,
                "promise",
                {
                    "id": f"id + {k * promises}",
                    "person_id": f"person_id {p}",
                    "interaction_id": f"interaction_id {i}",
                    "follows_id": f"follows_id + {k * promises}",
                },
                f"id <= {promises}",
            )
            _copy(
                conn, "occasion_notice", {"person_id": f"person_id {p}"}, f"person_id <= {people}"
            )
            for fts, table, first, columns in (
                ("interaction_text", "interaction", k * entries, "summary, notes"),
                ("promise_text", "promise", k * promises, "what"),
                ("introduction_text", "introduction", k * introductions, "context"),
            ):
                conn.execute(
                    f"INSERT INTO {fts} (rowid, {columns}) SELECT id, {columns} FROM {table}"
                    f" WHERE id > {first}"
                )
            conn.execute("DELETE FROM text_index_paused")
            conn.execute("COMMIT")
            print(f"copy {k + 1} of {times}: {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        for _name, sql in indexes:
            conn.execute(sql)
        print(f"indexes built: {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        conn.execute("BEGIN")
        search_index.reorder(conn)  # the copies' keys run copy by copy: in name order now
        conn.execute("COMMIT")
        print(f"search keys in name order: {time.perf_counter() - started:.0f} s", flush=True)
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()
    path = tile(args.source, args.out_dir, args.times)
    size = path.stat().st_size / 1e6
    print(f"{path}: {size:.0f} MB in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
