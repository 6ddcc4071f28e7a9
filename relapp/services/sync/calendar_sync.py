"""Two-way sync of one kind of record with one CalDAV calendar: the algorithm of
``people_sync`` (vdirsyncer's), for records whose meaning is a frozen item of the
codecs in ``relapp/domain/sync`` (a promise's ``PromiseItem``, a history entry's
``InteractionItem``, an introduction's ``IntroductionItem``).

Per item the state keeps the href, the ETag, a hash of the item's meaning at the last
sync and the server's text. Records have no time of their own edit here, so a record is
changed here when its meaning's hash moved, and changed there when its ETag moved (then
read and compared by meaning). One side changed: the other takes it. Both: field by
field; a field changed on both sides takes the server's value (the other device synced
it first, as a card without ``REV`` counts as newer) and the value it replaced is kept
(:meth:`Kind.keep`). Deleted on one side and changed on the other: the change wins.

An item that names someone this side does not know (yet) *waits*: its state is kept
with the hash ``WAITING`` and it is tried again each sync; it is never deleted there.
An item another app wrote that Relapp cannot place is left on the server untouched
and counted (``Tally.left_alone``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import quote

from relapp.services import backups
from relapp.services.sync.dav import DavClient, DavError, Failure, Resource
from relapp.services.sync.items import ItemSync, moved_and_gone, path_of
from relapp.services.sync.people_sync import PRE_SYNC_DELETE
from relapp.services.sync.tally import Tally
from relapp.storage import Database, sync_repo
from relapp.storage import calendar_sync_repo as repo
from relapp.storage.sync_repo import CollectionState, ItemState
from relapp.storage.timeconv import now_db

ICS = "text/calendar"
ROUNDS = 3
WAITING = "waiting"

T = TypeVar("T")


@dataclass(frozen=True)
class Wait:
    """The item names someone (or something) not here yet: try again next sync."""

    uid: str
    why: str


@dataclass(frozen=True)
class Leave:
    """Not an item Relapp reads or can place: left on the server as it is."""

    why: str


class Kind(Protocol, Generic[T]):
    """What the sync needs of one kind of record."""

    kind: str  # the sync_collection kind ("promises", "history")
    compared: tuple[str, ...]  # the item's fields that carry meaning

    def hashes(self) -> dict[str, str]: ...  # every record here: uid -> hash of its meaning
    def hash_of(self, uid: str) -> str | None: ...
    def one(self, uid: str) -> T | None: ...
    def read(self, text: str, source: str) -> T | Wait | Leave: ...
    def create(self, item: T) -> None: ...
    def update(self, uid: str, item: T) -> None: ...
    def delete(self, uid: str) -> None: ...
    def new_text(self, item: T, now: datetime) -> str: ...
    def edit_text(self, original: str, item: T, changed: set[str], now: datetime) -> str: ...
    def keep(self, item: T, replaced: list[tuple[str, Any]], now: datetime) -> T: ...
    def uid(self, item: T) -> str: ...


def key(item: object, compared: tuple[str, ...]) -> tuple[Any, ...]:
    return (type(item).__name__, *(getattr(item, name, None) for name in compared))


def row_hash(values: tuple[object, ...]) -> str:
    """The hash of a record's meaning, from its stored values (``calendar_sync_repo.
    meaning_rows``): a sync with nothing to do reads and hashes rows, builds no item."""
    return hashlib.sha256(repr(values).encode()).hexdigest()


def merge_items(
    base: T | None, mine: T, theirs: T, compared: tuple[str, ...]
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Field by field: one side changed takes that side; both changed take the server's
    (``theirs``), and the value it replaced (``mine``) is returned to be kept."""
    values: dict[str, Any] = {}
    replaced: list[tuple[str, Any]] = []
    for name in compared:
        m, t = getattr(mine, name, None), getattr(theirs, name, None)
        old = getattr(base, name, None) if base is not None else None
        if m == t or (base is not None and t == old):
            values[name] = m
        elif base is not None and m == old:
            values[name] = t
        else:
            values[name] = t
            if m not in (None, "", ()):
                replaced.append((name, m))
    return values, replaced


