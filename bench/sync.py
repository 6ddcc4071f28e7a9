"""Sync benchmark (DESIGN.md: first sync of 10,000 people <= the same cards PUT by a bare
HTTP loop x 1.5; a sync with nothing to do <= 1 s), against a local Radicale started
here (as the tests start it), each against a baseline measured in the same run.

    python -m bench.sync [--people 10000] [--out bench/out]

Rows: ``bare_put_loop`` (the same cards, one PUT each with If-None-Match: *, on one kept-
alive session, into a fresh account), ``first_sync`` (``relapp sync``'s engine, from a
data folder with N people into another fresh account: discovery, creating the address
book, listing, PUTs, the state written per person), ``nothing_to_do`` (the next sync).
Writes ``sync-<N>.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
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
from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, PersonDraft
from relapp.domain.sync.card_codec import write_card
from relapp.services.sync import engine
from relapp.storage import bulk, open_database
from tests.dav_server import Radicale

OUT = Path(__file__).resolve().parent / "out"
CPU: dict[str, float] = {}  # this process's CPU seconds in a row: the client's own work


def drafts(n: int) -> list[PersonDraft]:
    return [
        PersonDraft(
            f"Person {i:05d} Example",
            given_name=f"Person {i:05d}",
            family_name="Example",
            organisation=f"Company {i % 97}",
            title="Engineer" if i % 3 else "",
            birthday=Birthday(1 + i % 12, 1 + i % 28, 1970 + i % 40) if i % 4 else None,
            notes=f"Met at event {i % 31}; likes topic {i % 17}.",
            tags=(f"group{i % 11}",),
            cadence_days=30 if i % 5 == 0 else None,
            avoid_channels=frozenset({Channel.CALL}) if i % 7 == 0 else frozenset(),
            contact_points=(
                ContactPoint(ContactKind.EMAIL, f"person{i}@example.org", "work"),
                ContactPoint(ContactKind.PHONE, f"+1 555 {i:07d}", "mobile"),
            ),
        )
        for i in range(n)
    ]


def bare_loop(server: Radicale, people: list[PersonDraft]) -> tuple[float, float, int]:
    """The same cards PUT one by one (If-None-Match: *) on one session into a fresh
    address book; then the baseline of a sync with nothing to do (one sync-collection
    REPORT). Returns the seconds of the PUTs, the no-op's seconds and its changes."""
    account = server.new_account()
    session = requests.Session()
    session.auth = (account.user, account.password)
    book = f"{account.url}{account.user}/bare/"
    session.request("PROPFIND", account.url, headers={"Depth": "0"}, timeout=30)
    body = (
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        "<d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
        "</d:prop></d:set></d:mkcol>"
    )
    session.request("MKCOL", book, data=body.encode(), timeout=30).raise_for_status()
    now = datetime.now(UTC)
    cpu = time.process_time()
    cards = [write_card(p, f"bare-{i}", now).encode() for i, p in enumerate(people)]
    started = time.perf_counter()
    for i, card in enumerate(cards):
        session.put(
            f"{book}bare-{i}.vcf",
            data=card,
            headers={"Content-Type": "text/vcard; charset=utf-8", "If-None-Match": "*"},
            timeout=60,
        ).raise_for_status()
    elapsed = time.perf_counter() - started
    CPU["bare_put_loop"] = time.process_time() - cpu
    idle, changes = bare_nothing_to_do(session, book)
    return elapsed, idle, changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--profile", type=Path, help="cProfile the first sync into this file")
    args = parser.parse_args(argv)
    people = drafts(args.people)
    loads: dict[str, str] = {"start": load_average()}
    with (
        tempfile.TemporaryDirectory(prefix="relapp-bench-sync-", dir=server_parent()) as srv,
        tempfile.TemporaryDirectory(prefix="relapp-bench-sync-") as tmp,
    ):
        root = Path(tmp)
        server = FastRadicale(Path(srv))
        server.start()
        try:
            bare, bare_idle, bare_changes = bare_loop(server, people)
            loads["bare_put_loop"] = load_average()
            assert bare_changes == 0
            (root / "data").mkdir()
            db = open_database(root / "data" / "relapp.sqlite3", backups_dir=root / "b")
            with db.atomic():
                bulk.insert_people(db, people)
            account = server.new_account()
            who = engine.Account(account.url, account.user)
            profile = cProfile.Profile() if args.profile else None
            with counted_requests() as first_requests:
                cpu = time.process_time()
                started = time.perf_counter()
                if profile:
                    profile.enable()
                first = engine.sync(db, who, account.password)
                if profile:
                    profile.disable()
                first_s = time.perf_counter() - started
                CPU["first_sync"] = time.process_time() - cpu
            loads["first_sync"] = load_average()
            if profile and args.profile:
                profile.dump_stats(args.profile)
            assert first.people.sent_new == args.people, first.people.lines()
            with counted_requests() as idle_requests:
                started = time.perf_counter()
                idle = engine.sync(db, who, account.password)
                idle_s = time.perf_counter() - started
            loads["nothing_to_do"] = load_average()
            assert not idle.people.anything
            db.close()
        finally:
            server.stop()
    rows = {
        "bare_put_loop": bare,
        "first_sync": first_s,
        "first_sync_ratio": first_s / bare,
        "bare_nothing_to_do": bare_idle,
        "nothing_to_do": idle_s,
        "nothing_to_do_ratio": idle_s / bare_idle,
    }
    print(f"{'row':<20} {'value':>10}  budget")
    print(f"{'bare_put_loop':<20} {bare:>9.2f}s  (baseline, {args.people:,} PUTs)")
    print(f"{'first_sync':<20} {first_s:>9.2f}s  <= 1.5 x baseline: ratio {first_s / bare:.2f}")
    print(f"{'':<20} {'':>10}  requests: {dict(first_requests)}")
    print(f"{'bare_nothing_to_do':<20} {bare_idle:>9.3f}s  (baseline: 1 sync-collection REPORT)")
    print(f"{'nothing_to_do':<20} {idle_s:>9.3f}s  <= 1 s; ratio {idle_s / bare_idle:.2f}")
    print(f"{'':<20} {'':>10}  requests: {dict(idle_requests)}")
    print(f"client CPU (this process, s): {CPU}")
    print(f"load averages (1, 5, 15 min) after each row: {loads}")
    args.out.mkdir(parents=True, exist_ok=True)
    result = {
        "people": args.people,
        "rows": rows,
        "requests": {"first_sync": first_requests, "nothing_to_do": idle_requests},
        "load": loads,
        "client_cpu": CPU,
        "server": "bench/radicale_fast.py (Radicale, UID index, no fsync, tmpfs)",
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(),
    }
    (args.out / f"sync-{args.people}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
