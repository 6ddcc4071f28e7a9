"""Two-way sync of people with one CardDAV address book.

The algorithm follows vdirsyncer's (after OfflineIMAP's): per item the sync keeps what
both sides had at the last sync (``sync_repo.ItemState``: uid, href, ETag, a hash of the
person's meaning, the server's original text, the local ``updated_at``), and compares
each side with it:

- on the server: new hrefs, hrefs whose ETag moved (then read and compared by meaning:
  a server that only rewrote a card changed nothing), hrefs gone;
- here: people without state (new), people whose meaning moved (changed), states
  whose person is gone (deleted; archiving is not deleting).

One side changed: the other takes it. Both changed: ``domain.sync.merge`` field by
field, written to both. Deleted on one side and changed on the other: the change
wins (the person comes back). Each person is written here in ONE transaction with its
state; new cards are PUT with ``If-None-Match: *`` at ``<collection>/<uid>.vcf``, so a
sync killed at any point and run again finds what it did and makes no duplicate. The
sync token is stored last, after every item is done.

The database is reached only in short steps (``steps.Step``), never across a request:
an incoming card is decided and written in one step that reads the person afresh; a
card sent was built from the person as read before the PUT, and its state records
that reading (an edit made meanwhile is no longer "as synced": the next sync sends it);
a merge sent to the server is written here only if the person did not change meanwhile
(else the next sync merges again, from the card as sent).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from urllib.parse import quote

from relapp.domain.errors import InvalidInput
from relapp.domain.model import PersonDraft
from relapp.domain.sync.card_codec import (
    CardUnreadable,
    SyncedCard,
    edit_card,
    meaning,
    read_card,
    write_card,
)
from relapp.services import backups
from relapp.services.people import validated
from relapp.services.sync.dav import DavClient, DavError, Failure, Resource
from relapp.services.sync.items import ItemSync, path_of
from relapp.services.sync.people_merge import merged_card
from relapp.services.sync.steps import Step, direct
from relapp.services.sync.tally import Tally
from relapp.storage import (
    Database,
    calendar_sync_repo,
    imports_repo,
    people_repo,
    sync_dirty_repo,
    sync_repo,
)
from relapp.storage.sync_repo import CollectionState, ItemState, LocalPerson
from relapp.storage.timeconv import now_db

VCARD = "text/vcard"
KIND = "people"
ROUNDS = 3
PRE_SYNC_DELETE = "pre-sync-delete"
"""The backup kind made before a sync first deletes someone here (a card deleted on a
phone takes the person's history with it: the copy keeps it within reach)."""


def card_href(collection_url: str, uid: str) -> str:
    """Where a person's card goes: fixed by the uid, so a retry finds it."""
    return collection_url + quote(uid, safe="") + ".vcf"


class PeopleSync(ItemSync):
    FETCH = "card"

    def __init__(
        self,
        db: Database,
        client: DavClient,
        url: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        allow_emptying: bool = False,
        step: Step = direct,
    ) -> None:
        self.allow_emptying = allow_emptying
        self.db = db
        self.client = client
        self.url = url
        self.clock = clock
        self.step = step
        self.tally = Tally()
        self.done: set[str] = set()  # uids settled in this sync
        self.backed_up = False
        self.began = 0

    def run(self) -> Tally:
        """Sync until a round writes nothing to the server (at most ``ROUNDS``).

        A round stores the token it listed with, from before its own writes; the next
        round lists since then, sees its own writes (ETags as recorded: nothing to do)
        and stores a token from after them. Without it, a server that reports changes
        by content (Xandikos) would hide a card that another device put back as it was
        before our write: its content equals the old token's, its ETag not ours."""
        for _ in range(ROUNDS):
            before = self._written()
            self._round()
            if self._written() == before:
                break
        return self.tally

    def _emptied(self, count: int) -> str:
        return (
            f"every one of the {count:,} cards Relapp synced is gone from {path_of(self.url)}; "
            "nobody was deleted here. If the address book was emptied on purpose, sync once "
            "allowing it (relapp sync --server-was-emptied)"
        )

    def _written(self) -> int:
        t = self.tally
        return t.sent_new + t.sent_changed + t.sent_deleted + t.merged

    def _begin(self) -> tuple[CollectionState, int]:
        db = self.db
        with db.atomic():
            coll = sync_repo.collection(db, KIND, self.url)
        self.began = now_db()  # kept as the round's time: what changed since, the next sends
        return coll, sync_repo.last_synced(db, KIND) or 0

    def _round(self) -> None:
        self.done = set()
        db = self.db
        coll, previous = self.step(self._begin)
        listing, moved, gone = self._changed_there(coll, self._emptied, self.allow_emptying)
        self._take_in(coll, moved, gone)
        self._taken_in(coll, listing, coll.token)
        seq = self._push(coll, previous)

        def token() -> None:
            with db.atomic():
                sync_repo.set_token(db, coll.id, self.token, self.began)
                sync_dirty_repo.clear(db, KIND, seq)
                sync_dirty_repo.set_local_seq(db, coll.id, seq)

        self.step(token)

    # --- from the server ----------------------------------------------------------------------
    def _incoming(self, coll: CollectionState, resource: Resource) -> None:
        try:
            card = read_card(resource.text, path_of(resource.href))
            remote = validated(card.draft)
        except (CardUnreadable, ValueError, InvalidInput) as exc:
            self.tally.unreadable.append(f"{path_of(resource.href)}: {exc}")
            return
        uid = card.uid or f"href:{path_of(resource.href)}"
        self.done.add(uid)
        both = self.step(lambda: self._take(coll, uid, card, remote, resource))
        if both is not None:
            self._merge(coll, *both, card, remote, resource)

    def _take(
        self,
        coll: CollectionState,
        uid: str,
        card: SyncedCard,
        remote: PersonDraft,
        resource: Resource,
    ) -> tuple[ItemState | None, LocalPerson] | None:
        """One step: the card written here when only the server changed it (or it is
        new here); the person as it is now when both sides changed (to merge)."""
        db = self.db
        with db.atomic():
            s = sync_repo.items_for(db, coll.id, uid)
            local = sync_repo.person_by_uid(db, uid)
            if local is None:
                pid = people_repo.insert_person(db, remote)
                sync_repo.set_person_uid(db, pid, uid)
                self._archive(pid, False, card.archived)
                self._record(coll, uid, pid, resource.href, resource.etag, resource.text)
                self.tally.received_new += 1
                return None
            mine = meaning(local.draft(), local.archived)
            if meaning(remote, card.archived) == mine:
                self._record(coll, uid, local.id, resource.href, resource.etag, resource.text)
                return None
            if s is not None and mine == s.hash:
                people_repo.update_person(db, local.id, remote)
                self._archive(local.id, local.archived, card.archived)
                self._record(coll, uid, local.id, resource.href, resource.etag, resource.text)
                self.tally.received_changed += 1
                return None
        return s, local

    def _merge(
        self,
        coll: CollectionState,
        s: ItemState | None,
        local: LocalPerson,
        card: SyncedCard,
        remote: PersonDraft,
        resource: Resource,
    ) -> None:
        result, archived, text = merged_card(s, local, card, remote, resource, self.clock())
        mine = meaning(local.draft(), local.archived)
        try:
            etag = self.client.put(resource.href, text, VCARD, etag=resource.etag or None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self.step(lambda: self._settle(coll, local, mine, result, archived, None))
            self.tally.postponed += 1
            return
        sent = (resource.href, etag or "", text)
        if self.step(lambda: self._settle(coll, local, mine, result, archived, sent)):
            self.tally.merged += 1
        else:
            self.tally.postponed += 1

    def _settle(
        self,
        coll: CollectionState,
        local: LocalPerson,
        mine: str,
        result: PersonDraft,
        archived: bool,
        sent: tuple[str, str, str] | None,
    ) -> bool:
        """One step: the merge written here (with the card sent, when it was) unless the
        person changed here since it was read; then the next sync merges again."""
        db = self.db
        with db.atomic():
            now = sync_repo.person_by_uid(db, local.uid)
            if now is None or meaning(now.draft(), now.archived) != mine:
                return False
            people_repo.update_person(db, local.id, result)
            self._archive(local.id, local.archived, archived)
            if sent is not None:
                self._record(coll, local.uid, local.id, *sent)
        return True

    def _gone_there(self, coll: CollectionState, s: ItemState) -> None:
        """One step: a card deleted on the server deletes its person here, unless they
        changed here since the last sync (then the card goes back up)."""
        db = self.db
        local = sync_repo.person_by_uid(db, s.uid)
        self.done.add(s.uid)
        if local is not None and not self.backed_up:
            backups.backup_now(db, PRE_SYNC_DELETE)
            self.backed_up = True
        with db.atomic():
            if local is not None and meaning(local.draft(), local.archived) == s.hash:
                imports_repo.delete_people(db, [local.id])
                self.tally.received_deleted += 1
                sync_repo.drop_item(db, coll.id, s.uid)
            elif local is None:
                sync_repo.drop_item(db, coll.id, s.uid)
            else:  # changed here since: the change wins, the card goes back up
                sync_repo.drop_item(db, coll.id, s.uid)
                self.done.discard(s.uid)

    def _record(
        self,
        coll: CollectionState,
        uid: str,
        pid: int,
        href: str,
        etag: str,
        text: str,
        sent: LocalPerson | None = None,
    ) -> None:
        """The item's state after this person was written (in the caller's transaction).
        ``sent``: the person as read when the card was built; when they changed since,
        the state keeps that reading, so the next sync sends the change."""
        person = sync_repo.local_people(self.db, [pid])
        now = person[0] if person else None
        synced = sent or now
        if synced is None:
            return
        hash_ = meaning(synced.draft(), synced.archived)
        same = now is not None and meaning(now.draft(), now.archived) == hash_
        sync_repo.put_item(
            self.db,
            coll.id,
            ItemState(
                uid,
                path_of(href),
                etag,
                hash_,
                text,
                now.updated_at if same and now is not None else 0,
            ),
        )

    def _archive(self, person_id: int, was: bool, now: bool) -> None:
        """Archive or bring back a person as the server says (the caller's transaction)."""
        if was != now:
            people_repo.set_archived(self.db, person_id, now_db() if now else None)

    # --- to the server ------------------------------------------------------------------------
    def _candidates(
        self, coll: CollectionState, previous: int
    ) -> tuple[list[int], list[ItemState], int]:
        """One step: who may have changed here, the states whose person is gone, and the
        counter of the marks read (``sync_dirty_repo``). After a complete sync only the
        people marked changed are read; before it (its first), everyone."""
        db = self.db
        seq = sync_dirty_repo.counter(db)
        if sync_dirty_repo.local_seq(db, coll.id) is not None:
            marks = sync_dirty_repo.marks(db, KIND)
            gone = [m.uid for m in marks if not m.present and m.uid]
            states = sync_dirty_repo.heads_of(db, coll.id, gone)
            return [m.row_id for m in marks if m.present], list(states.values()), seq
        state = calendar_sync_repo.heads(db, coll.id)
        revs = sync_repo.person_revs(db)
        candidates: list[int] = []
        for pid, uid, updated in revs:
            s = state.pop(uid, None)
            if s is None or updated > s.local_rev or updated >= previous - 1:
                candidates.append(pid)
        return candidates, list(state.values()), seq

    def _read(
        self, coll: CollectionState, ids: list[int]
    ) -> list[tuple[LocalPerson, ItemState | None]]:
        """One step: these people as they are now, each with its state."""
        return [
            (person, sync_repo.items_for(self.db, coll.id, person.uid))
            for person in sync_repo.local_people(self.db, ids)
        ]

    def _push(self, coll: CollectionState, previous: int) -> int:
        candidates, gone_here, seq = self.step(lambda: self._candidates(coll, previous))
        start = 0
        while start < len(candidates):
            chunk = candidates[start : start + 200]
            first, start = start, start + len(chunk)
            for person, s in self.step(partial(self._read, coll, chunk)):
                self._outgoing(coll, person, s)
                if self._due():  # the rest of the chunk is read again after it
                    self._catch_up(coll)
                    start = first + chunk.index(person.id) + 1
                    break
        for s in gone_here:
            if s.uid not in self.done:
                self._delete_there(coll, s)
                self._after_write(coll)
        return seq

    def _sent(
        self, coll: CollectionState, person: LocalPerson, href: str, etag: str, text: str
    ) -> None:
        def record() -> None:
            with self.db.atomic():
                self._record(coll, person.uid, person.id, href, etag, text, sent=person)

        self.step(record)

    def _outgoing(self, coll: CollectionState, person: LocalPerson, s: ItemState | None) -> None:
        draft = person.draft()
        now = self.clock()
        if s is None:
            href = card_href(self.url, person.uid)
            text = write_card(draft, person.uid, now, person.archived)
            try:
                etag = self.client.put(href, text, VCARD, etag=None)
            except DavError as exc:
                if exc.kind is not Failure.CONFLICT:
                    raise
                self._refetch(coll, href)  # there already: a sync killed after its PUT
                return
            self._sent(coll, person, href, etag or "", text)
            self.tally.sent_new += 1
            return
        if meaning(draft, person.archived) == s.hash:
            return
        text = edit_card(s.original, draft, person.uid, now, person.archived)
        try:
            etag = self.client.put(self.client.absolute(s.href), text, VCARD, etag=s.etag or None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            self._refetch(coll, self.client.absolute(s.href))
            return
        self._sent(coll, person, s.href, etag or "", text)
        self.tally.sent_changed += 1
