"""What the people sync and the calendar syncs do alike with one item on the server:
find its path, fetch it again after a conflict, delete it there (with its state here)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from relapp.services.sync.dav import DavClient, DavError, Failure, Listing, Resource
from relapp.services.sync.tally import Tally
from relapp.storage import Database, sync_repo
from relapp.storage.sync_repo import CollectionState, ItemState


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


class ItemSync:
    """The shared steps; a subclass says which ``FETCH`` kind ("card" or "cal") it reads
    and what an incoming item does (``_incoming``)."""

    FETCH = ""
    db: Database
    client: DavClient
    url: str
    tally: Tally

    def _incoming(self, coll: CollectionState, resource: Resource) -> None:
        raise NotImplementedError

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
        with self.db.atomic():
            sync_repo.drop_item(self.db, coll.id, s.uid)
        self.tally.sent_deleted += 1
