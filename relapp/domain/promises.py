"""Promises and their reminders: "I'll call you Thursday at 3", "Dan will send the quotes".

Pure rules, no clock of their own: every function takes ``now``. Stored times are UTC;
functions named ``*_local`` or taking ``now_local`` work in the user's time zone and need
an aware datetime whose tzinfo knows the zone's rules (a ``zoneinfo.ZoneInfo``), so that
"tomorrow at 9" stays 9:00 across a daylight-saving change. (``datetime.now().astimezone()``
gives a fixed offset, which does not know about DST.)

How a tray scheduler uses this module, without polling:

1. At start-up, ``catch_up(promises, now, last_seen)`` tells what fell due while the app
   was closed; show it once, then store ``last_notified_at = now`` for its items.
2. Notify each of ``due_for_notification(promises, now)`` and store its
   ``last_notified_at = now``.
3. Arm one timer for ``next_wakeup(promises, now)``; when it fires, or when promises
   change, go back to 2.
4. Timers count monotonic time, which may stop during suspend while the wall clock does
   not. A coarse heartbeat compares both with ``detect_clock_jump`` and re-arms on a jump.

Both sides' promises remind: your own ("Call Carol") and theirs, as a gentle prompt to
nudge them ("Dan owes you: send the quotes").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from relapp.domain.i18n import N_, _
from relapp.domain.model import Channel
from relapp.domain.outreach import preference_text
from relapp.domain.promise_due import (  # noqa: F401 (re-exported: one place to import from)
    LATER_TODAY_DELAY,
    LATER_TODAY_LATEST,
    MORNING,
    DueChoice,
    quick_due,
    tomorrow_morning,
)
from relapp.domain.promise_model import (  # noqa: F401 (re-exported)
    Promise,
    PromiseDraft,
    Promiser,
    PromiseStatus,
    _require_aware,
)

# --- when a promise is due, and when to remind -------------------------------------------


def effective_due(p: Promise) -> datetime:
    """When the reminder is due: the snooze end if it is later than the due time."""
    if p.snoozed_until is not None and p.snoozed_until > p.due_at:
        return p.snoozed_until
    return p.due_at


def is_snoozed(p: Promise, now: datetime) -> bool:
    """True while a snooze holds the promise back (``PromiseState.SNOOZED``)."""
    return promise_state(p, now) is PromiseState.SNOOZED


def is_overdue(p: Promise, now: datetime) -> bool:
    """Open and past its effective due time: overdue or broken (a snoozed promise is
    neither until the snooze ends)."""
    return promise_state(p, now).is_late


def needs_notification(p: Promise, now: datetime) -> bool:
    """Open, due (snooze included), and not notified since it became due.

    Applies to both promisers: for ``THEM`` the reminder prompts you to nudge them. A
    promise stored already overdue notifies at once unless the caller sets
    ``last_notified_at``. A snooze moves the effective due time past the last
    notification, so the reminder comes back when the snooze ends.
    """
    if not is_overdue(p, now):
        return False
    return p.last_notified_at is None or p.last_notified_at < effective_due(p)


def due_for_notification(promises: Iterable[Promise], now: datetime) -> list[Promise]:
    """The promises to notify now, earliest effective due first."""
    return sorted((p for p in promises if needs_notification(p, now)), key=_due_order)


def next_wakeup(promises: Iterable[Promise], now: datetime) -> datetime | None:
    """The earliest effective due time after ``now`` of an open promise, for a single
    timer; None when nothing is pending. Done and cancelled promises are ignored."""
    future = [effective_due(p) for p in promises if p.is_open and effective_due(p) > now]
    return min(future, default=None)


def snooze(p: Promise, now: datetime, duration: timedelta) -> datetime:
    """The new ``snoozed_until`` for snoozing ``p`` by ``duration`` from ``now``.

    A snooze ending before the due time changes nothing (see :func:`effective_due`).
    """
    if not p.is_open:
        raise ValueError(f"only an open promise can be snoozed; this one is {p.status}")
    if duration <= timedelta(0):
        raise ValueError("a snooze must last longer than zero")
    return _instant(_require_aware(now, "now")) + duration


def detect_clock_jump(
    expected_elapsed: timedelta,
    measured_wall: timedelta,
    tolerance: timedelta = timedelta(seconds=5),
) -> bool:
    """True when the wall clock moved differently from a monotonic clock over the same
    interval (suspend and resume, the clock set by hand or by NTP): timers must be re-armed
    and due promises swept. A difference of exactly ``tolerance`` is not a jump."""
    if tolerance < timedelta(0):
        raise ValueError("tolerance cannot be negative")
    return abs(measured_wall - expected_elapsed) > tolerance


def _instant(moment: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo compare and subtract by wall time; UTC does not.
    return moment.astimezone(UTC)


def _due_order(p: Promise) -> tuple[datetime, int]:
    return effective_due(p), p.id


# --- one state for a promise, everywhere ---------------------------------------------------

GRACE = timedelta(hours=24)  # past due (or past the snooze) before an open promise is broken
DUE_SOON = timedelta(hours=24)  # an open promise due within this reads "due soon"


class PromiseState(enum.StrEnum):
    """What a promise is at a moment: every view and the health score read this.

    ``docs/promises.md`` ("One state everywhere") gives the rules; in short, the
    *deadline* is the effective due time (the snooze end when that is later) plus
    ``GRACE``; an open promise is overdue from its effective due time and broken from
    its deadline, and never either while a snooze holds it.
    """

    UPCOMING = "upcoming"  # open, due later than DUE_SOON from now
    DUE_SOON = "due_soon"  # open, due within DUE_SOON
    SNOOZED = "snoozed"  # open, a snooze holds it until snoozed_until
    OVERDUE = "overdue"  # open, past its effective due time, within the grace
    BROKEN = "broken"  # open, past its deadline
    KEPT = "kept"  # done by its deadline (or with no time recorded)
    KEPT_LATE = "kept_late"  # done after its deadline
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in _OPEN_STATES

    @property
    def is_late(self) -> bool:
        """Overdue or broken: what views show in red and Today lists."""
        return self in (PromiseState.OVERDUE, PromiseState.BROKEN)

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])


_OPEN_STATES = frozenset(
    {
        PromiseState.UPCOMING,
        PromiseState.DUE_SOON,
        PromiseState.SNOOZED,
        PromiseState.OVERDUE,
        PromiseState.BROKEN,
    }
)
_STATE_LABELS = {
    PromiseState.UPCOMING: N_("upcoming"),
    PromiseState.DUE_SOON: N_("due soon"),
    PromiseState.SNOOZED: N_("snoozed"),
    PromiseState.OVERDUE: N_("overdue"),
    PromiseState.BROKEN: N_("broken"),
    PromiseState.KEPT: N_("kept"),
    PromiseState.KEPT_LATE: N_("kept late"),
    PromiseState.CANCELLED: N_("cancelled"),
}


def deadline(due_at: datetime, snoozed_until: datetime | None = None) -> datetime:
    """When an open promise turns from overdue to broken: the effective due time (the
    snooze end when later than the due time) plus ``GRACE``."""
    effective = snoozed_until if snoozed_until is not None and snoozed_until > due_at else due_at
    return effective + GRACE


def state_at(
    now: datetime,
    due_at: datetime,
    *,
    status: PromiseStatus = PromiseStatus.OPEN,
    snoozed_until: datetime | None = None,
    done_at: datetime | None = None,
) -> PromiseState:
    """The one rule, from the stored fields (``promise_state`` for a ``Promise``)."""
    if status is PromiseStatus.CANCELLED:
        return PromiseState.CANCELLED
    late_from = deadline(due_at, snoozed_until)
    if status is PromiseStatus.DONE:
        if done_at is not None and done_at > late_from:
            return PromiseState.KEPT_LATE
        return PromiseState.KEPT
    if snoozed_until is not None and snoozed_until > now and snoozed_until > due_at:
        return PromiseState.SNOOZED
    if now >= late_from:
        return PromiseState.BROKEN
    if now >= due_at:
        return PromiseState.OVERDUE
    if due_at - now <= DUE_SOON:
        return PromiseState.DUE_SOON
    return PromiseState.UPCOMING


def promise_state(p: Promise, now: datetime) -> PromiseState:
    """What ``p`` is at ``now``: upcoming, due soon, snoozed, overdue, broken, kept, kept
    late or cancelled."""
    return state_at(
        now, p.due_at, status=p.status, snoozed_until=p.snoozed_until, done_at=p.done_at
    )


def next_state_change(
    now: datetime, due_at: datetime, snoozed_until: datetime | None = None
) -> datetime | None:
    """The next moment after ``now`` when an open promise's state changes (due soon,
    snooze over, overdue, broken); None when none is ahead. Views arm one timer for it."""
    moments = [due_at - DUE_SOON, due_at, deadline(due_at, snoozed_until)]
    if snoozed_until is not None:
        moments.append(snoozed_until)
    return min((m for m in moments if m > now), default=None)


class Outcome(enum.StrEnum):
    """How a promise counts for health, from its state."""

    KEPT = "kept"
    BROKEN = "broken"  # broken, kept late, or cancelled once already past its deadline
    PENDING = "pending"  # open and not broken (upcoming, due soon, snoozed, overdue)
    IGNORED = "ignored"  # cancelled by its deadline: plans change


def outcome_of(state: PromiseState, *, cancelled_late: bool = False) -> Outcome:
    if state is PromiseState.KEPT:
        return Outcome.KEPT
    if state in (PromiseState.BROKEN, PromiseState.KEPT_LATE):
        return Outcome.BROKEN
    if state is PromiseState.CANCELLED:
        return Outcome.BROKEN if cancelled_late else Outcome.IGNORED
    return Outcome.PENDING


def promise_outcome(p: Promise, now: datetime) -> Outcome:
    """How ``p`` counts for health at ``now`` (``health.promise_outcomes`` is the same
    rule over arrays)."""
    late = p.done_at is not None and p.done_at > deadline(p.due_at, p.snoozed_until)
    return outcome_of(promise_state(p, now), cancelled_late=late)


# --- catching up after the app was closed ------------------------------------------------


@dataclass(frozen=True)
class CatchUp:
    """Promises that fell due while Relapp was not running and were never notified,
    earliest first."""

    items: tuple[Promise, ...]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def summary_text(self, names: Mapping[int, str]) -> str:
        """One notification's text; ``names`` maps person ids to display names.

        Up to three items get a line each under a heading; more get one line:
        "5 promises fell due while Relapp was closed: call Carol, nudge Dan, and 3 more".
        """
        count = len(self.items)
        if count == 0:
            return ""
        heading = (
            "A promise fell due" if count == 1 else f"{count} promises fell due"
        ) + " while Relapp was closed:"
        if count <= 3:
            lines = [_title(names.get(p.person_id, ""), p, p.channel) for p in self.items]
            return "\n".join([heading, *lines])
        named = ", ".join(_short(names.get(p.person_id, ""), p) for p in self.items[:2])
        return f"{heading} {named}, and {count - 2} more"


def catch_up(promises: Iterable[Promise], now: datetime, last_seen: datetime | None) -> CatchUp:
    """What fell due after ``last_seen`` (when Relapp last ran; None: never or unknown)
    and still needs notifying. Anything older that still needs it is left to
    :func:`due_for_notification`."""
    return CatchUp(
        tuple(
            p
            for p in due_for_notification(promises, now)
            if last_seen is None or effective_due(p) > last_seen
        )
    )


# --- reminder wording ----------------------------------------------------------------------

_VERBS = {
    Channel.EMAIL: "Email",
    Channel.CALL: "Call",
    Channel.MEETING: "Meet",
    Channel.MESSAGE: "Message",
    Channel.VIDEO: "Video-call",
    Channel.LETTER: "Write to",
}


def channel_verb(channel: Channel | None) -> str:
    """How to reach someone on a channel, as a verb: CALL -> "Call", None -> "Contact"."""
    return _VERBS.get(channel, "Contact") if channel is not None else "Contact"


def reminder_text(
    person_name: str, p: Promise, preferred: Channel | None, avoid: frozenset[Channel]
) -> tuple[str, str]:
    """(title, body) of a tray reminder.

    Yours: ("Email Jeff: send the pricing", "prefers email, not phone"); the verb follows
    the promise's channel, else the person's preferred one. Theirs: ("Dan owes you: send
    the quotes", "Nudge Dan? (prefers email)").
    """
    name = person_name.strip()
    wishes = preference_text(preferred, avoid)
    if p.promiser is Promiser.THEM:
        nudge = f"Nudge {name}?" if name else "A gentle nudge?"
        return _title(name, p, p.channel), (f"{nudge} ({wishes})" if wishes else nudge)
    channel = p.channel
    if channel is None and preferred is not None and preferred not in avoid:
        channel = preferred
    return _title(name, p, channel), wishes or "You said you would."


def _title(name: str, p: Promise, channel: Channel | None) -> str:
    what = p.what.strip()
    if p.promiser is Promiser.THEM:
        return f"{name or 'Someone'} owes you: {what}"
    return f"{channel_verb(channel)} {name or 'them'}: {what}"


def _short(name: str, p: Promise) -> str:
    if p.promiser is Promiser.THEM:
        return f"nudge {name or 'someone'}"
    return f"{channel_verb(p.channel).lower()} {name or 'someone'}"


# --- the tray's lists ----------------------------------------------------------------------


@dataclass(frozen=True)
class DueGroups:
    """Open promises as the tray lists them, each sorted by effective due time.

    ``overdue``, ``today`` and ``upcoming`` are yours (today: later on the local date);
    ``owed_to_me`` holds every open promise made to you, due or not.
    """

    overdue: tuple[Promise, ...]
    today: tuple[Promise, ...]
    upcoming: tuple[Promise, ...]
    owed_to_me: tuple[Promise, ...]


def group_due(promises: Iterable[Promise], now_local: datetime) -> DueGroups:
    zone = _require_aware(now_local, "now_local").tzinfo
    overdue: list[Promise] = []
    today: list[Promise] = []
    upcoming: list[Promise] = []
    owed: list[Promise] = []
    for p in sorted((p for p in promises if p.is_open), key=_due_order):
        if p.promiser is Promiser.THEM:
            owed.append(p)
        elif is_overdue(p, now_local):
            overdue.append(p)
        elif effective_due(p).astimezone(zone).date() == now_local.date():
            today.append(p)
        else:
            upcoming.append(p)
    return DueGroups(tuple(overdue), tuple(today), tuple(upcoming), tuple(owed))
