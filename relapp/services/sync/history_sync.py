"""History entries and introductions as CalDAV journal entries (``VJOURNAL``), both
ways, in one calendar, with ``calendar_sync``'s algorithm.

- An entry names its people by UID; one naming someone not here (yet), or an
  introduction whose history entry is not here yet, waits and is tried again.
- A journal entry another app wrote (no ``X-RELAPP-RECORD``, a jtx Board note) is left
  on the server as it is, and counted.
- A field changed on both sides takes the server's value; Relapp's is kept at the end
  of the entry's notes (an introduction's context).
- An introduction's summary ("Carol introduced you to Dan") is written from the names
  and not compared: renaming someone does not rewrite every entry.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from relapp.domain.errors import InvalidInput
from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft, InteractionKind
from relapp.domain.sync.ical_text import calendar_text
from relapp.domain.sync.journal_codec import (
    INTERACTION_FIELDS,
    INTRODUCTION_FIELDS,
    InteractionItem,
    IntroductionItem,
    NotRelapps,
    edit_journal,
    introduction_summary,
    journal_text,
    read_journal,
)
from relapp.services.sync.calendar_kind import Leave, Wait, row_hash
from relapp.services.timezone import local_zone
from relapp.storage import Database, interactions_repo, introductions_repo
from relapp.storage import calendar_sync_repo as repo
from relapp.storage.export_repo import InteractionRecord, IntroductionRecord
from relapp.storage.timeconv import from_db

KIND = "history"
Entry = InteractionItem | IntroductionItem
COMPARED = (
    "occurred_at",
    "channel",
    "direction",
    "kind",
    "person_uids",
    "summary",
    "notes",
    "introducer_uid",
    "person_a_uid",
    "person_b_uid",
    "occurred_on",
    "context",
    "interaction_uid",
)


def normal(item: Entry) -> Entry:
    """The entry as both sides compare it: whole seconds, text as a calendar keeps it,
    no time of change; an introduction's summary left out (it is made from names)."""
    if isinstance(item, InteractionItem):
        return replace(
            item,
            occurred_at=item.occurred_at.astimezone(UTC).replace(microsecond=0),
            summary=calendar_text(item.summary).strip(),
            notes=calendar_text(item.notes).strip(),
            modified_at=None,
        )
    return replace(item, context=calendar_text(item.context).strip(), summary="", modified_at=None)


