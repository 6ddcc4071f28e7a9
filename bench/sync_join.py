"""A second device joining a large history calendar (issue 16): its first sync, and its
next with nothing to do.

    python -m bench.sync_join [--entries 20000] [--out bench/out]

Device A sends 50 people and makes Relapp's history calendar on the tests' Radicale
(its folder on tmpfs when there is one); ``--entries`` journal entries naming those
people are then written straight into the calendar's folder (bench/dav_listing.py's
``fill``: what A's PUTs would leave, without hours of PUTs), and one listing lets
Radicale cache them (as the PUTs would have). Device B, a fresh data folder, then syncs
people and history: timed with its requests by method, its own CPU, and the longest
request of each kind (a listing must answer within ``dav.LISTING_READ_SECONDS``, any
other request within 60 s); then a full listing as Relapp asks it against the token and
the ETags asked apart, interleaved.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from bench.dav_listing import fill
from bench.radicale_fast import load_average, server_parent
from bench.stats import machine
from relapp.domain.model import PersonDraft
from relapp.services.sync import engine
from relapp.services.sync.dav import DavClient
from relapp.storage import bulk, open_database, sync_repo
from tests.dav_server import Radicale

OUT = Path(__file__).resolve().parent / "out"


def slowest_requests() -> tuple[dict[str, float], Any]:
    """The longest request of each method meanwhile (seconds), and the original send."""
    longest: dict[str, float] = defaultdict(float)
    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kw: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, request, **kw)
        finally:
            method = str(request.method)
            longest[method] = max(longest[method], time.perf_counter() - started)

    requests.Session.send = send  # type: ignore[method-assign]
    return longest, original


def compare_listings(server: str, user: str, password: str, url: str) -> dict[str, list[float]]:
    """A full listing as Relapp asks it (``list_all``: one PROPFIND of the ETags, the
    resource types and the token) against the token asked apart (Depth 0) and then only
    the ETags, interleaved, twice each: seconds. (Tried on 7 December: no faster.)"""
    client = DavClient(server, user, password, timeout=(10, 3600))
    out: dict[str, list[float]] = {"token_then_etags": [], "list_all": []}
    try:
        for _ in range(2):
            for name in out:
                started = time.perf_counter()
                if name == "list_all":
                    client.list_all(url)
                else:
                    client.propfind(url, "0", "d:sync-token", listing=True)
                    client.propfind(url, "1", "d:getetag", listing=True)
                out[name].append(time.perf_counter() - started)
    finally:
        client.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_join")
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    loads = {"start": load_average()}
    rows: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="relapp-bench-join-", dir=server_parent()) as srv,
        tempfile.TemporaryDirectory(prefix="relapp-bench-join-") as tmp,
    ):
        root = Path(tmp)
        server = Radicale(Path(srv))
        server.start()
        try:
            account = server.new_account()
            who = engine.Account(account.url, account.user)
            a = open_database(root / "a.sqlite3", backups_dir=root / "a-backups")
            with a.atomic():
                bulk.insert_people(a, [PersonDraft(f"Person {i:02d}") for i in range(50)])
            engine.sync(a, who, account.password)  # the people, and the empty calendars
            uids = tuple(uid for _, uid, _ in sync_repo.person_revs(a))
            a.close()
            folder = server.folder / "collections" / "collection-root" / account.user
            fill(folder / engine.CALENDARS["history"][0], 0, args.entries, uids)
            client = DavClient(account.url, account.user, account.password, timeout=(10, 3600))
            url = f"{account.url}{account.user}/{engine.CALENDARS['history'][0]}/"
            started = time.perf_counter()
            assert len(client.list_all(url).etags) == args.entries
            rows["server_caches_them"] = time.perf_counter() - started
            client.close()
            loads["cached"] = load_average()
            print(
                f"{args.entries:,} entries cached by the server in "
                f"{rows['server_caches_them']:.1f} s (load {loads['cached']})",
                flush=True,
            )
            b = open_database(root / "b.sqlite3", backups_dir=root / "b-backups")
            for name in ("join", "nothing_to_do"):
                longest, original = slowest_requests()
                client = DavClient(account.url, account.user, account.password)
                cpu = time.process_time()
                started = time.perf_counter()
                try:
                    result = engine.sync(b, who, account.password, client=client)
                finally:
                    requests.Session.send = original  # type: ignore[method-assign]
                    client.close()
                rows[name] = {
                    "seconds": time.perf_counter() - started,
                    "client_cpu": time.process_time() - cpu,
                    "requests": dict(client.requests_by_method),
                    "longest_request_s": dict(longest),
                    "history_received": result.history.received_new,
                }
                loads[name] = load_average()
                print(f"{name}: {json.dumps(rows[name])} (load {loads[name]})", flush=True)
            assert rows["join"]["history_received"] == args.entries
            b.close()
            rows["listing"] = compare_listings(account.url, account.user, account.password, url)
            loads["listing"] = load_average()
            print(f"listings: {json.dumps(rows['listing'])} (load {loads['listing']})")
        finally:
            server.stop()
    args.out.mkdir(parents=True, exist_ok=True)
    result = {
        "entries": args.entries,
        "rows": rows,
        "load": loads,
        "server": "tests/dav_server.py (Radicale, plain), folder on tmpfs",
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(),
    }
    (args.out / f"sync-join-{args.entries}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
