"""What the people sync and the calendar syncs do alike with one item on the server:
find its path, fetch it again after a conflict, delete it there (with its state here),
and take in the server's changes every ``PUSH_CHUNK`` writes (``_catch_up``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from urllib.parse import unquote, urlsplit

from relapp.services.sync.dav import DavClient, DavError, Failure, Listing, Resource
from relapp.services.sync.steps import Step
from relapp.services.sync.tally import Tally
from relapp.storage import Database, calendar_sync_repo, sync_dirty_repo, sync_repo
from relapp.storage.sync_repo import CollectionState, ItemState

PUSH_CHUNK = 2000
"""The writes a sync makes between two listings of what changed on the server. Each
listing after writes names them (with the ETags the PUTs returned: nothing to read
back); without this bound the round after a first sync of 50,000 entries asked Radicale
for all 50,000 in one sync-collection REPORT, which took longer than the read timeout.
Each listing costs Radicale a pass over the whole collection, so the bound is not
smaller."""


def path_of(href: str) -> str:
    """An item's path on the server, whatever form the server gave its href in."""
    return unquote(urlsplit(href).path)


def moved_and_gone(
    listing: Listing, state: Mapping[str, ItemState]
) -> tuple[list[str], list[ItemState]]:
    """What changed on the server since the last sync: the hrefs new or with another ETag
    there, and the items synced before that are gone from it (from a full listing, or
    the deletions a sync token reports)."""
    by_path = {path_of(s.href): s for s in state.values()}
    moved = [
        href
        for href, etag in listing.etags.items()
        if (s := by_path.get(path_of(href))) is None or s.etag != etag
    ]
    if listing.full:
        present = {path_of(h) for h in listing.etags}
        gone = [s for s in state.values() if path_of(s.href) not in present]
    else:
        gone = [by_path[path_of(h)] for h in listing.deleted if path_of(h) in by_path]
    return moved, gone


def listed_states(db: Database, collection_id: int, listing: Listing) -> dict[str, ItemState]:
    """The states a listing concerns (without the server's text), by uid: every one for
    a full listing, else those of the hrefs it names (a sync with nothing to do on the
    server reads none)."""
    if listing.full:
        return calendar_sync_repo.heads(db, collection_id)
    paths = [path_of(h) for h in (*listing.etags, *listing.deleted)]
    return sync_dirty_repo.heads_at(db, collection_id, paths)


class ItemSync:
    """The shared steps; a subclass says which ``FETCH`` kind ("card" or "cal") it reads
    and what an incoming item does (``_incoming``)."""

    FETCH = ""
    db: Database
    client: DavClient
    url: str
    tally: Tally
    step: Step  # how a database step runs (``steps``): never across a request
    allow_emptying: bool
    done: set[str]  # uids settled in this round
    token: str | None = None  # the token of the last listing taken in
    listed_at = 0  # the writes made (``_writes``) when it was taken

    def _incoming(self, coll: CollectionState, resource: Resource) -> None:
        raise NotImplementedError

    def _gone_there(self, coll: CollectionState, s: ItemState) -> None:
        raise NotImplementedError

    def _emptied(self, count: int) -> str:
        raise NotImplementedError

    def _writes(self) -> int:
        t = self.tally
        return t.sent_new + t.sent_changed + t.sent_deleted

    def _listed(self, listing: Listing) -> None:
        """A listing was taken in: the writes after it are what the next one names."""
        self.token = listing.token
        self.listed_at = self._writes()

    def _due(self) -> bool:
        """Whether ``PUSH_CHUNK`` writes were made since the last listing (and the server
        gives tokens to list since it)."""
        return self.token is not None and self._writes() - self.listed_at >= PUSH_CHUNK

    def _after_write(self, coll: CollectionState) -> None:
        if self._due():
            self._catch_up(coll)

    def _take_in(self, coll: CollectionState, moved: list[str], gone: list[ItemState]) -> None:
        """What changed on the server, in: the items to read, then the items gone."""
        for resource in self.client.fetch(self.url, self.FETCH, moved):
            self._incoming(coll, resource)
        for s in gone:
            if s.uid not in self.done:
                self.step(partial(self._gone_there, coll, s))

    def _catch_up(self, coll: CollectionState) -> None:
        """Part-way through the writes: list what changed on the server since the last
        listing (these writes, with the ETags recorded: nothing to read, and anyone
        else's, taken in as at a round's start) and keep its token, so the next listing
        (of this sync, or of the next after a failure) starts from here."""
        since = self.token
        listing, moved, gone = self._changed_there(
            replace(coll, token=since), self._emptied, self.allow_emptying
        )
        self._take_in(coll, moved, gone)
        self._taken_in(coll, listing, since)

    def _taken_in(self, coll: CollectionState, listing: Listing, since: str | None) -> None:
        """Everything the listing (since the token ``since``) named is in: the writes
        after it are what the next names, and its token is kept, so that a sync stopped
        after this (in its writes) asks only what changed since. (One stopped before it
        lists again, and reads only what it does not have: each item came in with its
        state.)"""
        self._listed(listing)
        if listing.token is None or listing.token == since:
            return

        def keep() -> None:
            with self.db.atomic():
                sync_repo.keep_token(self.db, coll.id, listing.token)

        self.step(keep)

    def _changed_there(
        self, coll: CollectionState, emptied: Callable[[int], str], allow_emptying: bool
    ) -> tuple[Listing, list[str], list[ItemState]]:
        """What changed on the server since the last sync: the listing, the hrefs to read
        and the states gone there. Every item synced gone at once stops the sync
        (``emptied(count)`` says it) unless ``allow_emptying``."""
        listing = self.client.changes_since(self.url, coll.token)
        state = self.step(partial(listed_states, self.db, coll.id, listing))
        moved, gone = moved_and_gone(listing, state)
        if gone and not allow_emptying:
            total = (
                len(state)
                if listing.full
                else self.step(partial(sync_dirty_repo.count, self.db, coll.id))
            )
            if total > 1 and len(gone) == total:
                raise DavError(Failure.EMPTIED, emptied(total))
        return listing, moved, gone

    def _refetch(self, coll: CollectionState, href: str) -> None:
        """The server refused a write (412: changed there meanwhile): take its version
        in as a change from there; gone meanwhile: the next sync settles it."""
        found = list(self.client.fetch(self.url, self.FETCH, [path_of(href)]))
        if found:
            self._incoming(coll, found[0])
        else:
            self.tally.postponed += 1

    def _delete_there(self, coll: CollectionState, s: ItemState) -> None:
        try:
            self.client.delete(self.client.absolute(s.href), s.etag or None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self.tally.postponed += 1  # changed there: the next sync brings it back
            return

        def drop() -> None:
            with self.db.atomic():
                sync_repo.drop_item(self.db, coll.id, s.uid)

        self.step(drop)
        self.tally.sent_deleted += 1
