"""A cheaper PySide6 import hook: the same answer, without reading each module's source
through ``inspect``.

PySide6 keeps per module whether it uses PySide (for ``from __feature__ import ...``,
which Relapp does not use): after every import it asks, once per module name, whether
the module's source contains "PySide6", through ``inspect.getsource`` (tokenizing the
file for its encoding, reading it into ``linecache``; PYSIDE-2029). At start-up that is
110 modules, stdlib ones included (``os``, ``typing``, ``inspect``...), about 50 million
instructions, a twelfth of a bare window's start. ``install`` swaps in a check that
searches the file's bytes; whatever it cannot read is left to PySide's own. No module of
Python's standard library mentions PySide6, so for those the answer is known without
reading them (up to the first paint: 37 of the 93 files, 921 of their 1,207 KB; the
check took 3.7-4.4 ms of the GUI thread's start, most of it reading those).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

import PySide6  # noqa: F401  (loads shibokensupport.feature, whose check is replaced)

NEEDLE = b"PySide6"
# Python's standard library (where ``os`` is), less the packages installed in it.
STANDARD_LIBRARY = os.path.dirname(os.__file__) + os.sep
_INSTALLED_THERE = ("site-packages" + os.sep, "dist-packages" + os.sep)


def in_the_standard_library(path: str) -> bool:
    return path.startswith(STANDARD_LIBRARY) and not path[len(STANDARD_LIBRARY) :].startswith(
        _INSTALLED_THERE
    )


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source file mentions PySide6 (``fallback`` for a module
    without a readable ``.py`` file); a module of the standard library does not."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    if in_the_standard_library(path):
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            return NEEDLE in os.read(fd, os.fstat(fd).st_size + 1)
        finally:
            os.close(fd)
    except OSError:
        return fallback(module)


pysides_own: Callable[[ModuleType], bool] | None = None  # the check replaced


def install() -> bool:
    """Replace PySide6's check (once); False when this PySide6 has none to replace."""
    global pysides_own
    if pysides_own is not None:
        return True
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    pysides_own = original

    def _mod_uses_pyside(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    feature._mod_uses_pyside = _mod_uses_pyside  # type: ignore[attr-defined]
    return True
