"""How big the notes index is with fewer FTS5 prefix indexes, and what each costs a
keystroke: an experiment on a COPY of a benchmark database (it adds tables to it).

    python -m bench.text_index COPY_OF_DATABASE [--words 60] [--seed 7]

Beside the app's ``interaction_text`` (prefix indexes of 2 to 6 letters) it builds the
same index over interaction summaries and notes with prefix indexes of 2 and 3 letters,
of 3 only, and none, and reports each one's size (``dbstat``). Then it types words drawn
from the notes (one word, or two of the same note) letter by letter from the third
letter, and asks each index for the newest 51 matches the way ``text_search_repo`` does
(candidates by the longest start the index keeps, checked for the whole words, the
exact expression when they run out), interleaved per keystroke. It reports per variant
the median, p99 and longest CPU time of the calling thread (``time.thread_time``: the
machine is shared, so the wall clock says more about the others), and how many
keystrokes found other rows than the app's index (it must be none).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from relapp.domain.text_search import TextQuery, query_words, text_query
from relapp.storage.text_search_repo import _newest_ids

VARIANTS = {"p23": "prefix = '2 3'", "p3": "prefix = '3'", "p0": ""}
KEEPS = {"p23": 3, "p3": 3, "p0": 99}
LIMIT = 51


def build(conn: sqlite3.Connection) -> None:
    for name, prefix in VARIANTS.items():
        started = time.perf_counter()
        table = f"bench_text_{name}"
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        extra = f", {prefix}" if prefix else ""
        conn.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5(summary, notes, content = 'interaction',"
            f" content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'{extra})"
        )
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        conn.commit()
        seconds = time.perf_counter() - started
        print(f"built {table} in {seconds:.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)


def sizes(conn: sqlite3.Connection) -> dict[str, float]:
    """MB of each index's data."""
    rows = conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE '%text%_data' GROUP BY name"
    )
    return {name.removesuffix("_data"): size / 1e6 for name, size in rows}


def variant_query(typed: str, keep: int) -> TextQuery | None:
    """Candidates by the first ``keep`` letters of each word (a shorter word is left to
    the check when a longer one is there), the exact expression as the fallback."""
    words = query_words(typed)
    if not words:
        return None
    exact = " AND ".join(f'"{w}"*' for w in words)
    shortest = min(keep, max(map(len, words)))
    starts = dict.fromkeys(w[:keep] for w in words if len(w) >= shortest)
    candidates = " AND ".join(f'"{s}"*' for s in starts)
    return TextQuery(tuple(words), candidates, None if candidates == exact else exact)


def typed_words(conn: sqlite3.Connection, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    last = conn.execute("SELECT max(id) FROM interaction").fetchone()[0]
    found: list[str] = []
    while len(found) < count:
        row = conn.execute(
            "SELECT notes FROM interaction WHERE id = ?", (rng.randrange(1, last),)
        ).fetchone()
        words = [w for w in re.findall(r"[^\W_]+", (row or [""])[0].lower()) if len(w) >= 4]
        if words:
            two = len(words) >= 2 and rng.random() >= 0.7
            found.append(" ".join(rng.sample(words, 2)) if two else rng.choice(words))
    return [text[:n] for text in found for n in range(3, len(text) + 1)]


def measure(conn: sqlite3.Connection, keystrokes: list[str]) -> None:
    plans: list[tuple[str, str, Callable[[str], TextQuery | None]]] = [
        ("app (2-6)", "interaction_text", text_query)
    ]
    for name, keep in KEEPS.items():
        plans.append((name, f"bench_text_{name}", lambda q, keep=keep: variant_query(q, keep)))
    times: dict[str, list[float]] = {name: [] for name, _, _ in plans}
    differing = dict.fromkeys(times, 0)
    for typed in keystrokes:
        reference = None
        for name, table, make in plans:
            query = make(typed)
            if query is None:
                continue
            started = time.thread_time()
            ids = _newest_ids(conn, table, "summary, notes", query, LIMIT)
            times[name].append((time.thread_time() - started) * 1000)
            if reference is None:
                reference = ids
            elif ids != reference:
                differing[name] += 1
    for name, values in times.items():
        values.sort()
        p99 = values[max(0, round(len(values) * 0.99) - 1)]
        print(
            f"{name:10} {len(values)} keystrokes: median {statistics.median(values):.2f} ms,"
            f" p99 {p99:.2f} ms, longest {values[-1]:.1f} ms (CPU); other rows: {differing[name]}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--words", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    conn = sqlite3.connect(args.database)
    if not {"bench_text_p0"} <= {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}:
        build(conn)
    print({name: f"{mb:.1f} MB" for name, mb in sizes(conn).items()})
    measure(conn, typed_words(conn, args.words, args.seed))
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
