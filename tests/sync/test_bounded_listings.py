"""A first sync of many records never asks the server to list them all at once.

Measured at 50,000 history entries against Radicale: after Relapp's PUTs, the next
round's sync-collection REPORT (from the token of before the PUTs) listed all 50,000 of
its own writes, Radicale took longer than the 60 s read timeout to answer it, and the
next sync began again from a full listing. Now a sync takes the server's changes every
``items.PUSH_CHUNK`` writes (its own, with the ETags its PUTs returned, and anyone
else's) and keeps the token, so no listing names more than that many items, and a sync
stopped part-way goes on from its last such step.

Against the real Radicale of the sync tests, with the chunk made small."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services.sync import items
from relapp.services.sync.dav import DavClient, DavError, Failure, Listing
from relapp.services.sync.engine import SyncIncomplete
from relapp.storage import Database, bulk, interactions_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import everything_of, items_on_server
from tests.sync.helpers import folder_db, sync

N = 120
CHUNK = 20
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def fill(db: Database, part: str) -> None:
    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Person {i}") for i in range(N // 40)])
        if part == "people":
            bulk.insert_people(db, [PersonDraft(f"Someone {i}") for i in range(N)])
            return
        for i in range(N):
            interactions_repo.insert_interaction(
                db,
                InteractionDraft(
                    START + timedelta(hours=i),
                    Channel.EMAIL,
                    Direction.OUTBOUND,
                    (ids[i % len(ids)],),
                    f"mail {i}",
                ),
            )


def listed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of items each listing the server answered names."""
    sizes: list[int] = []
    original = DavClient.changes_since

    def recording(self: DavClient, url: str, token: str | None) -> Listing:
        listing = original(self, url, token)
        sizes.append(len(listing.etags) + len(listing.deleted))
        return listing

    monkeypatch.setattr(DavClient, "changes_since", recording)
    return sizes


def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hrefs read from the server (multiget)."""
    hrefs: list[str] = []
    original = DavClient.fetch

    def recording(self: DavClient, url: str, kind: str, wanted: Iterable[str]) -> Any:
        asked = list(wanted)
        hrefs.extend(asked)
        return original(self, url, kind, asked)

    monkeypatch.setattr(DavClient, "fetch", recording)
    return hrefs


def part_of(part: str) -> set[str]:
    return {"people"} if part == "people" else {"people", "history"}


@pytest.mark.parametrize("part", ["history", "people"])
def test_no_listing_of_a_first_sync_names_more_than_a_chunk(
    tmp_path: Path, account: Account, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    monkeypatch.setattr(items, "PUSH_CHUNK", CHUNK, raising=False)
    sizes = listed(monkeypatch)
    read = fetched(monkeypatch)
    a = folder_db(tmp_path, "a")
    fill(a, part)
    result = sync(a, account, only=part_of(part))
    assert read == []  # its own writes are known by the ETags the PUTs returned
    tally = result.people if part == "people" else result.history
    assert tally.sent_new == N + (N // 40 if part == "people" else 0)
    # Before: the round after the PUTs listed every one of them (120, 123 for people).
    assert max(sizes) <= CHUNK, sizes
    # Another folder receives everything once: nothing lost, nothing doubled.
    b = folder_db(tmp_path, "b")
    again = sync(b, account, only=part_of(part))
    got = again.people if part == "people" else again.history
    assert got.received_new == tally.sent_new
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    if part == "history":
        assert len(items_on_server(account, "history")) == N


def test_a_first_sync_stopped_part_way_goes_on_from_its_last_step(
    tmp_path: Path, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items, "PUSH_CHUNK", CHUNK, raising=False)
    a = folder_db(tmp_path, "a")
    fill(a, "history")
    sync(a, account, only={"people"})
    put = DavClient.put
    calls = [0]

    def times_out_at_the_76th(self: DavClient, *args: object, **kwargs: object) -> str | None:
        calls[0] += 1
        if calls[0] == 76:
            raise DavError(Failure.TIMEOUT, "127.0.0.1 did not answer within 60 s")
        return put(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DavClient, "put", times_out_at_the_76th)
    with pytest.raises(SyncIncomplete):
        sync(a, account, only={"history"})
    monkeypatch.setattr(DavClient, "put", put)
    sizes = listed(monkeypatch)
    result = sync(a, account, only={"history"})
    # Before: the sync began again with a full listing of the 75 sent.
    assert max(sizes) <= CHUNK, sizes
    assert result.history.sent_new == N - 75
    assert len(items_on_server(account, "history")) == N
    b = folder_db(tmp_path, "b")
    sync(b, account, only={"people", "history"})
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)


def test_writes_whose_put_gave_no_etag_are_read_back_once_in_bounded_multigets(
    tmp_path: Path, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items, "PUSH_CHUNK", CHUNK, raising=False)
    a = folder_db(tmp_path, "a")
    fill(a, "history")
    sync(a, account, only={"people"})
    put = DavClient.put

    def no_etag(self: DavClient, *args: object, **kwargs: object) -> str | None:
        put(self, *args, **kwargs)  # type: ignore[arg-type]
        return None  # as a server that answers a PUT without an ETag

    monkeypatch.setattr(DavClient, "put", no_etag)
    sizes = listed(monkeypatch)
    asked: list[int] = []
    fetch = DavClient.fetch

    def counting(self: DavClient, url: str, kind: str, wanted: Iterable[str]) -> Any:
        hrefs = list(wanted)
        asked.append(len(hrefs))
        return fetch(self, url, kind, hrefs)

    monkeypatch.setattr(DavClient, "fetch", counting)
    result = sync(a, account, only={"history"})
    assert result.history.sent_new == N and not result.history.received_changed
    assert max(sizes) <= CHUNK, sizes
    # Each write read back once, a listing's worth at a time (a multiget takes 100).
    assert sum(asked) == N and max(asked) <= CHUNK, asked
    asked.clear()
    assert not sync(a, account, only={"history"}).history.anything
    assert sum(asked) == 0
