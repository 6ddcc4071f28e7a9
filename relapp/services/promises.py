"""Promises and their reminders as use cases: create, edit, keep, cancel, snooze; what is
due and what to announce; catching up after Relapp was closed; reminder settings.

Every function that depends on the time takes ``now`` (an aware datetime): the caller
owns the clock, so a tray scheduler and its tests can control it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from relapp.domain import promises as rules
from relapp.domain.changes import Changes
from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.model import InteractionDraft
from relapp.domain.outreach import DEFAULT_THRESHOLDS, OutreachThresholds
from relapp.domain.promises import Promise, PromiseDraft, PromiseStatus
from relapp.domain.reminder_words import caught_up_words, reminder_words
from relapp.services import interactions, recurring
from relapp.services.timezone import local_zone
from relapp.storage import Database, promises_repo
from relapp.storage.promises_repo import PersonWishes

LAST_SEEN = "last_seen"
_UNANSWERED = "outreach.unanswered"
_BURST_COUNT = "outreach.burst_count"
_BURST_WINDOW = "outreach.burst_window_minutes"
_SUMMARY_LINES = 3
AWAY_TITLE = N_("While you were away")


def system_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PromiseEntry:
    """A promise with the person it concerns, as lists and reminders show it."""

    promise: Promise
    person: PersonWishes

    @property
    def id(self) -> int:
        return self.promise.id

    @property
    def person_id(self) -> int:
        return self.promise.person_id

    def reminder(self) -> tuple[str, str]:
        """(title, body): "Email Priya: send the pilot results", "prefers email, not phone"."""
        return reminder_words(
            self.person.name, self.promise, self.person.preferred, self.person.avoid
        )


@dataclass(frozen=True)
class DueBoard:
    """The Due view: your overdue, today and upcoming promises, and what others owe you."""

    overdue: tuple[PromiseEntry, ...] = ()
    today: tuple[PromiseEntry, ...] = ()
    upcoming: tuple[PromiseEntry, ...] = ()
    owed_to_me: tuple[PromiseEntry, ...] = ()

    def __len__(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.upcoming) + len(self.owed_to_me)


@dataclass(frozen=True)
class Announcement:
    """One notification. ``person_id`` is whom a click opens; None for a summary of
    several (a click shows what is due). No ``promise_ids``: not about a promise (a
    birthday or anniversary, ``services.occasions``): nothing to mark done or snooze."""

    title: str
    body: str
    person_id: int | None
    promise_ids: tuple[int, ...]


# --- changing promises ----------------------------------------------------------------------


def changes(person_ids: Iterable[int]) -> Changes:
    """What a write of these people's promises changed."""
    return Changes.of_people(person_ids, promises=True)


def _checked(db: Database, draft: PromiseDraft) -> PromiseDraft:
    what = " ".join(draft.what.split())
    if not promises_repo.wishes_of(db, [draft.person_id]):
        raise InvalidInput(N_("Person"), _("this person does not exist any more."))
    plain = draft.draft() if isinstance(draft, Promise) else draft
    return dataclasses.replace(plain, what=what)


def _require_open(p: Promise, doing: str) -> None:
    """``doing``: "done", "cancel" or "snooze"; refused unless the promise is open."""
    if p.is_open:
        return
    done = p.status is PromiseStatus.DONE
    if doing == "done":
        if done:
            message = _("cannot mark it done: this promise is already done.")
        else:
            message = _("cannot mark it done: this promise is already cancelled.")
    elif doing == "cancel":
        if done:
            message = _("cannot cancel it: this promise is already done.")
        else:
            message = _("cannot cancel it: this promise is already cancelled.")
    elif done:
        message = _("cannot snooze it: this promise is already done.")
    else:
        message = _("cannot snooze it: this promise is already cancelled.")
    raise InvalidInput(N_("Promise"), message)


def create_promise(db: Database, draft: PromiseDraft, *, now: datetime) -> Promise:
    """Store a new open promise. One due already (recorded after the fact) counts as
    notified now: the user has just seen it, it shows as overdue without a pop-up."""
    with db.atomic():
        draft = _checked(db, draft)
        promise_id = promises_repo.insert_promise(
            db,
            draft,
            created_at=now,
            last_notified_at=now if draft.due_at <= now else None,
        )
    return promises_repo.get_promise(db, promise_id)


def update_promise(db: Database, promise_id: int, draft: PromiseDraft, *, now: datetime) -> Promise:
    """Change what, who, how or when. A new due time drops the snooze; a due time in the
    past counts as seen now. The promise keeps its own zone unless ``draft`` names one."""
    with db.atomic():
        before = promises_repo.get_promise(db, promise_id)
        draft = _checked(db, dataclasses.replace(draft, zone=draft.zone or before.zone))
        notified = before.last_notified_at
        if draft.due_at <= now:
            notified = now
        elif draft.due_at != before.due_at:
            notified = None
        promises_repo.update_promise(db, promise_id, draft, last_notified_at=notified)
    return promises_repo.get_promise(db, promise_id)


