"""A second device joining a collection another device filled: its first sync lists
every item once (one PROPFIND of Depth 1: their ETags and the collection's token), then
reads them a multiget at a time and writes each here with its state.

Radicale writes nothing of a listing before it has looked at every item of the
collection (bench/dav_listing.py, load 12-17: 139 s at 50,000 journal entries, 443 s
at 100,000), and a sync waited 60 s between bytes of any answer: a device
could not join such a collection, and each retry began the same listing again.
Listings now wait as long as ``dav.LISTING_READ_SECONDS``. A join stopped part-way reads
only what it does not have yet; a join stopped after taking everything in keeps the
listing's token, so the next sync asks only what changed since.

Against the real Radicale of the sync tests (through a proxy that makes its listings
slow), with the batches made small."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services.sync import dav, items
from relapp.services.sync.dav import DavClient, DavError, Failure, Listing
from relapp.services.sync.engine import SyncIncomplete
from relapp.storage import Database, bulk, interactions_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import everything_of, items_on_server
from tests.sync.fault_server import fault_server
from tests.sync.helpers import folder_db, sync

N = 120
BATCH = 20  # the hrefs of one multiget, made small
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
BOTH = {"people", "history"}


def history(db: Database, n: int, first: int = 0, people: int = 3) -> None:
    """``n`` history entries, made with ``people`` new people (none: those there)."""
    with db.atomic():
        if people:
            bulk.insert_people(db, [PersonDraft(f"Person {i}") for i in range(people)])
        ids = [r[0] for r in db.connection().execute("SELECT id FROM person ORDER BY id")]
        for i in range(first, first + n):
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


def filled_by_another_device(tmp_path: Path, account: Account) -> Database:
    a = folder_db(tmp_path, "a")
    history(a, N)
    assert sync(a, account, only=BOTH).history.sent_new == N
    return a


def listed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, int]]:
    """Each listing the server answered: whether it was a full one, and its items."""
    sizes: list[tuple[bool, int]] = []
    original = DavClient.changes_since

    def recording(self: DavClient, url: str, token: str | None) -> Listing:
        listing = original(self, url, token)
        sizes.append((listing.full, len(listing.etags) + len(listing.deleted)))
        return listing

    monkeypatch.setattr(DavClient, "changes_since", recording)
    return sizes


def fetched(monkeypatch: pytest.MonkeyPatch, stop_at: int = 0) -> list[list[str]]:
    """The hrefs of each multiget; the ``stop_at``-th times out (0: none)."""
    asked: list[list[str]] = []
    original = DavClient.request

    def recording(self: DavClient, method: str, url: str, **kw: Any) -> Any:
        body = kw.get("body") or ""
        if method == "REPORT" and "calendar-multiget" in body:
            asked.append([h.split("</d:href>")[0] for h in body.split("<d:href>")[1:]])
            if len(asked) == stop_at:
                raise DavError(Failure.TIMEOUT, "127.0.0.1 did not answer within 60 s")
        return original(self, method, url, **kw)

    monkeypatch.setattr(DavClient, "request", recording)
    return asked


@pytest.mark.slow
def test_a_device_joins_a_server_that_lists_slower_than_the_read_timeout(
    tmp_path: Path, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = filled_by_another_device(tmp_path, account)
    monkeypatch.setattr(dav, "LISTING_READ_SECONDS", 60.0, raising=False)
    b = folder_db(tmp_path, "b")
    # Every answer within 4 s, but a listing only after 6 s (as Radicale at 100,000
    # entries: nothing sent before it has looked at every one).
    with fault_server("proxy", account.url, puts_allowed=-1, listing_delay=6.0) as url:
        through = Account(url, account.user, account.password)
        client = DavClient(url, account.user, account.password, timeout=(10.0, 4.0))
        try:
            result = sync(b, through, client=client, only=BOTH)
        finally:
            client.close()
    # Before: SyncIncomplete, "127.0.0.1 did not answer within 4 s", at each try.
    assert result.history.received_new == N
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)


def test_a_join_stopped_part_way_reads_only_the_rest_and_makes_no_duplicate(
    tmp_path: Path, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = filled_by_another_device(tmp_path, account)
    monkeypatch.setattr(dav, "MULTIGET_BATCH", BATCH)
    b = folder_db(tmp_path, "b")
    sync(b, account, only={"people"})
    asked = fetched(monkeypatch, stop_at=4)
    with pytest.raises(SyncIncomplete) as stopped:
        sync(b, account, only={"history"})
    assert stopped.value.tally.received_new == 3 * BATCH
    first = [h for batch in asked for h in batch]
    asked.clear()
    sizes = listed(monkeypatch)
    result = sync(b, account, only={"history"})
    assert result.history.received_new == N - 3 * BATCH
    # Each entry read once over both syncs (the stopped multiget's aside), a batch at a
    # time; the second began with the one listing it needs (no token was kept: the
    # first did not take in all of its listing).
    again = [h for batch in asked for h in batch]
    assert len(again) == N - 3 * BATCH and not set(again) & set(first[: 3 * BATCH])
    assert max(len(batch) for batch in asked) <= BATCH
    assert sizes[0] == (True, N)
    monkeypatch.undo()
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert len(items_on_server(account, "history")) == N


def test_a_join_stopped_after_taking_everything_in_lists_only_what_came_since(
    tmp_path: Path, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items, "PUSH_CHUNK", BATCH, raising=False)
    a = filled_by_another_device(tmp_path, account)
    b = folder_db(tmp_path, "b")
    sync(b, account, only={"people"})
    history(b, 15, first=N, people=0)  # its own, for the people it has now
    put = DavClient.put
    calls = [0]

    def times_out_at_the_10th(self: DavClient, *args: object, **kwargs: object) -> str | None:
        calls[0] += 1
        if calls[0] == 10:
            raise DavError(Failure.TIMEOUT, "127.0.0.1 did not answer within 60 s")
        return put(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DavClient, "put", times_out_at_the_10th)
    with pytest.raises(SyncIncomplete) as stopped:
        sync(b, account, only={"history"})
    assert stopped.value.tally.received_new == N and stopped.value.tally.sent_new == 9
    monkeypatch.setattr(DavClient, "put", put)
    sizes = listed(monkeypatch)
    read = fetched(monkeypatch)
    result = sync(b, account, only={"history"})
    # Before: the next sync listed all 129 again (its token was kept only at the end).
    assert sizes[0] == (False, 9), sizes
    assert read == [] and result.history.sent_new == 6
    sync(a, account, only=BOTH)
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert len(items_on_server(account, "history")) == N + 15


def test_is_listing_tells_listings_from_other_requests() -> None:
    from relapp.services.sync import davxml
    from tests.sync.fault_server import is_listing

    assert is_listing("PROPFIND", "1", davxml.propfind("d:getetag").encode())
    assert is_listing("REPORT", "0", davxml.sync_collection("t").encode())
    assert is_listing("PROPFIND", "0", davxml.propfind("d:sync-token").encode())
    assert not is_listing("PROPFIND", "1", davxml.propfind("d:resourcetype").encode())
    assert not is_listing("REPORT", "1", davxml.multiget("cal", ["/a.ics"]).encode())
