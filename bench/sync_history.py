"""History sync benchmark (issue 16: first sync of 100,000 history entries to a local
Radicale, and a sync with nothing to do at that size, each against a baseline measured
in the same run).

    python -m bench.sync_history [--entries 500] [--scan 100000] [--out bench/out]

Radicale takes ~0.1 s a PUT on the 2-core machine, so 100,000 entries are ~3 hours of
PUTs for each of the two rows: the run sends ``--entries`` and the report extrapolates
linearly (both rows are one PUT per entry; the ratio is what carries over). Rows:

- ``bare_put_loop``: the same journal entries, one PUT each (If-None-Match: *) on one
  kept-alive session, into a fresh calendar;
- ``first_sync``: the engine sending the entries (people synced before, not timed);
- ``nothing_to_do``: the next history sync (one sync-collection REPORT and the local
  scan: every entry read and hashed);
- ``local_scan_<scan>``: that local scan measured at the full size (``--scan`` entries
  and their sync state in a database, no server): every entry's stored meaning read and
  hashed and compared with its state, what a collection's first sync costs here (and
  every no-op sync did before migration m0012);
- ``local_marks_<scan>``: what a sync with nothing to do reads here at that size since
  m0012: the marks of what changed (none), not the entries (``CalendarSync._changed_here``
  after a complete sync; the median of three).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from bench.radicale_fast import (
    FastRadicale,
    bare_nothing_to_do,
    counted_requests,
    load_average,
    server_parent,
)
from bench.stats import machine
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.sync.journal_codec import InteractionItem, journal_text
from relapp.services.sync import engine
from relapp.services.sync.calendar_sync import CalendarSync
from relapp.services.sync.davxml import mkcalendar
from relapp.services.sync.history_sync import HistoryKind
from relapp.storage import (
    Database,
    bulk,
    interactions_repo,
    open_database,
    sync_dirty_repo,
    sync_repo,
)
from relapp.storage.sync_repo import ItemState
from tests.dav_server import Radicale

OUT = Path(__file__).resolve().parent / "out"
START = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
CPU: dict[str, float] = {}  # this process's CPU seconds in a row: the client's own work


def fill(db: Database, people: int, entries: int) -> None:
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Person {i:04d}") for i in range(people)])
        for i in range(entries):
            interactions_repo.insert_interaction(
                db,
                InteractionDraft(
                    START + timedelta(hours=i),
                    Channel.EMAIL if i % 2 else Channel.CALL,
                    Direction.OUTBOUND,
                    (1 + i % people,),
                    summary=f"About topic {i % 97}",
                    notes=f"Entry {i}: said this and that.",
                ),
            )


def bare_loop(server: Radicale, count: int) -> tuple[float, float, int]:
    account = server.new_account()
    session = requests.Session()
    session.auth = (account.user, account.password)
    calendar = f"{account.url}{account.user}/bare/"
    session.request("PROPFIND", account.url, headers={"Depth": "0"}, timeout=30)
    body = mkcalendar("bare", ("VJOURNAL",)).encode()
    session.request("MKCALENDAR", calendar, data=body, timeout=30).raise_for_status()
    now = datetime.now(UTC)
    texts = [
        journal_text(
            InteractionItem(
                f"bare-{i}",
                START + timedelta(hours=i),
                Channel.EMAIL,
                Direction.OUTBOUND,
                (f"person-{i % 50}",),
                f"About topic {i % 97}",
                f"Entry {i}: said this and that.",
            ),
            now,
        ).encode()
        for i in range(count)
    ]
    cpu = time.process_time()
    started = time.perf_counter()
    step = max(count // 10, 1)
    for i, text in enumerate(texts):
        session.put(
            f"{calendar}bare-{i}.ics",
            data=text,
            headers={"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"},
            timeout=60,
        ).raise_for_status()
        if (i + 1) % step == 0:  # the rate at each size, for a run stopped half-way
            took = time.perf_counter() - started
            print(f"bare loop: {i + 1:,} PUTs in {took:.1f} s (load {load_average()})", flush=True)
    elapsed = time.perf_counter() - started
    CPU["bare_put_loop"] = time.process_time() - cpu
    idle, changes = bare_nothing_to_do(session, calendar)
    return elapsed, idle, changes


def local_scan(root: Path, size: int) -> tuple[float, float]:
    db = open_database(root / "scan.sqlite3", backups_dir=root / "scan-backups")
    fill(db, 200, size)
    kind = HistoryKind(db)
    hashes = kind.hashes()
    # The sync state a first sync leaves: one row per entry, with the server's text.
    with db.atomic():
        coll = sync_repo.collection(db, "history", "http://bench.invalid/relapp-history/")
        text = "x" * 600
        for uid, h in hashes.items():
            sync_repo.put_item(db, coll.id, ItemState(uid, f"/h/{uid}.ics", '"e"', h, text))
        sync_dirty_repo.clear(db, "history", sync_dirty_repo.counter(db))
    run = CalendarSync(db, None, coll.url, kind)  # type: ignore[arg-type]  # no request made
    started = time.perf_counter()
    hashes, state, _ = run._changed_here(coll)  # never synced completely: reads everything
    changed = [uid for uid, h in hashes.items() if state[uid].hash != h]
    elapsed = time.perf_counter() - started
    assert len(hashes) == size and not changed
    with db.atomic():
        sync_dirty_repo.set_local_seq(db, coll.id, sync_dirty_repo.counter(db))
    times = []
    for _ in range(3):  # the median: the first read after 100,000 writes may be cold
        started = time.perf_counter()
        hashes, state, _ = run._changed_here(coll)
        times.append(time.perf_counter() - started)
        assert not hashes and not state
    marks = sorted(times)[1]
    db.close()
    return elapsed, marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_history")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--scan", type=int, default=0, help="also time the local scan (0: no)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    loads: dict[str, str] = {"start": load_average()}
    with (
        tempfile.TemporaryDirectory(prefix="relapp-bench-history-", dir=server_parent()) as srv,
        tempfile.TemporaryDirectory(prefix="relapp-bench-history-") as tmp,
    ):
        root = Path(tmp)
        server = FastRadicale(Path(srv))
        server.start()
        try:
            bare, bare_idle, bare_changes = bare_loop(server, args.entries)
            loads["bare_put_loop"] = load_average()
            assert bare_changes == 0
            db = open_database(root / "data.sqlite3", backups_dir=root / "backups")
            fill(db, 50, args.entries)
            account = server.new_account()
            who = engine.Account(account.url, account.user)
            engine.sync(db, who, account.password, only={"people"})
            with counted_requests() as first_requests:
                cpu = time.process_time()
                started = time.perf_counter()
                first = engine.sync(db, who, account.password, only={"history"})
                first_s = time.perf_counter() - started
                CPU["first_sync"] = time.process_time() - cpu
            loads["first_sync"] = load_average()
            assert first.history.sent_new == args.entries, first.history.lines()
            with counted_requests() as idle_requests:
                started = time.perf_counter()
                idle = engine.sync(db, who, account.password, only={"history"})
                idle_s = time.perf_counter() - started
            loads["nothing_to_do"] = load_average()
            assert not idle.history.anything
            db.close()
        finally:
            server.stop()
        scan_rows: dict[str, float] = {}
        if args.scan:
            scan, marks = local_scan(root, args.scan)
            scan_rows = {f"local_scan_{args.scan}": scan, f"local_marks_{args.scan}": marks}
            loads["local_scan"] = load_average()
    rows = {
        "bare_put_loop": bare,
        "first_sync": first_s,
        "first_sync_ratio": first_s / bare,
        "bare_nothing_to_do": bare_idle,
        "nothing_to_do": idle_s,
        "nothing_to_do_ratio": idle_s / bare_idle,
        **scan_rows,
    }
    print(f"{'row':<24} {'value':>10}")
    for name, value in rows.items():
        print(f"{name:<24} {value:>10.3f}")
    print(f"({args.entries:,} entries; first sync requests {dict(first_requests)};")
    print(f" nothing to do: {dict(idle_requests)}; baseline no-op: 1 sync-collection REPORT)")
    print(f"client CPU (this process, s): {CPU}")
    print(f"load averages (1, 5, 15 min) after each row: {loads}")
    args.out.mkdir(parents=True, exist_ok=True)
    result = {
        "entries": args.entries,
        "scan": args.scan,
        "rows": rows,
        "requests": {"first_sync": first_requests, "nothing_to_do": idle_requests},
        "load": loads,
        "client_cpu": CPU,
        "server": "bench/radicale_fast.py (Radicale, UID index, no fsync, tmpfs)",
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(),
    }
    (args.out / f"sync-history-{args.entries}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
