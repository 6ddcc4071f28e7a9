"""let_go: a big structure freed a few objects at a time (issue 18)."""

from __future__ import annotations

import sys
import weakref
from dataclasses import dataclass

from relapp.services.letting_go import SMALL, let_go


class Item:
    pass


@dataclass(frozen=True)
class Holder:
    items: tuple[Item, ...]
    by_id: dict[int, Item]


def test_a_structure_is_freed_item_by_item_and_what_others_hold_is_kept() -> None:
    events: list[object] = []
    items = [Item() for _ in range(1_000)]
    kept = items[0]
    refs = [weakref.ref(i, events.append) for i in items]
    holder = Holder(tuple(items[:500]), {n: item for n, item in enumerate(items[500:])})
    del items
    held: list[object] = [holder]
    del holder

    def mark(_frame: object, _event: str, _arg: object) -> None:
        events.append(None)

    sys.setprofile(mark)
    try:
        let_go(held)
    finally:
        sys.setprofile(None)
    assert held == []
    assert sum(1 for r in refs if r() is None) == 999 and refs[0]() is kept
    longest = run = 0
    for event in events:
        run = 0 if event is None else run + 1
        longest = max(longest, run)
    assert longest <= SMALL  # never the whole tuple or dict in one cascade


def test_what_is_still_held_elsewhere_is_only_dropped() -> None:
    items = tuple(Item() for _ in range(200))
    held: list[object] = [items]
    let_go(held)
    assert held == [] and len(items) == 200
