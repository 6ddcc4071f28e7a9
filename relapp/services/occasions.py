"""Birthdays and anniversaries that notify, as use cases: what is due now, marking it
shown, when to look next, and the two settings (time of day, days before).

The rule is ``domain.occasions``; storage narrows the people to those whose day falls in
the few weeks that can matter (``occasions.window``, which the Today view reads too,
from ``CATCH_UP_DAYS`` back to the days-before ahead).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, time, timedelta, tzinfo

from relapp.domain import occasions as rules
from relapp.domain.occasions import NoticeKey, OccasionNotice, OccasionSettings
from relapp.services.promises import Announcement
from relapp.storage import Database, occasions_repo, promises_repo

TIME_KEY = "occasions.time"  # "HH:MM"
DAYS_BEFORE_KEY = "occasions.days_before"


def settings(db: Database) -> OccasionSettings:
    """The notice settings; the defaults (09:00, not before) where unset or unreadable."""
    at, days = rules.DEFAULT_TIME, 0
    text = promises_repo.get_state(db, TIME_KEY)
    if text:
        with contextlib.suppress(ValueError):
            at = time.fromisoformat(text)
    text = promises_repo.get_state(db, DAYS_BEFORE_KEY)
    if text and text.isdigit() and int(text) <= rules.MAX_DAYS_BEFORE:
        days = int(text)
    return OccasionSettings(at, days)


def set_settings(db: Database, value: OccasionSettings) -> None:
    with db.atomic():
        promises_repo.set_state(db, TIME_KEY, value.at.strftime("%H:%M"))
        promises_repo.set_state(db, DAYS_BEFORE_KEY, str(value.days_before))


def due_notices(
    db: Database,
    now: datetime,
    zone: tzinfo,
    person_ids: Collection[int] | None = None,
    *,
    closed_since: datetime | None = None,
) -> list[OccasionNotice]:
    """The birthday and anniversary notices due at ``now`` and not shown yet; of these
    people only, when ``person_ids`` are given (a quick read by id: after an edit).
    ``closed_since``: when Relapp last ran before this start (``promises.last_seen``,
    read at start): earlier days' notices are caught up only from then."""
    setting = settings(db)
    now_local = now.astimezone(zone)
    if person_ids is not None:
        found = occasions_repo.occasions_of(db, person_ids)
    else:
        first = now_local.date() - timedelta(days=rules.CATCH_UP_DAYS)
        pairs = rules.window(first, rules.CATCH_UP_DAYS + setting.days_before)
        found = occasions_repo.occasions_on(db, pairs)
    shown = occasions_repo.notified(db, (o.person_id for o in found))
    return rules.due_notices(found, now_local, setting, shown, closed_since)


def mark_notified(db: Database, keys: Iterable[NoticeKey], now: datetime) -> None:
    with db.atomic():
        occasions_repo.mark_notified(db, keys, now)


def next_check(db: Database, now: datetime, zone: tzinfo) -> datetime:
    """The next moment a notice can fall due: the set time of day, today or tomorrow."""
    return rules.next_check(now.astimezone(zone), settings(db))


def announcement_for(notices: Sequence[OccasionNotice]) -> Announcement | None:
    """One notification: the notice itself (a click opens the person), or a summary.
    No promise ids: nothing to mark done or snooze."""
    if not notices:
        return None
    if len(notices) == 1:
        n = notices[0]
        return Announcement(n.title, n.body, n.occasion.person_id, ())
    title, body = rules.summary_text(list(notices))
    people = {n.occasion.person_id for n in notices}
    return Announcement(title, body, people.pop() if len(people) == 1 else None, ())
