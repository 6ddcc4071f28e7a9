"""Recurring promises as a use case: the next occurrence after one is done or cancelled
alone (the rule in words is ``domain.promise_wording.repeat_text``).

``schedule_next`` runs inside the caller's transaction (``promises.complete_promise``,
``promises.cancel_promise``), so marking one occurrence done and scheduling the next is
one write, and one undo step (``promises.restore_promise`` removes the occurrence it
scheduled).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo

from relapp.domain import recurrence
from relapp.domain.promises import Promise
from relapp.storage import Database, promises_repo


def schedule_next(db: Database, p: Promise, *, now: datetime, zone: tzinfo) -> int | None:
    """Store the occurrence after ``p`` (open, due at the rule's next instance after
    ``p``'s due time and now, local wall time in ``zone``); its id, or None when ``p``
    does not repeat or its rule has ended. Call inside a transaction."""
    if not p.recurrence:
        return None
    due = recurrence.next_occurrence(p.recurrence, p.due_at, now, zone)
    if due is None:
        return None
    draft = dataclasses.replace(p.draft(), due_at=due)
    return promises_repo.insert_promise(db, draft, created_at=now, follows_id=p.id)
