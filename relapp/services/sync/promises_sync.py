"""Promises as CalDAV tasks (``VTODO``), both ways, with ``calendar_sync``'s algorithm.

- Done is ``STATUS:COMPLETED`` (with its time), cancelled ``CANCELLED``; a snooze moves
  Relapp's alarm (``todo_edit``), and an alarm moved later on the phone is a snooze here.
- A promise names its person by UID. One whose person is not here (yet) waits and is
  tried again next sync: no stray person is made.
- A task another app wrote (no ``X-RELAPP-*``) becomes a promise of the person its
  title names ("Call Dan: …", "Dan owes you: …") when exactly one person here has that
  name (full or given); otherwise it is left on the server as it is, and counted.
  Relapp does not rewrite it: its properties stay the phone's until it is edited here.
- A task without a due time is due at its creation time (else its last change).
- A recurring promise is a series on the server: one task (the UID of the open
  occurrence) with ``RRULE`` and ``DUE`` in the user's zone (``todo_rule``). Done or
  cancelled alone here, the next occurrence takes the series' UID
  (``services.recurring``), so the task moves on to the next due time, still open, and
  the occurrence done goes up as a completed task of its own. A task's rule Relapp
  cannot follow reads as none and is never rewritten.
- A text changed on both sides takes the server's; Relapp's is kept in the person's
  notes ("Sync 2026-12-06: the promise "…" said "…" here; the server's change replaced it.").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from typing import Any

from relapp.domain.errors import InvalidInput
from relapp.domain.promises import Promise, PromiseDraft, PromiseStatus, reminder_text
from relapp.domain.sync.ical_text import calendar_text
from relapp.domain.sync.todo_codec import PromiseItem, promise_item, read_todo, todo_text
from relapp.domain.sync.todo_edit import edit_todo
from relapp.domain.sync.todo_rule import canonical, zone_name
from relapp.services import recurring
from relapp.services.sync.calendar_kind import Leave, Wait, row_hash
from relapp.services.timezone import local_zone
from relapp.storage import Database, people_repo, promises_repo
from relapp.storage import calendar_sync_repo as repo

KIND = "promises"
COMPARED = (
    "what",
    "promiser",
    "person_uid",
    "channel",
    "due_at",
    "status",
    "done_at",
    "snoozed_until",
    "recurrence",
    "occurrence_done",  # a phone's override: merged as a field, so an edit here keeps it
    "zone",  # the promise's own zone; a task's in the user's zone reads as None
)


def _second(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(microsecond=0)


def normal(item: PromiseItem) -> PromiseItem:
    """The item as both sides compare it: whole seconds, text as a calendar keeps it, a
    done time only when done, a snooze only when it rings after the due time."""
    due = _second(item.due_at)
    snooze = _second(item.snoozed_until)
    if snooze is not None and (due is None or snooze <= due):
        snooze = None
    return replace(
        item,
        what=calendar_text(item.what).strip(),
        due_at=due,
        done_at=_second(item.done_at) if item.status is PromiseStatus.DONE else None,
        snoozed_until=snooze,
        recurrence=canonical(item.recurrence) if item.recurrence else None,
    )


class PromiseKind:
    kind: str = KIND
    compared: tuple[str, ...] = COMPARED
    tables: tuple[str, ...] = ("promise",)

    def __init__(self, db: Database, zone: tzinfo | None = None) -> None:
        self.db = db
        self.zone = zone or local_zone()
        self.people: dict[int, str] = {}
        self.kept: dict[str, list[str]] = {}

    def uid(self, item: PromiseItem) -> str:
        return item.uid

    # --- here -----------------------------------------------------------------------------
    def in_zone(self, item: PromiseItem) -> PromiseItem:
        """A task's zone that is the user's reads as none (the user's, whatever it is):
        Relapp writes the user's zone on every series, and another Relapp in the same
        zone should not pin its promises to it. A zone kept here stays (``_draft``)."""
        return replace(item, zone=None) if item.zone == zone_name(self.zone) else item

    def _item(self, uid: str, p: Promise) -> PromiseItem:
        wishes = promises_repo.wishes_of(self.db, [p.person_id]).get(p.person_id)
        return normal(
            promise_item(
                p,
                uid=uid,
                person_uid=self.people.get(p.person_id)
                or repo.uid_of(self.db, "person", p.person_id),
                person_name=wishes.name if wishes else "",
                preferred=wishes.preferred if wishes else None,
                avoid=wishes.avoid if wishes else frozenset(),
            )
        )

    def hashes(self) -> dict[str, str]:
        self.people = {pid: uid for pid, (uid, _) in repo.people(self.db).items()}
        return {uid: row_hash(values) for uid, values in repo.meaning_rows(self.db, "promise")}

    def hash_chunk(
        self, table: str, after_id: int, limit: int
    ) -> tuple[dict[str, str], int | None]:
        if after_id == 0:
            self.people = {pid: uid for pid, (uid, _) in repo.people(self.db).items()}
        rows = repo.meaning_chunk(self.db, table, after_id, limit)
        last = rows[-1][0] if len(rows) == limit else None
        return {uid: row_hash(values) for _, uid, values in rows}, last

    def hash_of(self, uid: str) -> str | None:
        for _, values in repo.meaning_rows(self.db, "promise", uid):
            return row_hash(values)
        return None

    def one(self, uid: str) -> PromiseItem | None:
        pid = repo.id_of(self.db, "promise", uid)
        return None if pid is None else self._item(uid, promises_repo.get_promise(self.db, pid))

    def sendable(self, uids: list[str]) -> dict[str, tuple[PromiseItem, str]]:
        found = {uid: (self.one(uid), self.hash_of(uid)) for uid in uids}
        return {uid: (item, h) for uid, (item, h) in found.items() if item and h}

    # --- the server's ---------------------------------------------------------------------
    def read(self, text: str, source: str) -> PromiseItem | Wait | Leave:
        item = read_todo(text, self.zone, source=source)
        if item.person_uid is None and (known := repo.id_of(self.db, "promise", item.uid)):
            # A Relapp task whose X- properties an app dropped: the UID still finds it.
            mine = promises_repo.get_promise(self.db, known)
            item = replace(item, person_uid=repo.uid_of(self.db, "person", mine.person_id))
        if not item.by_relapp and item.person_uid is None:
            named = repo.people_named(self.db, item.person_name) if item.person_name else []
            if len(named) != 1:
                who = f'"{item.person_name}"' if item.person_name else "nobody"
                return Leave(f"{source}: a task of another app naming {who}")
            item = replace(item, person_uid=named[0])
        if item.person_uid is None:
            return Leave(f"{source}: a promise that names nobody")
        if repo.id_of(self.db, "person", item.person_uid) is None:
            return Wait(item.uid, f"{source}: names someone not here yet")
        if item.due_at is None:
            item = replace(item, due_at=item.created_at or item.modified_at)
            if item.due_at is None:
                return Leave(f"{source}: a task without any date")
        if not item.what.strip():
            return Leave(f"{source}: a task that says nothing")
        return self.in_zone(normal(self._done_already(item)))

    def _done_already(self, item: PromiseItem) -> PromiseItem:
        """An occurrence done on the phone that the series here has moved past (this
        occurrence, or a later one, done or cancelled here too): the series as its master
        says, the override kept there. A series here whose due time was only edited has
        not moved past it: the phone's done counts (and the edit merges)."""
        known = repo.id_of(self.db, "promise", item.uid) if item.occurrence_done else None
        if known is None or item.due_at is None:
            return item
        before = promises_repo.preceding(self.db, known)
        if before is None or before.is_open or before.due_at < item.due_at:
            return item
        return replace(item, status=PromiseStatus.OPEN, done_at=None, occurrence_done=None)

    def _draft(self, item: PromiseItem, kept: str | None = None) -> PromiseDraft:
        """The draft of ``item``; ``kept``: the zone stored here, kept when the task
        names none of its own (a due time in UTC or in the user's zone, :meth:`in_zone`:
        a promise made here keeps the zone it was made in, also while the user travels)."""
        pid = repo.id_of(self.db, "person", item.person_uid or "")
        if pid is None or item.due_at is None:
            raise InvalidInput("person", "the promise's person is not here")
        return PromiseDraft(
            pid,
            item.promiser,
            item.what,
            item.channel,
            item.due_at,
            recurrence=item.recurrence,
            zone=item.zone or kept,
        )

    def kept_as_read(self, item: PromiseItem) -> bool:
        return not item.occurrence_done  # the series moves on here: it goes back up

    def create(self, item: PromiseItem) -> None:
        draft = self._draft(item)
        series = item.occurrence_done is not None
        pid = promises_repo.insert_promise(
            self.db,
            draft,
            created_at=item.created_at or draft.due_at,
            status=PromiseStatus.OPEN if series else item.status,
            done_at=None if series else item.done_at,
            last_notified_at=None if series else item.done_at,
        )
        if item.snoozed_until is not None:
            promises_repo.set_snoozed_until(self.db, pid, item.snoozed_until)
        repo.set_uid(self.db, "promise", pid, item.uid)
        if series:
            self._occurrence_done(item.uid, pid, item)

    def _occurrence_done(self, uid: str, pid: int, item: PromiseItem) -> None:
        """The series' occurrence due at ``item.due_at`` done elsewhere: done here as Done
        does it (``complete_promise``): the occurrence a done record, the series (its
        uid) the next occurrence. The done record's uid is made of the series' and the
        occurrence's, so two Relapps that read the same phone's change make one record."""
        p = promises_repo.get_promise(self.db, pid)
        done_at = item.done_at or p.due_at
        promises_repo.set_status(self.db, pid, PromiseStatus.DONE, done_at=done_at)
        if recurring.schedule_next(self.db, p, now=done_at, zone=self.zone) is None:
            return  # the rule ended: the series' uid stays on its last occurrence, done
        at = item.occurrence_done or p.due_at  # as the phone named it (due edited here too)
        done_uid = f"{uid}-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        if repo.id_of(self.db, "promise", done_uid) is not None:  # another Relapp sent it
            promises_repo.delete_promise(self.db, pid)
        else:
            repo.set_uid(self.db, "promise", pid, done_uid)

    def update(self, uid: str, item: PromiseItem) -> None:
        pid = repo.id_of(self.db, "promise", uid)
        if pid is None:
            return
        now = promises_repo.get_promise(self.db, pid)
        promises_repo.update_promise(
            self.db,
            pid,
            self._draft(item, now.zone),
            last_notified_at=now.last_notified_at,
        )
        promises_repo.set_snoozed_until(self.db, pid, item.snoozed_until)
        if item.occurrence_done and now.status is PromiseStatus.OPEN:
            self._occurrence_done(uid, pid, item)
        elif (item.status, item.done_at) != (now.status, now.done_at):
            promises_repo.set_status(
                self.db,
                pid,
                item.status,
                done_at=item.done_at,
                interaction_id=promises_repo.interaction_of(self.db, pid),
            )
        self._keep_in_notes(uid, now.person_id)

    def delete(self, uid: str) -> None:
        pid = repo.id_of(self.db, "promise", uid)
        if pid is not None:
            promises_repo.delete_promise(self.db, pid)

    # --- texts ----------------------------------------------------------------------------
    def _titled(self, item: PromiseItem) -> PromiseItem:
        pid = repo.id_of(self.db, "person", item.person_uid or "")
        wishes = promises_repo.wishes_of(self.db, [pid]).get(pid) if pid else None
        if wishes is None or item.due_at is None:
            return item
        shape = Promise(
            person_id=pid or 0,
            promiser=item.promiser,
            what=item.what or "-",
            channel=item.channel,
            due_at=item.due_at,
            id=0,
            status=item.status,
            snoozed_until=None,
            last_notified_at=None,
            created_at=item.due_at,
        )
        title, _ = reminder_text(wishes.name, shape, wishes.preferred, wishes.avoid)
        return replace(item, title=title, person_name=wishes.name)

    def new_text(self, item: PromiseItem, now: datetime) -> str:
        return todo_text(self._titled(item), now, self.zone)

    def edit_text(self, original: str, item: PromiseItem, changed: set[str], now: datetime) -> str:
        if item.occurrence_done:  # a merge: the series stays open there (it moves on next)
            item = replace(item, status=PromiseStatus.OPEN, done_at=None, occurrence_done=None)
        fields = changed - {"occurrence_done"}
        return edit_todo(original, self._titled(item), fields, now, self.zone)

    def keep(
        self, item: PromiseItem, replaced: list[tuple[str, Any]], now: datetime
    ) -> PromiseItem:
        """Relapp's values a server change replaced go to the person's notes (written
        with the promise, in :meth:`update`)."""
        self.kept[item.uid] = [
            f'Sync {now:%Y-%m-%d}: the promise "{item.what}" had {name.replace("_", " ")} '
            f'"{_shown(value)}" here; the server\'s change replaced it.'
            for name, value in replaced
        ]
        return item

    def _keep_in_notes(self, uid: str, person_id: int) -> None:
        lines = self.kept.pop(uid, [])
        if not lines:
            return
        person = people_repo.get_person(self.db, person_id)
        draft = person.draft()
        notes = "\n".join([draft.notes, *lines]) if draft.notes else "\n".join(lines)
        people_repo.update_person(self.db, person_id, replace(draft, notes=notes))


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} UTC"
    return str(getattr(value, "value", value))
