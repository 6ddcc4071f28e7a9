"""What a calendar sync (``calendar_sync``) sends: the records changed here, each as a
new item (``If-None-Match: *``) or as an edit of the server's copy (``If-Match``), and
what it records of each item sent (its href, the ETag the PUT returned, the hash of the
record as read to build it, the text).

A first sync of a large history is one PUT an entry (100,000 of them). Reading each
record and recording each item sent in steps of their own made two database steps an
entry (in the window, two hand-overs to the one writer and a transaction); so the
records are read ``SEND_CHUNK`` at a time, in one step, and the items sent recorded a
batch at a time, in one step (one transaction): after each batch, before a listing of
the server's changes (``_catch_up``), before an item the server refused is read again,
and when the sync stops on an error. After a listing, the rest of a batch is read again
(the listing may have brought a change to one of them). An edit made here after a
record was read is not in the hash recorded: the next sync sends it, as before.

A process killed between PUTs and their record leaves items on the server with no state
here; the next sync lists them (the token kept at the last listing names them), reads
them and records them as they are (the same meaning: nothing changes here), and a PUT
of one again is refused (412) and read back: no duplicate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Generic, TypeVar
from urllib.parse import quote

from relapp.services.sync.calendar_kind import Kind, Leave, Wait
from relapp.services.sync.dav import DavError, Failure
from relapp.services.sync.items import ItemSync, path_of
from relapp.storage import sync_repo
from relapp.storage.sync_repo import CollectionState, ItemState

ICS = "text/calendar"
WAITING = "waiting"
RESEND = "resend"  # the hash of an item whose record here says more: it goes back up
SEND_CHUNK = 100  # the records one step of a push reads, and at most the items recorded in one

T = TypeVar("T")

Outgoing = tuple[ItemState | None, str, str]
"""A record to send: its state (None: new there), the hash of the record as read, the text."""
Sent = tuple[str, str, str, str, str]
"""An item sent and not recorded yet: (uid, href, ETag, text, the hash it was made from)."""


class CalendarPush(ItemSync, Generic[T]):
    kind: Kind[T]
    clock: Callable[[], datetime]
    unrecorded: list[Sent]

    def _record(
        self,
        coll: CollectionState,
        uid: str,
        href: str,
        etag: str,
        text: str,
        sent: str | None = None,
    ) -> None:
        """The item's state after it was written here (the caller's transaction).
        ``sent``: the hash of the record as read to build the text sent (an edit made
        since is then still to send), or ``RESEND`` (taking it in changed it here)."""
        synced = sent or self.kind.hash_of(uid)
        if synced is None:  # deleted here meanwhile: the next sync deletes it there
            return
        sync_repo.put_item(self.db, coll.id, ItemState(uid, path_of(href), etag, synced, text))

    def _send_all(self, coll: CollectionState, uids: list[str]) -> None:
        """Send the records ``uids`` (those changed here), read ``SEND_CHUNK`` at a time;
        what was sent is recorded a batch at a time (also when a request fails)."""
        self.unrecorded = []
        try:
            at = 0
            while at < len(uids):
                chunk = uids[at : at + SEND_CHUNK]
                found = self.step(partial(self._outgoing_chunk, coll, chunk))
                for uid in chunk:
                    at += 1
                    out = found.get(uid)
                    if out is None:
                        continue
                    full, hash_, text = out
                    if full is None:
                        self._send_new(coll, uid, hash_, text)
                    else:
                        self._send_change(coll, full, hash_, text)
                    if self._due():
                        self._record_sent(coll)
                        self._catch_up(coll)
                        break  # the rest is read again: the listing may have changed it
                self._record_sent(coll)
        finally:
            self._record_sent(coll)

    def _outgoing_chunk(self, coll: CollectionState, uids: list[str]) -> dict[str, Outgoing]:
        """One step: the records ``uids`` as they are now, as text to send (new, or an
        edit of the server's copy), with their hashes and states, by uid; those with
        nothing to send left out (deleted here, or as synced)."""
        # (a state even when the push began without one: ``_catch_up`` may have brought it)
        states = sync_repo.items_of(self.db, coll.id, uids)
        now = self.clock()
        found: dict[str, Outgoing] = {}
        for uid, (item, hash_) in self.kind.sendable(uids).items():
            full = states.get(uid)
            if full is None:
                found[uid] = (None, hash_, self.kind.new_text(item, now))
            elif hash_ != full.hash and full.hash != WAITING:
                found[uid] = (full, hash_, self._edited(full, item, now))
        return found

    def _edited(self, full: ItemState, item: T, now: datetime) -> str:
        """The server's copy with what changed here since it was read."""
        compared = self.kind.compared
        try:
            base = self.kind.read(full.original, full.href)
        except ValueError:
            base = Leave("unreadable")
        if isinstance(base, (Wait, Leave)):
            changed = set(compared)
        else:
            changed = {n for n in compared if getattr(base, n, None) != getattr(item, n, None)}
        return self.kind.edit_text(full.original, item, changed, now)

    def _record_sent(self, coll: CollectionState) -> None:
        """One step (one transaction): the items sent since the last, recorded."""
        sent, self.unrecorded = self.unrecorded, []
        if not sent:
            return

        def record() -> None:
            with self.db.atomic():
                for uid, href, etag, text, hash_ in sent:
                    self._record(coll, uid, href, etag, text, sent=hash_)

        self.step(record)

    def _send_new(self, coll: CollectionState, uid: str, hash_: str, text: str) -> None:
        href = self.url + quote(uid, safe="") + ".ics"
        try:
            etag = self.client.put(href, text, ICS, etag=None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self._record_sent(coll)
            self._refetch(coll, href)  # there already: a sync killed after its PUT
            return
        self.unrecorded.append((uid, href, etag or "", text, hash_))
        self.tally.sent_new += 1

    def _send_change(self, coll: CollectionState, s: ItemState, hash_: str, text: str) -> None:
        href = self.client.absolute(s.href)
        try:
            etag = self.client.put(href, text, ICS, etag=s.etag or None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self._record_sent(coll)
            self._refetch(coll, href)
            return
        self.unrecorded.append((s.uid, s.href, etag or "", text, hash_))
        self.tally.sent_changed += 1
