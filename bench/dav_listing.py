"""How long Radicale takes to list a large calendar (issue 16: a second device joining a
collection another device filled with 50,000 or 100,000 history entries).

    python -m bench.dav_listing [--items 50000 100000] [--out bench/out]

For each size, smallest first: one calendar on the tests' Radicale (tests/dav_server.py, its folder
on tmpfs when there is one) grown to that size by writing the entries' files straight into its
storage folder (as Relapp's PUTs leave them, without hours of PUTs), one listing to let
Radicale build its caches (as the PUTs would have), then each request a joining device
could make, timed from sending it to the parsed answer:

- ``propfind_3_props``: Relapp's full listing (Depth 1: getetag, resourcetype,
  sync-token);
- ``propfind_getetag``: the same asking only getetag;
- ``propfind_token_only``: the collection's sync token alone (Depth 0);
- ``propfind_ctag_only``: its ``getctag`` alone (Depth 0): a cheaper first check of a
  sync with nothing to do, if Radicale answered it without reading every item (it
  does not: both hash every item, as the REPORT does; 2.0-2.2 s each at 3,000 items);
- ``list_all``: ``DavClient.list_all`` (the same request as ``propfind_3_props``);
- ``report_no_token``: sync-collection without a token (every item with its ETag);
- ``report_same_token``: sync-collection with the token of the calendar as it is (what a
  sync with nothing to do asks): Radicale still looks at every item;
- ``multiget_100`` / ``multiget_2000``: one calendar-multiget of that many hrefs.

The read timeout of a sync is 60 s between bytes, and Radicale writes nothing before
its whole answer is built: a request over 60 s here fails a sync.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from bench.radicale_fast import load_average, server_parent
from bench.stats import machine
from relapp.domain.model import Channel, Direction
from relapp.domain.sync.journal_codec import InteractionItem, journal_text
from relapp.services.sync.dav import DavClient, Listing
from relapp.services.sync.davxml import Multistatus, mkcalendar, multiget, parse_multistatus
from tests.dav_server import Account, Radicale

OUT = Path(__file__).resolve().parent / "out"
START = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
NAME = "relapp-history"
BEFORE = ("d:getetag", "d:resourcetype", "d:sync-token")  # Relapp's full listing
LONG = (10.0, 3600.0)  # long enough for any of these answers


def calendar_of(server: Radicale, account: Account, name: str) -> tuple[str, Path]:
    """A new calendar of journal entries: its URL and its folder in Radicale's storage."""
    session = requests.Session()
    session.auth = (account.user, account.password)
    session.request("PROPFIND", account.url, headers={"Depth": "0"}, timeout=30)
    url = f"{account.url}{account.user}/{name}/"
    body = mkcalendar(name, ("VJOURNAL",)).encode()
    session.request("MKCALENDAR", url, data=body, timeout=30).raise_for_status()
    folder = server.folder / "collections" / "collection-root" / account.user / name
    assert (folder / ".Radicale.props").is_file(), folder
    return url, folder


def fill(folder: Path, first: int, count: int, people: tuple[str, ...] = ()) -> None:
    """Entries ``first`` to ``count`` (excluded) as Relapp writes them, a file each (the
    text of one, made by the codec, with each entry's uid, time, summary, notes put in),
    each naming one of ``people`` (uids; default: 50 made up)."""
    names = people or tuple(f"person-{k}" for k in range(50))
    now = datetime.now(UTC)
    item = InteractionItem(
        "UID-HERE",
        START,
        Channel.EMAIL,
        Direction.OUTBOUND,
        ("person-0",),
        "SUMMARY-HERE",
        "NOTES-HERE",
    )
    template = journal_text(item, now)
    stamp = START.strftime("%Y%m%dT%H%M%SZ")
    assert template.count(stamp) == 1, template
    for i in range(first, count):
        uid = f"entry-{i:06d}"
        text = (
            template.replace("UID-HERE", uid)
            .replace(stamp, (START + timedelta(hours=i)).strftime("%Y%m%dT%H%M%SZ"))
            .replace("person-0", names[i % len(names)])
            .replace("SUMMARY-HERE", f"About topic {i % 97}")
            .replace("NOTES-HERE", f"Entry {i}: said this and that.")
        )
        (folder / f"{uid}.ics").write_text(text, encoding="utf-8")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def one_multiget(client: DavClient, url: str, hrefs: list[str]) -> Multistatus:
    """One calendar-multiget of every href given (``DavClient.fetch`` asks 100 a time)."""
    body = multiget("cal", hrefs)
    response = client.request("REPORT", url, body=body, headers={"Depth": "1"}, ok=(207,))
    return client._multistatus(response)


