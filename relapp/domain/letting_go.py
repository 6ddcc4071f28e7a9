"""Letting go of what a task built, a few objects at a time (issue 18).

When the last reference to a big structure goes, CPython frees all of it at once: one
cascade of deallocations, run in C with the GIL held throughout. An import's plan of
10,000 cards is some 300,000 memory blocks: freed in one statement on the worker, 45 ms
in which the window's GUI thread could not run a line of Python (the full-size import's
longest stall, as applying ended). ``let_go`` takes such a structure apart instead: the
fields of what it is handed, and the items of every large container in them, are freed
one by one from a Python loop, and the interpreter hands the GIL over between any two.
Pure Python, for every layer: the worker's planning (domain and services) builds the
biggest structures.

``collections_paused`` keeps Python's automatic collector from walking what such a task
builds while it builds it (where the collector is on: the command line, scripts; the
window has it off and collects on its GUI thread, ``ui.gc_collector``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import sys
from collections.abc import Iterator

# A container of fewer items is freed whole (a card and its draft: a few dozen blocks).
SMALL = 64

_in_pieces = [True]  # [False] in a process with no window (``no_window_waits``)


def no_window_waits() -> None:
    """For a process without a window (a ``relapp`` command): nobody waits for the GIL,
    so ``let_go`` only drops what it is handed, to be freed in one go, in C, without its
    loop (6% of the instructions of an import's planning). For the process's life."""
    _in_pieces[0] = False


def let_go(held: list[object]) -> None:
    """Free what ``held`` holds (emptying it), in pieces: the fields or attributes of each
    thing, and the items of the large containers among them. A thing still held
    elsewhere is only dropped: taking it apart would free nothing."""
    if not _in_pieces[0]:
        held.clear()
        return
    while held:
        thing = held.pop()
        if sys.getrefcount(thing) > 2:  # this name and the call's argument
            continue
        parts: list[object]
        if dataclasses.is_dataclass(thing) and not isinstance(thing, type):
            parts = [getattr(thing, f.name) for f in dataclasses.fields(thing)]
        elif isinstance(getattr(thing, "__dict__", None), dict) and not callable(thing):
            parts = list(vars(thing).values())  # an object's attributes (an index of names)
        else:
            parts = [thing]
        del thing  # its fields are held by ``parts`` only
        _free(parts)


def _free(parts: list[object]) -> None:
    while parts:
        thing = parts.pop()
        if sys.getrefcount(thing) > 2:
            continue
        if isinstance(thing, tuple | list | set | frozenset) and len(thing) > SMALL:
            parts.extend(thing)
        elif isinstance(thing, dict) and len(thing) > SMALL:
            parts.extend(thing.values())
        del thing  # the container (its items are in ``parts``), or one small thing


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """No automatic collection inside (where one was on; it is on again after).

    An import builds a few objects a card and no cycles (what it drops, reference
    counting frees at once), so a collection in the middle finds nothing to free, and
    walks what the import holds, a full one everything alive: 0.8 s of CPU in the
    6.5 s of a 10,000-card import (issue 18). Where the collector is off (the window's
    way, ``ui.gc_collector``) nothing changes."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
