"""How a sync reaches the database: in short steps, never across a network round trip.

A sync talks to the server (listing, fetching, PUT, DELETE) on its own, and hands each
database step to ``step``: reading what changed here, writing what came from the server,
recording an item's ETag or the sync token. Each step is short and complete on its own
(one transaction, or a read); a step that writes re-reads what it decides on inside its
transaction, so a save made between two steps (the user editing someone while a card
goes up) is never overwritten with what the sync read before it, and is sent by the
next sync.

``direct`` runs a step at once, on the caller's thread (``relapp sync``, the tests); the
window hands each step to its one writer (``ui/sync/steps.py``), so a save in the
window waits at most for one step, not for the sync.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Step(Protocol):
    def __call__(self, fn: Callable[[], T], /) -> T: ...


def direct(fn: Callable[[], T]) -> T:
    """Run the step here and now."""
    return fn()
