"""A day captured before that grew since: its new messages grow the ONE entry of that
day instead of making a second one.

Mail is one interaction per thread per local day, chats one per chat per day. When a
later capture finds new messages on such a day (the archive grew later that day), the
plan carries them as a growth (``PlannedInteraction.grows``: the entry's id) with what
the new messages alone say: their count, their direction, their people, the first one's
time and subject. ``grown`` folds that into the entry as it stands:

- message count: the sum;
- people: everyone already in it, then the new ones;
- direction: unchanged when the new messages go the same way, else both;
- time and summary: those of the earlier of the two (the day's first message).

Undoing the capture that grew an entry puts back the entry as it was just before that
capture, with the growths of later captures (still in place) folded in again
(``regrown``); undoing the capture that made the entry removes it, grown or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from relapp.domain.model import Direction


@dataclass(frozen=True)
class EntryState:
    """What capture decides of an entry (or of a growth: its new messages alone)."""

    occurred_at: datetime
    direction: Direction
    summary: str
    message_count: int
    person_ids: tuple[int, ...]


def combined(a: Direction, b: Direction) -> Direction:
    return a if a is b else Direction.BOTH


def grown(entry: EntryState, growth: EntryState) -> EntryState:
    """The entry with the growth's messages in it."""
    first = growth if growth.occurred_at < entry.occurred_at else entry
    return EntryState(
        occurred_at=first.occurred_at,
        direction=combined(entry.direction, growth.direction),
        summary=first.summary,
        message_count=entry.message_count + growth.message_count,
        person_ids=tuple(dict.fromkeys((*entry.person_ids, *growth.person_ids))),
    )


def regrown(
    before: EntryState, later: Sequence[EntryState]
) -> tuple[tuple[EntryState, ...], EntryState]:
    """Undoing a growth: the entry as it was before it, with the ``later`` growths
    folded in again. Returns each later growth's new "before" and the entry's state."""
    befores = []
    state = before
    for growth in later:
        befores.append(state)
        state = grown(state, growth)
    return tuple(befores), state
