"""What the calendar sync (``calendar_sync``) needs of one kind of record (``Kind``),
what reading an item may say besides the item (``Wait``, ``Leave``), and the rules it
compares and merges items by."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from relapp.services.sync.steps import Step

T = TypeVar("T")


@dataclass(frozen=True)
class Wait:
    """The item names someone (or something) not here yet: try again next sync."""

    uid: str
    why: str


@dataclass(frozen=True)
class Leave:
    """Not an item Relapp reads or can place: left on the server as it is."""

    why: str


class Kind(Protocol, Generic[T]):
    """What the sync needs of one kind of record."""

    kind: str  # the sync_collection kind ("promises", "history")
    compared: tuple[str, ...]  # the item's fields that carry meaning
    tables: tuple[str, ...]  # where its records are (``hash_chunk``)

    def hashes(self) -> dict[str, str]: ...  # every record here: uid -> hash of its meaning
    def hash_chunk(
        self, table: str, after_id: int, limit: int
    ) -> tuple[dict[str, str], int | None]: ...  # some: their hashes, the id to go on after
    def hash_of(self, uid: str) -> str | None: ...
    def one(self, uid: str) -> T | None: ...
    def sendable(self, uids: list[str]) -> dict[str, tuple[T, str]]: ...  # ``one``, ``hash_of``
    def read(self, text: str, source: str) -> T | Wait | Leave: ...
    def create(self, item: T) -> None: ...
    def update(self, uid: str, item: T) -> None: ...
    def delete(self, uid: str) -> None: ...
    def new_text(self, item: T, now: datetime) -> str: ...
    def edit_text(self, original: str, item: T, changed: set[str], now: datetime) -> str: ...
    def keep(self, item: T, replaced: list[tuple[str, Any]], now: datetime) -> T: ...
    def uid(self, item: T) -> str: ...
    def kept_as_read(self, item: T) -> bool: ...  # False: taking it in here changes it


def every_record(kind: Kind[Any], step: Step, chunk: int) -> dict[str, str]:
    """Every record of ``kind`` here, uid -> hash of its meaning, read ``chunk`` at a time,
    each read a step of its own (a collection's first sync): in the window a save waits
    for one of them at most, not for all (seconds at 100,000 history entries). A record
    changed after its read was marked after the counter the sync read: it goes next sync."""
    mine: dict[str, str] = {}
    for table in kind.tables:
        after: int | None = 0
        while after is not None:
            found, after = step(partial(kind.hash_chunk, table, after, chunk))
            mine.update(found)
    return mine


def key(item: object, compared: tuple[str, ...]) -> tuple[Any, ...]:
    return (type(item).__name__, *(getattr(item, name, None) for name in compared))


def row_hash(values: tuple[object, ...]) -> str:
    """The hash of a record's meaning, from its stored values (``calendar_sync_repo.
    meaning_rows``): a sync with nothing to do reads and hashes rows, builds no item."""
    return hashlib.sha256(repr(values).encode()).hexdigest()


def merge_items(
    base: T | None, mine: T, theirs: T, compared: tuple[str, ...]
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Field by field: one side changed takes that side; both changed take the server's
    (``theirs``), and the value it replaced (``mine``) is returned to be kept."""
    values: dict[str, Any] = {}
    replaced: list[tuple[str, Any]] = []
    for name in compared:
        m, t = getattr(mine, name, None), getattr(theirs, name, None)
        old = getattr(base, name, None) if base is not None else None
        if m == t or (base is not None and t == old):
            values[name] = m
        elif base is not None and m == old:
            values[name] = t
        else:
            values[name] = t
            if m not in (None, "", ()):
                replaced.append((name, m))
    return values, replaced
