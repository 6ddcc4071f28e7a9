"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

There, each call of a Qt method that returns nothing (``setPos``, ``setText``, ...)
drops one reference to ``None`` that it never took. Python 3.12 and later make ``None``
immortal, so nothing happens; on 3.11 the count falls with every call and the process
aborts ("deallocating None") once it reaches zero, after some ten thousand calls.
Before work that makes many such calls, ``reserve(calls)`` makes sure enough references
are held (a list of Nones kept for the life of the process).
"""

from __future__ import annotations

import sys

_RESERVE: list[None] = []
_MARGIN = 200_000


def needed() -> bool:
    return sys.version_info < (3, 12)


def reserve(calls: int = 0) -> None:
    """Hold enough references to None for ``calls`` more leaking calls, and a margin."""
    if not needed():
        return
    want = calls + _MARGIN
    have = sys.getrefcount(None)
    if have < want:
        _RESERVE.extend([None] * (want - have + _MARGIN))
