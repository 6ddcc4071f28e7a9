"""Schema migrations: numbered steps, each run once, in order, in a transaction.

The schema version is SQLite's ``PRAGMA user_version``. Each later feature adds a
module ``mNNNN_name.py`` beside this file with ``VERSION`` (= NNNN), ``DESCRIPTION`` and
``apply(conn)``; it is found by its name, in order. Migrations use plain SQL so they
keep meaning what they meant when they were written, whatever the models become.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _from_module(module: ModuleType) -> Migration:
    return Migration(module.VERSION, module.DESCRIPTION, module.apply)


def _discover() -> tuple[Migration, ...]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if re.fullmatch(r"m\d{4}_\w+", info.name)
    )
    return tuple(_from_module(importlib.import_module(f"{__name__}.{name}")) for name in names)


MIGRATIONS: tuple[Migration, ...] = _discover()
LATEST_VERSION = MIGRATIONS[-1].version

assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1)), (
    "migrations must be numbered 1, 2, 3, ... without gaps"
)


def pending(current: int, target: int = LATEST_VERSION) -> list[Migration]:
    return [m for m in MIGRATIONS if current < m.version <= target]
