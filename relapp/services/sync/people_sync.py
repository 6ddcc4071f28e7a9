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
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
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
from relapp.domain.sync.merge import keep_replaced, merge_people
from relapp.services import backups
from relapp.services.people import validated
from relapp.services.sync.dav import DavClient, DavError, Failure, Resource
from relapp.services.sync.items import ItemSync, moved_and_gone, path_of
from relapp.services.sync.tally import Tally
from relapp.storage import Database, imports_repo, people_repo, sync_repo
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


def _rev(text: str) -> datetime | None:
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.upper().startswith("REV:"):
            value = raw[4:].strip().replace("-", "").replace(":", "")
            for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y%m%d"):
                try:
                    return datetime.strptime(value, fmt).replace(tzinfo=UTC)
                except ValueError:
                    continue
    return None


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
    ) -> None:
        self.allow_emptying = allow_emptying
        self.db = db
        self.client = client
        self.url = url
        self.clock = clock
        self.tally = Tally()
        self.done: set[str] = set()  # uids settled in this sync
        self.backed_up = False

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

    def _written(self) -> int:
        t = self.tally
        return t.sent_new + t.sent_changed + t.sent_deleted + t.merged

    def _round(self) -> None:
        self.done = set()
        db = self.db
        with db.atomic():
            coll = sync_repo.collection(db, KIND, self.url)
        previous = sync_repo.last_synced(db, KIND) or 0
        listing = self.client.changes_since(self.url, coll.token)
        state = sync_repo.items(db, coll.id)
        moved, gone = moved_and_gone(listing, state)
        if len(state) > 1 and len(gone) == len(state) and not self.allow_emptying:
            raise DavError(
                Failure.EMPTIED,
                f"every one of the {len(state):,} cards Relapp synced is gone from "
                f"{path_of(self.url)}; nobody was deleted here. If the address book was "
                "emptied on purpose, sync once allowing it (relapp sync --server-was-emptied)",
            )
        for resource in self.client.fetch(self.url, self.FETCH, moved):
            self._incoming(coll, resource)
        for s in gone:
            if s.uid not in self.done:
                self._gone_there(coll, s)
        self._push(coll, previous)
        with db.atomic():
            sync_repo.set_token(db, coll.id, listing.token, now_db())

    # --- from the server ----------------------------------------------------------------------
    def _incoming(self, coll: CollectionState, resource: Resource) -> None:
        try:
            card = read_card(resource.text, path_of(resource.href))
            remote = validated(card.draft)
        except (CardUnreadable, ValueError, InvalidInput) as exc:
            self.tally.unreadable.append(f"{path_of(resource.href)}: {exc}")
            return
        uid = card.uid or f"href:{path_of(resource.href)}"
        db = self.db
        s = sync_repo.items_for(db, coll.id, uid)
        local = sync_repo.person_by_uid(db, uid)
        self.done.add(uid)
        if local is None:
            with db.atomic():
                pid = people_repo.insert_person(db, remote)
                sync_repo.set_person_uid(db, pid, uid)
                self._archive(pid, False, card.archived)
                self._record(coll, uid, pid, resource.href, resource.etag, resource.text)
            self.tally.received_new += 1
            return
        draft = local.draft()
        mine = meaning(draft, local.archived)
        if meaning(remote, card.archived) == mine:
            with db.atomic():
                self._record(coll, uid, local.id, resource.href, resource.etag, resource.text)
            return
        if s is not None and mine == s.hash:
            with db.atomic():
                people_repo.update_person(db, local.id, remote)
                self._archive(local.id, local.archived, card.archived)
                self._record(coll, uid, local.id, resource.href, resource.etag, resource.text)
            self.tally.received_changed += 1
            return
        self._merge(coll, s, local, draft, card, remote, resource)

    def _merge(
        self,
        coll: CollectionState,
        s: ItemState | None,
        local: LocalPerson,
        draft: PersonDraft,
        card: SyncedCard,
        remote: PersonDraft,
        resource: Resource,
    ) -> None:
        base = None
        base_archived = local.archived
        if s is not None:
            try:
                synced = read_card(s.original)
                base, base_archived = validated(synced.draft), synced.archived
            except (CardUnreadable, ValueError, InvalidInput):
                base = None
        # Archived or not: the side that changed it since the last sync.
        archived = card.archived if local.archived == base_archived else local.archived
        now = self.clock()
        merged = merge_people(
            base,
            draft,
            remote,
            local_at=datetime.fromtimestamp(local.updated_at, UTC),
            remote_at=_rev(resource.text),
        )
        result = validated(keep_replaced(merged.draft, merged.replaced, now))
        text = edit_card(resource.text, result, local.uid, now, archived)
        try:
            etag = self.client.put(resource.href, text, VCARD, etag=resource.etag or None)
        except DavError as exc:
            if exc.kind is not Failure.CONFLICT:
                raise
            with self.db.atomic():
                people_repo.update_person(self.db, local.id, result)
                self._archive(local.id, local.archived, archived)
            self.tally.postponed += 1
            return
        with self.db.atomic():
            people_repo.update_person(self.db, local.id, result)
            self._archive(local.id, local.archived, archived)
            self._record(coll, local.uid, local.id, resource.href, etag or "", text)
        self.tally.merged += 1

    def _gone_there(self, coll: CollectionState, s: ItemState) -> None:
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
        self, coll: CollectionState, uid: str, pid: int, href: str, etag: str, text: str
    ) -> None:
        """The item's state after this person was written (in the caller's transaction)."""
        person = sync_repo.local_people(self.db, [pid])[0]
        sync_repo.put_item(
            self.db,
            coll.id,
            ItemState(
                uid,
                path_of(href),
                etag,
                meaning(person.draft(), person.archived),
                text,
                person.updated_at,
            ),
        )

    def _archive(self, person_id: int, was: bool, now: bool) -> None:
        """Archive or bring back a person as the server says (the caller's transaction)."""
        if was != now:
            people_repo.set_archived(self.db, person_id, now_db() if now else None)

    # --- to the server ------------------------------------------------------------------------
    def _push(self, coll: CollectionState, previous: int) -> None:
        state = sync_repo.items(self.db, coll.id)
        candidates: list[int] = []
        for pid, uid, updated in sync_repo.person_revs(self.db):
            s = state.pop(uid, None)
            if uid in self.done:
                continue
            if s is None or updated > s.local_rev or updated >= previous - 1:
                candidates.append(pid)
        for start in range(0, len(candidates), 200):
            for person in sync_repo.local_people(self.db, candidates[start : start + 200]):
                self._outgoing(coll, person)
        for s in state.values():
            if s.uid not in self.done:
                self._delete_there(coll, s)

    def _outgoing(self, coll: CollectionState, person: LocalPerson) -> None:
        s = sync_repo.items_for(self.db, coll.id, person.uid)
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
            with self.db.atomic():
                self._record(coll, person.uid, person.id, href, etag or "", text)
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
        with self.db.atomic():
            self._record(coll, person.uid, person.id, s.href, etag or "", text)
        self.tally.sent_changed += 1
