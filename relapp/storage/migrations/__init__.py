"""Schema migrations: numbered steps, each run once, in order, in a transaction.

The schema version is SQLite's ``PRAGMA user_version``. Each later feature adds a
module ``mNNNN_name.py`` beside this file with ``VERSION`` (= NNNN), ``DESCRIPTION`` and
``apply(conn)``; it is found by its name, in order. Migrations use plain SQL so they
keep meaning what they meant when they were written, whatever the models become.

``LATEST_VERSION`` comes from the file names alone: opening a database that is up to
date reads its ``user_version`` and imports no migration (start-up does not pay for
them); ``pending`` imports only the steps a database still needs, and ``MIGRATIONS``
(all of them) is imported when first asked for.
"""

from __future__ import annotations

import importlib
import os
import re
import sqlite3
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import NamedTuple

_NAME = re.compile(r"m(\d{4})_\w+")


class Migration(NamedTuple):  # not a dataclass: 4 million instructions at every start
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _names() -> tuple[str, ...]:
    """The migration modules in this package, in order (``m0001_core`` ...): the files
    of its folder, else (a bundle's archive) what ``pkgutil`` lists. Not ``pkgutil``
    for a folder: its import alone costs start-up 15 million instructions (issue 18)."""
    found: set[str] = set()
    for folder in __path__:
        try:
            files = os.listdir(folder)
        except OSError:
            files = []
        found.update(name.rsplit(".", 1)[0] for name in files if name.endswith((".py", ".pyc")))
    names = sorted(name for name in found if _NAME.fullmatch(name))
    if names:
        return tuple(names)
    import pkgutil  # in an archive, a bundle's

    listed = (info.name for info in pkgutil.iter_modules(__path__))
    return tuple(sorted(name for name in listed if _NAME.fullmatch(name)))


def _from_module(module: ModuleType) -> Migration:
    return Migration(module.VERSION, module.DESCRIPTION, module.apply)


@cache
def _load(name: str) -> Migration:
    migration = _from_module(importlib.import_module(f"{__name__}.{name}"))
    assert f"m{migration.version:04d}" == name[:5], f"{name} says VERSION {migration.version}"
    return migration


_MODULES: tuple[str, ...] = _names()
LATEST_VERSION = int(_NAME.fullmatch(_MODULES[-1])[1])  # type: ignore[index]

assert [int(_NAME.fullmatch(name)[1]) for name in _MODULES] == list(  # type: ignore[index]
    range(1, LATEST_VERSION + 1)
), "migrations must be numbered 1, 2, 3, ... without gaps"


def pending(current: int, target: int = LATEST_VERSION) -> list[Migration]:
    return [_load(name) for name in _MODULES if current < int(name[1:5]) <= target]


def __getattr__(name: str) -> tuple[Migration, ...]:
    if name == "MIGRATIONS":  # every step, imported on first use
        return tuple(_load(module) for module in _MODULES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
