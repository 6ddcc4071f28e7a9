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
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from bench.stats import machine
from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, PersonDraft
from relapp.domain.sync.card_codec import write_card
from relapp.services.sync import engine
from relapp.storage import bulk, open_database
from tests.dav_server import Radicale

OUT = Path(__file__).resolve().parent / "out"


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


def bare_loop(server: Radicale, people: list[PersonDraft]) -> float:
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
    cards = [write_card(p, f"bare-{i}", now).encode() for i, p in enumerate(people)]
    started = time.perf_counter()
    for i, card in enumerate(cards):
        session.put(
            f"{book}bare-{i}.vcf",
            data=card,
            headers={"Content-Type": "text/vcard; charset=utf-8", "If-None-Match": "*"},
            timeout=60,
        ).raise_for_status()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    people = drafts(args.people)
    with tempfile.TemporaryDirectory(prefix="relapp-bench-sync-") as tmp:
        root = Path(tmp)
        (root / "server").mkdir()
        server = Radicale(root / "server")
        server.start()
        try:
            bare = bare_loop(server, people)
            (root / "data").mkdir()
            db = open_database(root / "data" / "relapp.sqlite3", backups_dir=root / "b")
            with db.atomic():
                bulk.insert_people(db, people)
            account = server.new_account()
            who = engine.Account(account.url, account.user)
            started = time.perf_counter()
            first = engine.sync(db, who, account.password)
            first_s = time.perf_counter() - started
            assert first.people.sent_new == args.people, first.people.lines()
            started = time.perf_counter()
            idle = engine.sync(db, who, account.password)
            idle_s = time.perf_counter() - started
            assert not idle.people.anything
            db.close()
        finally:
            server.stop()
    rows = {
        "bare_put_loop": bare,
        "first_sync": first_s,
        "first_sync_ratio": first_s / bare,
        "nothing_to_do": idle_s,
    }
    print(f"{'row':<18} {'value':>10}  budget")
    print(f"{'bare_put_loop':<18} {bare:>9.2f}s  (baseline, {args.people:,} PUTs)")
    print(f"{'first_sync':<18} {first_s:>9.2f}s  <= 1.5 x baseline: ratio {first_s / bare:.2f}")
    print(f"{'nothing_to_do':<18} {idle_s:>9.3f}s  <= 1 s")
    args.out.mkdir(parents=True, exist_ok=True)
    result = {
        "people": args.people,
        "rows": rows,
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(),
    }
    (args.out / f"sync-{args.people}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
