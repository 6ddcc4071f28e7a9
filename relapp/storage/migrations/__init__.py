"""Schema migrations: numbered steps, each run once, in order, in a transaction.

The schema version is SQLite's ``PRAGMA user_version``. Each later feature adds a
module ``mNNNN_name.py`` with ``VERSION``, ``DESCRIPTION`` and ``apply(conn)`` and lists
it in ``MIGRATIONS`` below. Migrations use plain SQL so they keep meaning what they
meant when they were written, whatever the models later become.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from relapp.storage.migrations import m0001_core, m0002_search_and_last_contact


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _from_module(module: ModuleType) -> Migration:
    return Migration(module.VERSION, module.DESCRIPTION, module.apply)


MIGRATIONS: tuple[Migration, ...] = tuple(
    _from_module(m) for m in (m0001_core, m0002_search_and_last_contact)
)
LATEST_VERSION = MIGRATIONS[-1].version

assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1)), (
    "migrations must be numbered 1, 2, 3, ... without gaps"
)


def pending(current: int, target: int = LATEST_VERSION) -> list[Migration]:
    return [m for m in MIGRATIONS if current < m.version <= target]
