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

An item naming someone not here (yet) *waits* (state hash ``WAITING``), tried again each
sync, never deleted there; one Relapp cannot place is left untouched and counted. An
item whose reading (or merge) changes its record here (``Kind.kept_as_read``) goes back up.

As in ``people_sync``, the database is reached only in short steps (``steps.Step``):
an incoming item is read, decided and written in one step that hashes the record here
afresh; an item sent records the hash of the record as it was read to build it (an edit
made meanwhile then differs, and the next sync sends it); a merge sent is written here
only if the record did not change meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from relapp.services import backups
from relapp.services.sync.calendar_kind import Kind, Leave, Wait, every_record, key, merge_items
from relapp.services.sync.calendar_push import ICS, RESEND, WAITING, CalendarPush
from relapp.services.sync.dav import DavClient, DavError, Failure, Resource
from relapp.services.sync.items import path_of
from relapp.services.sync.people_sync import PRE_SYNC_DELETE
from relapp.services.sync.steps import Step, direct
from relapp.services.sync.tally import Tally
from relapp.storage import Database, sync_dirty_repo, sync_repo
from relapp.storage import calendar_sync_repo as repo
from relapp.storage.sync_repo import CollectionState, ItemState
from relapp.storage.timeconv import now_db

ROUNDS = 3
FIRST_READ_CHUNK = 2000  # the records one step of a collection's first sync reads

T = TypeVar("T")


Plan = tuple[str, str, T, str, set[str], Resource]
"""A merge to send: (uid, the hash of the record here it was merged from, the merged
item, its text, the fields that differ from the server's, the server's item)."""


