"""Recurring promises as a use case: the next occurrence after one is done or cancelled
alone (the rule in words is ``domain.promise_wording.repeat_text``).

``schedule_next`` runs inside the caller's transaction (``promises.complete_promise``,
``promises.cancel_promise``), so marking one occurrence done and scheduling the next is
one write, and one undo step (``promises.restore_promise`` removes the occurrence it
scheduled).

The series keeps one uid: the occurrence scheduled takes the uid of the one done, which
gets the new one. Synced, the series is one task that moves on to its next due time
(``RRULE`` kept, still open), and the occurrence done is a completed task of its own.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo

from relapp.domain import recurrence
from relapp.domain.promise_model import zone_of
from relapp.domain.promises import Promise
from relapp.storage import Database, promises_repo


def schedule_next(db: Database, p: Promise, *, now: datetime, zone: tzinfo) -> int | None:
    """Store the occurrence after ``p`` (open, due at the rule's next instance after
    ``p``'s due time and now, wall time in ``p``'s own zone, else in ``zone``, the
    user's); its id, or None when ``p`` does not repeat or its rule has ended. Call
    inside a transaction."""
    if not p.recurrence:
        return None
    moved = recurrence.move_on(p.recurrence, p.due_at, now, zone_of(p, zone))
    if moved is None:
        return None
    due, rule = moved  # a COUNT counts what is left (``recurrence.move_on``)
    draft = dataclasses.replace(p.draft(), due_at=due, recurrence=rule)
    follower = promises_repo.insert_promise(db, draft, created_at=now, follows_id=p.id)
    promises_repo.swap_uids(db, p.id, follower)
    return follower


def unschedule(db: Database, p: Promise) -> None:
    """Undo :func:`schedule_next` for ``p`` (open again): the series uid comes back to it
    and the occurrence scheduled after it goes. Call inside a transaction."""
    for follower in promises_repo.open_followers(db, p.id):
        promises_repo.swap_uids(db, p.id, follower)
    promises_repo.delete_open_followers(db, p.id)
