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
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from relapp.domain.errors import InvalidInput
from relapp.domain.model import Channel
from relapp.domain.outreach import preference_text

MORNING = time(9, 0)
LATER_TODAY_DELAY = timedelta(hours=3)
LATER_TODAY_LATEST = time(21, 0)


class PromiseStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Promiser(enum.StrEnum):
    """Who made the promise: you, or the other person ("Dan said he'd send the quotes")."""

    ME = "me"
    THEM = "them"


@dataclass(frozen=True)
class PromiseDraft:
    """A promise before it is stored.

    ``what`` is a short phrase of what will be done ("send the pricing"); ``channel`` how
    (None: not said). ``due_at`` may be given in any zone; it is kept in UTC.
    """

    person_id: int
    promiser: Promiser
    what: str
    channel: Channel | None
    due_at: datetime

    def __post_init__(self) -> None:
        if not self.what.strip():
            raise InvalidInput("what", "Say what was promised.")
        _set_utc(self, "due_at")


@dataclass(frozen=True)
class Promise(PromiseDraft):
    """A stored promise. ``snoozed_until`` postpones its reminder (never brings it
    forward); ``last_notified_at`` is when a reminder for it was last shown."""

    id: int
    status: PromiseStatus
    snoozed_until: datetime | None
    last_notified_at: datetime | None
    created_at: datetime
    done_at: datetime | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("snoozed_until", "last_notified_at", "created_at", "done_at"):
            _set_utc(self, name)

    @property
    def is_open(self) -> bool:
        return self.status is PromiseStatus.OPEN

    def draft(self) -> PromiseDraft:
        return PromiseDraft(**{f.name: getattr(self, f.name) for f in fields(PromiseDraft)})


def _set_utc(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if value is not None:
        object.__setattr__(obj, name, _require_aware(value, name).astimezone(UTC))


def _require_aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    return value


# --- when a promise is due, and when to remind -------------------------------------------


def effective_due(p: Promise) -> datetime:
    """When the reminder is due: the snooze end if it is later than the due time."""
    if p.snoozed_until is not None and p.snoozed_until > p.due_at:
        return p.snoozed_until
    return p.due_at


def is_snoozed(p: Promise, now: datetime) -> bool:
    """True while a snooze holds the promise's reminder back."""
    return p.is_open and effective_due(p) > max(p.due_at, now)


def is_overdue(p: Promise, now: datetime) -> bool:
    """Open and its effective due time has come (a snoozed promise is not overdue until
    the snooze ends)."""
    return p.is_open and effective_due(p) <= now


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


def _due_order(p: Promise) -> tuple[datetime, int]:
    return effective_due(p), p.id


# --- quick due times, in local time --------------------------------------------------------


class DueChoice(enum.StrEnum):
    """The quick answers to "when?" offered when recording a promise."""

    LATER_TODAY = "later_today"
    TOMORROW_MORNING = "tomorrow_morning"
    WEEKDAY_AT_HOUR = "weekday_at_hour"  # "Thursday at 3"
    IN_A_WEEK = "in_a_week"
    CUSTOM = "custom"  # the user picks a date and time; there is nothing to compute


def _at_local(day: date, at: time, zone: tzinfo, fold: int = 0) -> datetime:
    """``day`` at wall time ``at`` in ``zone``. A wall time skipped by a DST change moves
    forward by the gap (02:30 on a spring-forward night becomes 03:30); a repeated one is
    the first occurrence unless ``fold`` is 1."""
    naive = datetime.combine(day, at).replace(fold=fold)
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def _instant(moment: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo compare and subtract by wall time; UTC does not.
    return moment.astimezone(UTC)


def tomorrow_morning(now_local: datetime) -> datetime:
    """9:00 on the day after ``now_local``'s date, in its zone."""
    zone = _require_aware(now_local, "now_local").tzinfo
    assert zone is not None
    return _at_local(now_local.date() + timedelta(days=1), MORNING, zone)


def quick_due(
    choice: DueChoice, now_local: datetime, *, weekday: int = 3, hour: int = 15
) -> datetime:
    """The due time a quick choice means at ``now_local``, aware, in the same zone.

    - later today: three real hours from now, rounded up to the next half hour; if that
      is past 21:00 today, tomorrow morning instead;
    - tomorrow morning: 9:00 tomorrow;
    - weekday at hour (Monday is 0; default Thursday at 15:00): the next such time, today
      if it is that weekday and the hour is still ahead;
    - in a week: the same wall time seven days on.

    ``CUSTOM`` has no quick time and raises ValueError: ask the user.
    """
    zone = _require_aware(now_local, "now_local").tzinfo
    assert zone is not None
    today = now_local.date()
    if choice is DueChoice.LATER_TODAY:
        return _later_today(now_local, zone)
    if choice is DueChoice.TOMORROW_MORNING:
        return tomorrow_morning(now_local)
    if choice is DueChoice.WEEKDAY_AT_HOUR:
        if not 0 <= weekday <= 6 or not 0 <= hour <= 23:
            raise ValueError(f"weekday must be 0..6 and hour 0..23, got {weekday}, {hour}")
        ahead = (weekday - today.weekday()) % 7
        due = _at_local(today + timedelta(days=ahead), time(hour), zone)
        if _instant(due) <= _instant(now_local):
            due = _at_local(today + timedelta(days=ahead + 7), time(hour), zone)
        return due
    if choice is DueChoice.IN_A_WEEK:
        return _at_local(today + timedelta(days=7), now_local.time(), zone)
    raise ValueError(f"{choice!r} has no quick due time; ask the user for one")


def _later_today(now_local: datetime, zone: tzinfo) -> datetime:
    later = (now_local.astimezone(UTC) + LATER_TODAY_DELAY).astimezone(zone)
    minutes = later.hour * 60 + later.minute + (1 if later.second or later.microsecond else 0)
    minutes = -(-minutes // 30) * 30  # round up to a half hour
    day = later.date() + timedelta(days=minutes // (24 * 60))
    minutes %= 24 * 60
    due = _at_local(day, time(minutes // 60, minutes % 60), zone, fold=later.fold)
    if _instant(due) > _instant(_at_local(now_local.date(), LATER_TODAY_LATEST, zone)):
        return tomorrow_morning(now_local)
    return due


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