class CalendarSync(ItemSync, Generic[T]):
    FETCH = "cal"

    def __init__(
        self,
        db: Database,
        client: DavClient,
        url: str,
        kind: Kind[T],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        allow_emptying: bool = False,
    ) -> None:
        self.db = db
        self.client = client
        self.url = url
        self.kind = kind
        self.clock = clock
        self.allow_emptying = allow_emptying
        self.tally = Tally()
        self.done: set[str] = set()
        self.mine: dict[str, str] = {}  # what is here: uid -> hash of its meaning
        self.backed_up = False

    def run(self) -> Tally:
        for _ in range(ROUNDS):
            t = self.tally
            before = t.sent_new + t.sent_changed + t.sent_deleted + t.merged
            self._round()
            if t.sent_new + t.sent_changed + t.sent_deleted + t.merged == before:
                break
        return self.tally

    def _round(self) -> None:
        self.done = set()
        db = self.db
        with db.atomic():
            coll = sync_repo.collection(db, self.kind.kind, self.url)
        listing = self.client.changes_since(self.url, coll.token)
        state = repo.heads(db, coll.id)
        moved, gone = moved_and_gone(listing, state)
        if len(state) > 1 and len(gone) == len(state) and not self.allow_emptying:
            raise DavError(
                Failure.EMPTIED,
                f"every one of the {len(state):,} items Relapp synced is gone from "
                f"{path_of(self.url)}; nothing was deleted here. If the calendar was "
                "emptied on purpose, sync once allowing it (relapp sync --server-was-emptied)",
            )
        self.mine = self.kind.hashes()
        self.waiting: set[str] = set()
        for resource in self.client.fetch(self.url, self.FETCH, moved):
            self._incoming(coll, resource)
        for s in gone:
            if s.uid not in self.done:
                self._gone_there(coll, s)
        self._retry_waiting(coll)
        self.tally.waiting = len(self.waiting)
        self._push(coll)
        with db.atomic():
            sync_repo.set_token(db, coll.id, listing.token, now_db())

    def _retry_waiting(self, coll: CollectionState) -> None:
        """Try again what waited: the people it names came, or the history entry an
        introduction names came later in this listing (so again while one goes in)."""
        while True:
            waiting = [
                s for s in repo.with_hash(self.db, coll.id, WAITING) if s.uid not in self.done
            ]
            for s in waiting:
                self._incoming(coll, Resource(s.href, s.etag, s.original))
            still = {s.uid for s in repo.with_hash(self.db, coll.id, WAITING)}
            if all(s.uid in still for s in waiting):
                return

    # --- from the server ----------------------------------------------------------------------
    def _record(self, coll: CollectionState, uid: str, href: str, etag: str, text: str) -> None:
        """The item's state after it was written here (the caller's transaction)."""
        now = self.kind.hash_of(uid)
        if now is None:
            return
        self.mine[uid] = now
        sync_repo.put_item(self.db, coll.id, ItemState(uid, path_of(href), etag, now, text))

    def _incoming(self, coll: CollectionState, resource: Resource) -> None:
        try:
            read = self.kind.read(resource.text, path_of(resource.href))
        except ValueError as exc:  # CalendarItemError is one
            self.tally.unreadable.append(f"{path_of(resource.href)}: {exc}")
            return
        if isinstance(read, Leave):
            self.tally.left_alone += 1
            return
        if isinstance(read, Wait):
            self.waiting.add(read.uid)
            with self.db.atomic():
                sync_repo.put_item(
                    self.db,
                    coll.id,
                    ItemState(
                        read.uid, path_of(resource.href), resource.etag, WAITING, resource.text
                    ),
                )
            return
        uid = self.kind.uid(read)
        self.waiting.discard(uid)
        self.done.add(uid)
        s = sync_repo.items_for(self.db, coll.id, uid)
        mine_hash = self.mine.get(uid)
        href, etag, text = resource.href, resource.etag, resource.text
        mine = self.kind.one(uid) if mine_hash is not None else None
        if mine is None:
            with self.db.atomic():
                self.kind.create(read)
                self._record(coll, uid, href, etag, text)
            self.tally.received_new += 1
            return
        compared = self.kind.compared
        if key(read, compared) == key(mine, compared):
            with self.db.atomic():
                self._record(coll, uid, href, etag, text)
            return
        if s is not None and mine_hash == s.hash:
            with self.db.atomic():
                self.kind.update(uid, read)
                self._record(coll, uid, href, etag, text)
            self.tally.received_changed += 1
            return
        self._merge(coll, s, mine, read, resource)

    def _merge(
        self, coll: CollectionState, s: ItemState | None, mine: T, theirs: T, resource: Resource
    ) -> None:
        base: T | None = None
        if s is not None and s.hash != WAITING:
            try:
                old = self.kind.read(s.original, s.href)
            except ValueError:
                old = Leave("unreadable")
            base = None if isinstance(old, (Wait, Leave)) else old
        compared = self.kind.compared
        values, replaced = merge_items(base, mine, theirs, compared)
        now = self.clock()
        merged = self.kind.keep(_with(mine, values), replaced, now)
        changed = {n for n in compared if getattr(merged, n, None) != getattr(theirs, n, None)}
        uid = self.kind.uid(mine)
        text = resource.text
        etag: str | None = resource.etag
        if changed:
            text = self.kind.edit_text(resource.text, merged, changed, now)
            try:
                etag = self.client.put(resource.href, text, ICS, etag=resource.etag or None)
            except DavError as exc:
                if exc.kind is not Failure.CONFLICT:
                    raise
                with self.db.atomic():
                    self.kind.update(uid, merged)
                self.tally.postponed += 1
                return
        with self.db.atomic():
            self.kind.update(uid, merged)
            self._record(coll, uid, resource.href, etag or "", text)
        self.tally.merged += 1

    def _gone_there(self, coll: CollectionState, s: ItemState) -> None:
        self.done.add(s.uid)
        mine = self.mine.get(s.uid)
        if mine is not None and not self.backed_up and mine == s.hash:
            backups.backup_now(self.db, PRE_SYNC_DELETE)  # as before deleting a person
            self.backed_up = True
        with self.db.atomic():
            sync_repo.drop_item(self.db, coll.id, s.uid)
            if mine is not None and mine == s.hash:
                self.kind.delete(s.uid)
                self.mine.pop(s.uid, None)
                self.tally.received_deleted += 1
        if mine is not None and s.uid in self.mine:  # changed here since: it goes back up
            self.done.discard(s.uid)

    # --- to the server ------------------------------------------------------------------------
    def _push(self, coll: CollectionState) -> None:
        state = repo.heads(self.db, coll.id)
        for uid, now in list(self.mine.items()):
            s = state.pop(uid, None)
            if uid in self.done or (s is not None and (s.hash == WAITING or now == s.hash)):
                continue
            item = self.kind.one(uid)
            if item is None:
                continue
            full = sync_repo.items_for(self.db, coll.id, uid) if s is not None else None
            if full is None:
                self._send_new(coll, uid, item)
            else:
                self._send_change(coll, full, item)
        for s in state.values():
            if s.uid not in self.done and s.hash != WAITING:
                self._delete_there(coll, s)

    def _send_new(self, coll: CollectionState, uid: str, item: T) -> None:
        href = self.url + quote(uid, safe="") + ".ics"
        text = self.kind.new_text(item, self.clock())
        try:
            etag = self.client.put(href, text, ICS, etag=None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self._refetch(coll, href)  # there already: a sync killed after its PUT
            return
        with self.db.atomic():
            self._record(coll, uid, href, etag or "", text)
        self.tally.sent_new += 1

    def _send_change(self, coll: CollectionState, s: ItemState, item: T) -> None:
        compared = self.kind.compared
        try:
            base = self.kind.read(s.original, s.href)
        except ValueError:
            base = Leave("unreadable")
        if isinstance(base, (Wait, Leave)):
            changed = set(compared)
        else:
            changed = {n for n in compared if getattr(base, n, None) != getattr(item, n, None)}
        href = self.client.absolute(s.href)
        text = self.kind.edit_text(s.original, item, changed, self.clock())
        try:
            etag = self.client.put(href, text, ICS, etag=s.etag or None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self._refetch(coll, href)
            return
        with self.db.atomic():
            self._record(coll, s.uid, s.href, etag or "", text)
        self.tally.sent_changed += 1


def _with(item: T, values: dict[str, Any]) -> T:
    known = {f.name for f in fields(item)}  # type: ignore[arg-type]
    return replace(item, **{k: v for k, v in values.items() if k in known})  # type: ignore[type-var]
