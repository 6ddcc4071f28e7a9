"""let_go: a big structure freed a few objects at a time (issue 18)."""

from __future__ import annotations

import sys
import weakref
from dataclasses import dataclass

import pytest

from relapp.domain import letting_go
from relapp.domain.letting_go import SMALL, let_go


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


def longest_run(events: list[object]) -> int:
    longest = run = 0
    for event in events:
        run = 0 if event is None else run + 1
        longest = max(longest, run)
    return longest


def profiled(events: list[object], call: object) -> None:
    def mark(_frame: object, _event: str, _arg: object) -> None:
        events.append(None)

    sys.setprofile(mark)
    try:
        call()  # type: ignore[operator]
    finally:
        sys.setprofile(None)


def test_the_matching_profiles_are_forgotten_one_at_a_time() -> None:
    """8,192 profiles are some 90,000 objects: a cache_clear freed them in one cascade,
    the GIL held 22 ms on the worker planning an import (issue 18)."""
    from relapp.domain.match_profile import forget_profiles, keys_of_draft, profile_of
    from relapp.domain.model import PersonDraft

    forget_profiles()
    events: list[object] = []
    profiles = [profile_of(keys_of_draft(PersonDraft(f"Person {n} Smith"))) for n in range(500)]
    refs = [weakref.ref(p, events.append) for p in profiles]
    del profiles
    profiled(events, forget_profiles)
    assert all(r() is None for r in refs)
    assert longest_run(events) <= SMALL


def test_planning_lets_the_cards_keys_go_a_piece_at_a_time(tmp_path, monkeypatch) -> None:
    """The cards' keys, everyone's name blocks and owners, freed as planning returned,
    held the GIL 17-30 ms each at the full size (issue 18)."""
    from relapp.services.importing import plan_import, planning
    from relapp.storage import open_database

    events: list[object] = []
    refs: list[weakref.ref] = []
    real = planning.keys_of_draft

    def keys_of_draft(draft):  # type: ignore[no-untyped-def]
        keys = real(draft)
        refs.append(weakref.ref(keys, events.append))
        return keys

    monkeypatch.setattr(planning, "keys_of_draft", keys_of_draft)
    path = tmp_path / "cards.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card {n}\r\nEMAIL:c{n}@x.example\r\nEND:VCARD\r\n"
            for n in range(400)
        )
    )
    db = open_database(tmp_path / "relapp.sqlite3", backups_dir=tmp_path / "backups")
    try:
        plans: list[object] = []
        profiled(events, lambda: plans.append(plan_import(db, [path])))
    finally:
        db.close()
    assert len(refs) == 400 and all(r() is None for r in refs)
    assert longest_run(events) <= SMALL


def test_in_a_process_without_a_window_what_is_let_go_is_dropped_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``relapp`` command (no window waits for the GIL): ``let_go`` drops what it is
    handed, freed in one go, without its loop; the structure is freed all the same."""
    monkeypatch.setattr(letting_go, "_in_pieces", [True])
    letting_go.no_window_waits()
    events: list[object] = []
    items = [Item() for _ in range(1_000)]
    refs = [weakref.ref(i, events.append) for i in items]
    held: list[object] = [Holder(tuple(items[:500]), dict(enumerate(items[500:])))]
    del items
    profiled(events, lambda: let_go(held))
    assert held == [] and all(r() is None for r in refs)
    assert longest_run(events) == 1_000  # one cascade: no Python ran between the frees