def ctag(client: DavClient, url: str) -> Multistatus:
    """A PROPFIND of the collection's CalendarServer ``getctag`` alone."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"'
        ' xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/></d:prop></d:propfind>'
    )
    answer = client.request("PROPFIND", url, body=body, headers={"Depth": "0"}, ok=(207,))
    return parse_multistatus(answer.content)


def measure(server: Radicale, account: Account, count: int) -> dict[str, object]:
    """The calendar grown to ``count`` entries, then each request timed."""
    url = f"{account.url}{account.user}/{NAME}/"
    folder = server.folder / "collections" / "collection-root" / account.user / NAME
    there = len(list(folder.glob("*.ics")))
    took, _ = timed(lambda: fill(folder, there, count))
    print(f"{count:,} items written in {took:.1f} s (load {load_average()})", flush=True)
    client = DavClient(account.url, account.user, account.password, timeout=LONG)
    rows: dict[str, float] = {}
    sizes: dict[str, int] = {}
    answer_bytes: dict[str, int] = {}
    loads: dict[str, str] = {}
    original = client.session.request

    def recording(*args: object, **kwargs: object) -> requests.Response:
        response = original(*args, **kwargs)  # type: ignore[arg-type]
        answer_bytes["last"] = len(response.content)
        return response

    client.session.request = recording  # type: ignore[method-assign]
    try:
        cold, listing = timed(lambda: client.list_all(url))
        rows["propfind_cold_cache"] = cold
        print(f"  first listing (Radicale caches the new items): {cold:.1f} s", flush=True)
        token = listing.token  # type: ignore[attr-defined]
        hrefs = sorted(listing.etags)  # type: ignore[attr-defined]
        assert len(hrefs) == count, len(hrefs)
        requests_to_time: dict[str, Callable[[], object]] = {
            "propfind_3_props": lambda: client.propfind(url, "1", *BEFORE, listing=True),
            "propfind_getetag": lambda: client.propfind(url, "1", "d:getetag"),
            "propfind_token_only": lambda: client.propfind(url, "0", "d:sync-token"),
            "propfind_ctag_only": lambda: ctag(client, url),
            "list_all": lambda: client.list_all(url),
            "report_no_token": lambda: client._sync_collection(url, ""),
            "report_same_token": lambda: client._sync_collection(url, token or ""),
            "multiget_100": lambda: list(client.fetch(url, "cal", hrefs[:100])),
            "multiget_2000": lambda: one_multiget(client, url, hrefs[:2000]),
        }
        for name, request in requests_to_time.items():
            took, out = timed(request)
            rows[name] = took
            answer_bytes[name] = answer_bytes["last"]
            sizes[name] = len(
                out.etags
                if isinstance(out, Listing)
                else out.responses
                if isinstance(out, Multistatus)
                else out  # type: ignore[arg-type]
            )
            loads[name] = load_average()
            print(
                f"  {name:<20} {took:8.1f} s  {sizes[name]:>7,} items  "
                f"{answer_bytes[name] / 1e6:7.1f} MB  (load {loads[name]})",
                flush=True,
            )
    finally:
        client.close()
    answer_bytes.pop("last", None)
    return {"seconds": rows, "items": sizes, "bytes": answer_bytes, "load": loads}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dav_listing")
    parser.add_argument("--items", type=int, nargs="+", default=[50_000, 100_000])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="relapp-bench-listing-", dir=server_parent()) as d:
        server = Radicale(Path(d))
        server.start()
        try:
            account = server.new_account()
            calendar_of(server, account, NAME)
            for count in sorted(args.items):
                results[str(count)] = measure(server, account, count)
        finally:
            server.stop()
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"dav-listing-{'-'.join(str(c) for c in args.items)}.json"
    result = {
        "results": results,
        "server": "tests/dav_server.py (Radicale, plain), folder on tmpfs",
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(),
    }
    out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