class HistoryKind:
    kind: str = KIND
    compared: tuple[str, ...] = COMPARED
    tables: tuple[str, ...] = ("interaction", "introduction")

    def __init__(self, db: Database, zone: tzinfo | None = None) -> None:
        self.db = db
        self.zone = zone or local_zone()
        self.people: dict[int, tuple[str, str]] = {}

    def uid(self, item: Entry) -> str:
        return item.uid

    # --- here -----------------------------------------------------------------------------
    def _person_uid(self, pid: int | None) -> str | None:
        if pid is None:
            return None
        known = self.people.get(pid)
        return known[0] if known else repo.uid_of(self.db, "person", pid)

    def _interaction(self, r: InteractionRecord) -> InteractionItem:
        item = InteractionItem(
            uid=r.uid or "",
            occurred_at=from_db(r.occurred_at),
            channel=Channel(r.channel),
            direction=Direction(r.direction),
            person_uids=tuple(u for p in r.person_ids if (u := self._person_uid(p))),
            summary=r.summary,
            notes=r.notes,
            kind=InteractionKind(r.kind),
        )
        return normal(item)  # type: ignore[return-value]

    def _introduction(self, r: IntroductionRecord) -> IntroductionItem:
        logged = None
        if r.interaction_id is not None:
            logged = repo.uid_of(self.db, "interaction", r.interaction_id)
        item = IntroductionItem(
            uid=r.uid or "",
            introducer_uid=self._person_uid(r.introducer_id),
            person_a_uid=self._person_uid(r.person_a_id),
            person_b_uid=self._person_uid(r.person_b_id),
            occurred_on=date.fromisoformat(r.occurred_on) if r.occurred_on else None,
            context=r.context,
            interaction_uid=logged or None,
        )
        return normal(item)  # type: ignore[return-value]

    def hashes(self) -> dict[str, str]:
        self.people = repo.people(self.db)
        return {
            uid: row_hash(values)
            for table in ("interaction", "introduction")
            for uid, values in repo.meaning_rows(self.db, table)
        }

    def hash_chunk(
        self, table: str, after_id: int, limit: int
    ) -> tuple[dict[str, str], int | None]:
        if after_id == 0 and table == self.tables[0]:
            self.people = repo.people(self.db)
        rows = repo.meaning_chunk(self.db, table, after_id, limit)
        last = rows[-1][0] if len(rows) == limit else None
        return {uid: row_hash(values) for _, uid, values in rows}, last

    def hash_of(self, uid: str) -> str | None:
        for table in ("interaction", "introduction"):
            for _, values in repo.meaning_rows(self.db, table, uid):
                return row_hash(values)
        return None

    def one(self, uid: str) -> Entry | None:
        found = repo.interaction(self.db, uid)
        if found is not None:
            return self._interaction(found)
        intro = repo.introduction(self.db, uid)
        return None if intro is None else self._introduction(intro)

    def sendable(self, uids: list[str]) -> dict[str, tuple[Entry, str]]:
        """``one`` and ``hash_of`` of these uids, in a few statements (a first sync of a
        large history sends them a batch at a time)."""
        hashes = {
            uid: row_hash(values)
            for table in self.tables
            for uid, values in repo.meaning_rows_of(self.db, table, uids)
        }
        records = [r for r in repo.interactions_of(self.db, list(hashes)) if r.uid in hashes]
        unknown = {p for r in records for p in r.person_ids if p not in self.people}
        self.people.update(repo.people_of(self.db, sorted(unknown)))
        found: dict[str, tuple[Entry, str]] = {
            str(r.uid): (self._interaction(r), hashes[str(r.uid)]) for r in records
        }
        for uid in hashes.keys() - found.keys():  # the introductions: a few
            if (item := self.one(uid)) is not None:
                found[uid] = (item, hashes[uid])
        return found

    # --- the server's ---------------------------------------------------------------------
    def read(self, text: str, source: str) -> Entry | Wait | Leave:
        item = read_journal(text, self.zone, source=source)
        if isinstance(item, NotRelapps):
            return Leave(f"{source}: {item.reason}")
        if isinstance(item, InteractionItem):
            people = item.person_uids
        else:
            people = tuple(
                u for u in (item.introducer_uid, item.person_a_uid, item.person_b_uid) if u
            )
            if (
                item.interaction_uid
                and repo.id_of(self.db, "interaction", item.interaction_uid) is None
            ):
                return Wait(item.uid, f"{source}: its history entry is not here yet")
        if any(repo.id_of(self.db, "person", u) is None for u in people):
            return Wait(item.uid, f"{source}: names someone not here yet")
        try:
            self._draft(item)
        except (InvalidInput, ValueError) as exc:
            return Leave(f"{source}: {exc}")
        return normal(item)

    def _pid(self, uid: str | None) -> int | None:
        if uid is None:
            return None
        pid = repo.id_of(self.db, "person", uid)
        if pid is None:
            raise InvalidInput("people", "someone it names is not here")
        return pid

    def _draft(self, item: Entry) -> InteractionDraft | IntroductionDraft:
        if isinstance(item, InteractionItem):
            return InteractionDraft(
                occurred_at=item.occurred_at,
                channel=item.channel,
                direction=item.direction,
                person_ids=tuple(p for u in item.person_uids if (p := self._pid(u)) is not None),
                summary=item.summary,
                notes=item.notes,
                kind=item.kind,
            )
        return IntroductionDraft(
            self._pid(item.introducer_uid),
            self._pid(item.person_a_uid),
            self._pid(item.person_b_uid),
            item.occurred_on,
            item.context,
        )

    def _logged(self, item: IntroductionItem) -> int | None:
        return repo.id_of(self.db, "interaction", item.interaction_uid or "")

    def kept_as_read(self, item: Entry) -> bool:
        return True

    def create(self, item: Entry) -> None:
        draft = self._draft(item)
        if isinstance(draft, InteractionDraft):
            rid = interactions_repo.insert_interaction(self.db, draft)
            repo.set_uid(self.db, "interaction", rid, item.uid)
        else:
            assert isinstance(item, IntroductionItem)
            rid = introductions_repo.insert_introduction(
                self.db, draft, interaction_id=self._logged(item)
            )
            repo.set_uid(self.db, "introduction", rid, item.uid)

    def update(self, uid: str, item: Entry) -> None:
        draft = self._draft(item)
        if isinstance(draft, InteractionDraft):
            rid = repo.id_of(self.db, "interaction", uid)
            if rid is not None:
                interactions_repo.update_interaction(self.db, rid, draft)
        else:
            assert isinstance(item, IntroductionItem)
            rid = repo.id_of(self.db, "introduction", uid)
            if rid is not None:
                introductions_repo.update_introduction(self.db, rid, draft)
                introductions_repo.set_interaction(self.db, rid, self._logged(item))

    def delete(self, uid: str) -> None:
        rid = repo.id_of(self.db, "interaction", uid)
        if rid is not None:
            interactions_repo.delete_interaction(self.db, rid)
            return
        rid = repo.id_of(self.db, "introduction", uid)
        if rid is not None:
            introductions_repo.delete_introduction(self.db, rid)

    # --- texts ----------------------------------------------------------------------------
    def _summarised(self, item: Entry) -> Entry:
        if isinstance(item, InteractionItem):
            return item

        def name(uid: str | None) -> str | None:
            pid = repo.id_of(self.db, "person", uid) if uid else None
            if pid is None:
                return None
            known = self.people.get(pid)
            return known[1] if known else (repo.name_of(self.db, pid) or "someone")

        summary = introduction_summary(
            name(item.introducer_uid), name(item.person_a_uid), name(item.person_b_uid)
        )
        return replace(item, summary=summary)

    def new_text(self, item: Entry, now: datetime) -> str:
        return journal_text(self._summarised(item), now)

    def edit_text(self, original: str, item: Entry, changed: set[str], now: datetime) -> str:
        fields = INTERACTION_FIELDS if isinstance(item, InteractionItem) else INTRODUCTION_FIELDS
        names = changed & fields
        if isinstance(item, IntroductionItem):
            names |= {"summary"}
        return edit_journal(original, self._summarised(item), names, now)

    def keep(self, item: Entry, replaced: list[tuple[str, Any]], now: datetime) -> Entry:
        lines = [
            f'Sync {now:%Y-%m-%d}: {name.replace("_", " ")} was "{_shown(value)}" here; '
            "the server's change replaced it."
            for name, value in replaced
        ]
        if not lines:
            return item
        if isinstance(item, InteractionItem):
            return replace(item, notes="\n".join(x for x in (item.notes, *lines) if x))
        return replace(item, context="\n".join(x for x in (item.context, *lines) if x))


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} UTC"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(getattr(value, "value", value))