class CalendarSync(CalendarPush[T]):
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
        step: Step = direct,
    ) -> None:
        self.db = db
        self.client = client
        self.url = url
        self.kind = kind
        self.clock = clock
        self.allow_emptying = allow_emptying
        self.step = step
        self.tally = Tally()
        self.done: set[str] = set()
        self.waiting: set[str] = set()
        self.backed_up = False
        self.unrecorded = []

    def run(self) -> Tally:
        for _ in range(ROUNDS):
            t = self.tally
            before = t.sent_new + t.sent_changed + t.sent_deleted + t.merged
            self._round()
            if t.sent_new + t.sent_changed + t.sent_deleted + t.merged == before:
                break
        return self.tally

    def _begin(self) -> CollectionState:
        with self.db.atomic():
            return sync_repo.collection(self.db, self.kind.kind, self.url)

    def _emptied(self, count: int) -> str:
        return (
            f"every one of the {count:,} items Relapp synced is gone from "
            f"{path_of(self.url)}; nothing was deleted here. If the calendar was "
            "emptied on purpose, sync once allowing it (relapp sync --server-was-emptied)"
        )

    def _round(self) -> None:
        self.done = set()
        db = self.db
        coll = self.step(self._begin)
        listing, moved, gone = self._changed_there(coll, self._emptied, self.allow_emptying)
        self.waiting = set()
        self._take_in(coll, moved, gone)
        self._taken_in(coll, listing, coll.token)
        for plan in self.step(lambda: self._retry_waiting(coll)):
            self._merge(coll, *plan)
        self.tally.waiting = len(self.waiting)
        seq = self._push(coll)

        def token() -> None:
            with db.atomic():
                sync_repo.set_token(db, coll.id, self.token, now_db())
                sync_dirty_repo.clear(db, self.kind.kind, seq)
                sync_dirty_repo.set_local_seq(db, coll.id, seq)

        self.step(token)

    def _retry_waiting(self, coll: CollectionState) -> list[Plan[T]]:
        """One step: try again what waited: the people it names came, or the history
        entry an introduction names came later in this listing (so again while one goes
        in). What changed on both sides comes back, to be merged and sent after it."""
        plans: list[Plan[T]] = []
        while True:
            waiting = [
                s for s in repo.with_hash(self.db, coll.id, WAITING) if s.uid not in self.done
            ]
            for s in waiting:
                plan = self._take(coll, Resource(s.href, s.etag, s.original))
                if plan is not None:
                    plans.append(plan)
            still = {s.uid for s in repo.with_hash(self.db, coll.id, WAITING)}
            if all(s.uid in still for s in waiting):
                return plans

    # --- from the server ----------------------------------------------------------------------
    def _incoming(self, coll: CollectionState, resource: Resource) -> None:
        plan = self.step(lambda: self._take(coll, resource))
        if plan is not None:
            self._merge(coll, *plan)

    def _take(self, coll: CollectionState, resource: Resource) -> Plan[T] | None:
        """One step: the item read and written here when only the server changed it (or
        it is new here); when both sides changed, the merge to send (a ``Plan``)."""
        try:
            read = self.kind.read(resource.text, path_of(resource.href))
        except ValueError as exc:  # CalendarItemError is one
            self.tally.unreadable.append(f"{path_of(resource.href)}: {exc}")
            return None
        if isinstance(read, Leave):
            self.tally.left_alone += 1
            return None
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
            return None
        uid = self.kind.uid(read)
        self.waiting.discard(uid)
        self.done.add(uid)
        s = sync_repo.items_for(self.db, coll.id, uid)
        mine_hash = self.kind.hash_of(uid)
        href, etag, text = resource.href, resource.etag, resource.text
        mine = self.kind.one(uid) if mine_hash is not None else None
        again = None if self.kind.kept_as_read(read) else RESEND
        if mine is None or mine_hash is None:
            with self.db.atomic():
                self.kind.create(read)
                self._record(coll, uid, href, etag, text, again)
            self.tally.received_new += 1
            return None
        compared = self.kind.compared
        if key(read, compared) == key(mine, compared):
            with self.db.atomic():
                self._record(coll, uid, href, etag, text)
            return None
        if s is not None and mine_hash == s.hash:
            with self.db.atomic():
                self.kind.update(uid, read)
                self._record(coll, uid, href, etag, text, again)
            self.tally.received_changed += 1
            return None
        merged, changed = self._merged(s, mine, read)
        if changed:
            text = self.kind.edit_text(resource.text, merged, changed, self.clock())
        return uid, mine_hash, merged, text, changed, resource

    def _merged(self, s: ItemState | None, mine: T, theirs: T) -> tuple[T, set[str]]:
        base: T | None = None
        if s is not None and s.hash != WAITING:
            try:
                old = self.kind.read(s.original, s.href)
            except ValueError:
                old = Leave("unreadable")
            base = None if isinstance(old, (Wait, Leave)) else old
        compared = self.kind.compared
        values, replaced = merge_items(base, mine, theirs, compared)
        merged = self.kind.keep(_with(mine, values), replaced, self.clock())
        changed = {n for n in compared if getattr(merged, n, None) != getattr(theirs, n, None)}
        return merged, changed

    def _merge(
        self,
        coll: CollectionState,
        uid: str,
        mine_hash: str,
        merged: T,
        text: str,
        changed: set[str],
        resource: Resource,
    ) -> None:
        etag: str | None = resource.etag
        sent: tuple[str, str] | None = (etag or "", text)
        if changed:
            try:
                etag = self.client.put(resource.href, text, ICS, etag=resource.etag or None)
                sent = (etag or "", text)
            except DavError as exc:
                if exc.kind is not Failure.CONFLICT:
                    raise
                sent = None
        settled = self.step(lambda: self._settle(coll, uid, mine_hash, merged, resource, sent))
        if settled and sent is not None:
            self.tally.merged += 1
        else:  # refused there (412), or changed here meanwhile: the next sync merges again
            self.tally.postponed += 1

    def _settle(
        self,
        coll: CollectionState,
        uid: str,
        mine_hash: str,
        merged: T,
        resource: Resource,
        sent: tuple[str, str] | None,
    ) -> bool:
        """One step: the merge written here (and the item sent recorded) unless the
        record changed here since it was read; then the next sync merges again."""
        with self.db.atomic():
            if self.kind.hash_of(uid) != mine_hash:
                return False
            self.kind.update(uid, merged)
            if sent is not None:  # a merge that moved the record on here goes back up too
                again = None if self.kind.kept_as_read(merged) else RESEND
                self._record(coll, uid, resource.href, *sent, again)
        return True

    def _gone_there(self, coll: CollectionState, s: ItemState) -> None:
        """One step: an item deleted on the server deletes its record here, unless it
        changed here since the last sync (then it goes back up)."""
        self.done.add(s.uid)
        mine = self.kind.hash_of(s.uid)
        if mine is not None and not self.backed_up and mine == s.hash:
            backups.backup_now(self.db, PRE_SYNC_DELETE)  # as before deleting a person
            self.backed_up = True
        with self.db.atomic():
            sync_repo.drop_item(self.db, coll.id, s.uid)
            if mine is not None and mine == s.hash:
                self.kind.delete(s.uid)
                self.tally.received_deleted += 1
        if mine is not None and mine != s.hash:  # changed here since: it goes back up
            self.done.discard(s.uid)

    # --- to the server ------------------------------------------------------------------------
    def _changed_here(
        self, coll: CollectionState, *, at_once: bool = True
    ) -> tuple[dict[str, str] | None, dict[str, ItemState], int]:
        """One step: the records that may have changed here (uid -> hash of their
        meaning), the states of those and of the records deleted here, and the counter of
        the marks read (``sync_dirty_repo``). After a complete sync only the records
        marked changed are read; before it (its first), every one (not ``at_once``: None,
        and the sync reads them with ``every_record``, in steps of their own)."""
        db = self.db
        seq = sync_dirty_repo.counter(db)
        if sync_dirty_repo.local_seq(db, coll.id) is None:
            return self.kind.hashes() if at_once else None, repo.heads(db, coll.id), seq
        marks = sync_dirty_repo.marks(db, self.kind.kind)
        mine = {
            m.uid: now for m in marks if m.present and m.uid and (now := self.kind.hash_of(m.uid))
        }
        uids = [m.uid for m in marks if m.uid]
        return mine, sync_dirty_repo.heads_of(db, coll.id, uids), seq

    def _push(self, coll: CollectionState) -> int:
        found, state, seq = self.step(lambda: self._changed_here(coll, at_once=False))
        mine = every_record(self.kind, self.step, FIRST_READ_CHUNK) if found is None else found
        changed: list[str] = []
        for uid, now in mine.items():
            s = state.pop(uid, None)
            if s is None or (s.hash != WAITING and now != s.hash):
                changed.append(uid)
        self._send_all(coll, changed)
        for s in state.values():
            if s.uid not in self.done and s.hash != WAITING:
                self._delete_there(coll, s)
                self._after_write(coll)
        return seq


def _with(item: T, values: dict[str, Any]) -> T:
    known = {f.name for f in fields(item)}  # type: ignore[arg-type]
    return replace(item, **{k: v for k, v in values.items() if k in known})  # type: ignore[type-var]