def complete_promise(
    db: Database,
    promise_id: int,
    *,
    now: datetime,
    log: InteractionDraft | None = None,
    interaction_id: int | None = None,
    zone: tzinfo | None = None,
) -> Promise:
    """Mark a promise kept. ``log`` logs the interaction that kept it in the same
    transaction; ``interaction_id`` links one logged already. A recurring promise's next
    occurrence is scheduled in the same transaction (``zone``: the local time zone the
    rule's wall times are in; the system's when None)."""
    with db.atomic():
        p = promises_repo.get_promise(db, promise_id)
        _require_open(p, "done")
        if log is not None:
            interaction_id = interactions.log_interaction(db, log).id
        promises_repo.set_status(
            db, promise_id, PromiseStatus.DONE, done_at=now, interaction_id=interaction_id
        )
        recurring.schedule_next(db, p, now=now, zone=zone or local_zone())
    return promises_repo.get_promise(db, promise_id)


def cancel_promise(
    db: Database,
    promise_id: int,
    *,
    now: datetime,
    whole_series: bool = True,
    zone: tzinfo | None = None,
) -> Promise:
    """Cancel a promise. For one occurrence of a recurring promise, ``whole_series``
    False cancels only this one and schedules the next."""
    with db.atomic():
        p = promises_repo.get_promise(db, promise_id)
        _require_open(p, "cancel")
        promises_repo.set_status(db, promise_id, PromiseStatus.CANCELLED, done_at=now)
        if not whole_series:
            recurring.schedule_next(db, p, now=now, zone=zone or local_zone())
    return promises_repo.get_promise(db, promise_id)


def snooze_promise(db: Database, promise_id: int, duration: timedelta, *, now: datetime) -> Promise:
    """Remind again ``duration`` from now (never earlier than the due time)."""
    with db.atomic():
        p = promises_repo.get_promise(db, promise_id)
        _require_open(p, "snooze")
        promises_repo.set_snoozed_until(db, promise_id, rules.snooze(p, now, duration))
    return promises_repo.get_promise(db, promise_id)


def snooze_promise_until(
    db: Database, promise_id: int, until: datetime, *, now: datetime
) -> Promise:
    """Remind again at ``until`` ("tomorrow morning"), which must be in the future."""
    if until <= now:
        raise InvalidInput(N_("Snooze"), _("a snooze must end in the future."))
    return snooze_promise(db, promise_id, until - now, now=now)


def restore_promise(db: Database, before: Promise) -> Promise:
    """Put back a promise's status, snooze and notification state (undo of done, cancel
    or snooze); the next occurrence that Done or Cancel scheduled goes."""
    with db.atomic():
        promises_repo.restore_state(db, before)
        if before.is_open:
            recurring.unschedule(db, before)
    return promises_repo.get_promise(db, before.id)


def delete_promise(db: Database, promise_id: int) -> Promise:
    """Remove a promise entirely (undo of creating it); returns what was removed."""
    with db.atomic():
        gone = promises_repo.get_promise(db, promise_id)
        promises_repo.delete_promise(db, promise_id)
    return gone


def mark_notified(db: Database, promise_ids: Iterable[int], now: datetime) -> None:
    with db.atomic():
        promises_repo.mark_notified(db, promise_ids, now)


# --- reading --------------------------------------------------------------------------------


def get_promise(db: Database, promise_id: int) -> Promise:
    return promises_repo.get_promise(db, promise_id)


def _entries(db: Database, found: Sequence[Promise]) -> list[PromiseEntry]:
    wishes = promises_repo.wishes_of(db, (p.person_id for p in found))
    missing = PersonWishes(0, "", None, frozenset())
    return [PromiseEntry(p, wishes.get(p.person_id, missing)) for p in found]


def entry(db: Database, promise_id: int) -> PromiseEntry:
    return _entries(db, [promises_repo.get_promise(db, promise_id)])[0]


def open_promises_for(db: Database, person_id: int) -> list[PromiseEntry]:
    """A person's open promises, yours and theirs, earliest due first."""
    return _entries(db, promises_repo.open_promises_of(db, person_id))


def promises_kept_by(db: Database, person_id: int) -> list[Promise]:
    """Every promise with a person, newest due first (for their record)."""
    return promises_repo.promises_of(db, person_id)


