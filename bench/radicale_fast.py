"""The sync benchmarks' Radicale (bench/sync.py, bench/sync_history.py): the one the
tests start (tests/dav_server.py), with three changes that make a first sync of
10,000 cards or 100,000 journal entries take minutes instead of hours. Both rows of a
benchmark, the bare PUT loop and Relapp, run against the same server started the same
way.

Why Radicale 3.9 is slow here (a profile of the server, 300 PUTs of new cards):

- every new item's PUT calls ``has_uid``, which reads **every** item of the collection
  (``get_all``: a stat and the cached item's pickle per item) to refuse a second item
  with the same UID: 65% of the server's time at 300 items, and a first sync of n items
  O(n²) (at 10,000 cards, 50 million item reads). Here a set of the collection's UIDs
  answers it (built once by the same ``get_all``, kept up to date on upload; any
  delete or move drops it, rebuilt at the next PUT): the same 409 for the same card;
- every PUT and DELETE calls ``_clean_history``, which looks at every history entry of
  the collection (a stat each) to delete those of items deleted more than
  ``max_sync_token_age`` (30 days) ago. A benchmark lasts hours, so it never deletes
  anything; here it does nothing;
- every write is fsynced, its file and its folder, and written through a temporary
  folder (``_filesystem_fsync``, a privileged option no config file may set); on this
  machine's ext4 (mounted ``discard``) that is ~8 ms a folder removal. Here fsync is
  off (``[storage] _filesystem_fsync = False``), and the benchmarks keep the server's
  folder on tmpfs (/dev/shm) when there is one.

Not changed: Radicale's HTTP server answers HTTP/1.0 and closes the connection after
each request (its keep-alive server is hypercorn, not installed), so both rows open
one connection a request. Logging is at ``warning``, as in the tests.

    python -m bench.radicale_fast ARGS   # Radicale's own command line
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from radicale import config
from radicale.storage import multifilesystem

from relapp.services.sync.davxml import parse_multistatus, sync_collection
from tests.dav_server import Radicale

# filesystem path of a collection -> the UIDs of its items (None: not read yet)
_UIDS: dict[str, set[str]] = {}


class Collection(multifilesystem.Collection):
    def has_uid(self, uid: str) -> bool:
        uids = _UIDS.get(self._filesystem_path)
        if uids is None:
            uids = {item.uid for item in self.get_all()}
            _UIDS[self._filesystem_path] = uids
        return uid in uids

    def upload(self, href: str, item: Any) -> Any:
        result = super().upload(href, item)
        uids = _UIDS.get(self._filesystem_path)
        if uids is not None:
            uids.add(item.uid)
        return result

    def delete(self, href: str | None = None) -> None:
        _UIDS.clear()
        super().delete(href)

    def _upload_all_nonatomic(self, items: Any, suffix: str = "") -> None:
        _UIDS.clear()
        super()._upload_all_nonatomic(items, suffix)

    def _clean_history(self) -> None:
        """Nothing in a benchmark's hours is older than max_sync_token_age (30 days)."""


class Storage(multifilesystem.Storage):
    _collection_class = Collection

    def move(self, item: Any, to_collection: Any, to_href: str) -> None:
        _UIDS.clear()
        super().move(item, to_collection, to_href)


class FastRadicale(Radicale):
    """tests/dav_server.py's Radicale, run by this module."""

    module = "bench.radicale_fast"


def _load(*args: Any, **kwargs: Any) -> Any:
    configuration = _original_load(*args, **kwargs)
    configuration.update(
        {"storage": {"type": "bench.radicale_fast", "_filesystem_fsync": "False"}},
        "bench/radicale_fast.py",
        privileged=True,
    )
    return configuration


_original_load = config.load


def main() -> None:
    from radicale import __main__ as radicale_main

    config.load = _load
    sys.argv[0] = "radicale"
    radicale_main.run()


if __name__ == "__main__":
    main()


def server_parent() -> str | None:
    """Where the benchmarks keep the server's folder: tmpfs when the machine has one."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def load_average() -> str:
    """The load averages (1, 5, 15 minutes), as `uptime` says them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


@contextmanager
def counted_requests() -> Iterator[Counter[str]]:
    """Every HTTP request this process makes through ``requests`` meanwhile, by method."""
    counts: Counter[str] = Counter()
    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kw: Any) -> Any:
        counts[str(request.method)] += 1
        return original(self, request, **kw)

    requests.Session.send = send  # type: ignore[method-assign]
    try:
        yield counts
    finally:
        requests.Session.send = original  # type: ignore[method-assign]


def bare_nothing_to_do(session: requests.Session, url: str) -> tuple[float, int]:
    """The baseline of a sync with nothing to do: the one request a bare client makes,
    a sync-collection REPORT with the token of the collection as it is (got first, not
    timed). Returns the seconds and how many changes it reported (0)."""
    headers = {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}
    first = session.request("REPORT", url, data=sync_collection(None), headers=headers)
    first.raise_for_status()
    token = parse_multistatus(first.content).sync_token
    started = time.perf_counter()
    again = session.request("REPORT", url, data=sync_collection(token), headers=headers)
    again.raise_for_status()
    elapsed = time.perf_counter() - started
    return elapsed, len(parse_multistatus(again.content).responses)