def due_board(db: Database, now_local: datetime) -> DueBoard:
    """All open promises, grouped as the Due view shows them (``now_local`` decides what
    "today" means)."""
    groups = rules.group_due(promises_repo.open_promises(db), now_local)
    every = [*groups.overdue, *groups.today, *groups.upcoming, *groups.owed_to_me]
    by_id = {e.id: e for e in _entries(db, every)}

    def pick(ps: tuple[Promise, ...]) -> tuple[PromiseEntry, ...]:
        return tuple(by_id[p.id] for p in ps)

    return DueBoard(
        pick(groups.overdue), pick(groups.today), pick(groups.upcoming), pick(groups.owed_to_me)
    )


def due_entries(db: Database, now: datetime) -> list[PromiseEntry]:
    """Open promises overdue or broken now (yours and theirs; ``promise_state``), earliest
    first: the tray's list. Storage narrows, the one state rule decides."""
    found = [p for p in promises_repo.due_by(db, now) if rules.promise_state(p, now).is_late]
    return _entries(db, found)


def next_entry(db: Database, now: datetime) -> PromiseEntry | None:
    """The promise whose reminder comes next (the tray says "Next: ..." when nothing is due)."""
    found = promises_repo.next_open_after(db, now)
    return _entries(db, [found])[0] if found is not None else None


def count_due(db: Database, now: datetime) -> int:
    return promises_repo.count_due(db, now)


def needing_notification(db: Database, now: datetime) -> list[PromiseEntry]:
    """What to announce now: due and not announced since it became due."""
    found = rules.due_for_notification(promises_repo.needing_notification(db, now), now)
    return _entries(db, found)


def next_wakeup(db: Database, now: datetime) -> datetime | None:
    """When the next reminder falls due (for a single timer); None: nothing pending."""
    return promises_repo.next_due_after(db, now)


# --- start-up and announcing ----------------------------------------------------------------


def last_seen(db: Database) -> datetime | None:
    value = promises_repo.get_state(db, LAST_SEEN)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        return None


def set_last_seen(db: Database, now: datetime) -> None:
    with db.atomic():
        promises_repo.set_state(db, LAST_SEEN, now.astimezone(UTC).isoformat())


def catch_up(db: Database, now: datetime) -> list[PromiseEntry]:
    """What fell due while Relapp was not running and was never announced."""
    pending = promises_repo.needing_notification(db, now)
    return _entries(db, rules.catch_up(pending, now, last_seen(db)).items)


def announcement_for(
    entries: Sequence[PromiseEntry], *, while_closed: bool = False
) -> Announcement | None:
    """One notification for what is due: the reminder itself when there is one, else a
    summary (``while_closed``: the catch-up wording)."""
    if not entries:
        return None
    ids = tuple(e.id for e in entries)
    if while_closed:  # one or several: the same caught-up wording
        names = {e.person_id: e.person.name for e in entries}
        text = caught_up_words([e.promise for e in entries], names)
        if len(entries) == 1:
            return Announcement(
                _(AWAY_TITLE), f"{text}\n{entries[0].reminder()[1]}", entries[0].person_id, ids
            )
        return Announcement(_(AWAY_TITLE), text, None, ids)
    if len(entries) == 1:
        title, body = entries[0].reminder()
        return Announcement(title, body, entries[0].person_id, ids)
    lines = [e.reminder()[0] for e in entries[:_SUMMARY_LINES]]
    if len(entries) > _SUMMARY_LINES:
        lines.append(_("and {n} more").format(n=len(entries) - _SUMMARY_LINES))
    title = ngettext("{n} promise is due", "{n} promises are due", len(entries))
    return Announcement(title.format(n=len(entries)), "\n".join(lines), None, ids)


# --- settings -------------------------------------------------------------------------------


def outreach_thresholds(db: Database) -> OutreachThresholds:
    """The thresholds for the gentle outreach warnings (defaults where unset or bad)."""

    def number(key: str, default: int) -> int:
        value = promises_repo.get_state(db, key)
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default

    try:
        return OutreachThresholds(
            unanswered=number(_UNANSWERED, DEFAULT_THRESHOLDS.unanswered),
            burst_count=number(_BURST_COUNT, DEFAULT_THRESHOLDS.burst_count),
            burst_window=timedelta(
                minutes=number(
                    _BURST_WINDOW, int(DEFAULT_THRESHOLDS.burst_window.total_seconds() // 60)
                )
            ),
        )
    except ValueError:
        return DEFAULT_THRESHOLDS


def set_outreach_thresholds(db: Database, thresholds: OutreachThresholds) -> None:
    with db.atomic():
        promises_repo.set_state(db, _UNANSWERED, str(thresholds.unanswered))
        promises_repo.set_state(db, _BURST_COUNT, str(thresholds.burst_count))
        minutes = max(1, int(thresholds.burst_window.total_seconds() // 60))
        promises_repo.set_state(db, _BURST_WINDOW, str(minutes))
