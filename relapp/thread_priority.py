"""A thread's CPU priority lowered (Linux, where each thread has its own nice value):
below the thread that starts it, or the lowest. Elsewhere nothing changes.

The backups' check of the database (``ui/backups/feature.py``) runs at the lowest: nobody
waits for it.

Everyone's health is read on two threads, the task runner's worker and a second reader
it starts (``storage/everyone_health_repo.py``). On this 2-core machine they took both
cores while the health overview's chart was made and painted: the GUI thread waited
25-90 ms for a core in stalls of 50-100 ms (issue 18, ``bench.stall_sampler``). The
second reader runs ``HELPER_NICE`` below: it gives its core up to the GUI thread. Only
the helper, not the worker: searches and writes run on the worker, and a lower priority
there slows them behind other programs."""

from __future__ import annotations

import contextlib
import os
import sys
import threading

HELPER_NICE = 5  # how much lower than the thread that starts it
LOWEST = 19


def lower_this_thread(by: int = HELPER_NICE) -> None:
    """The calling thread's nice value raised by ``by`` (to 19 at the most)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            tid = threading.get_native_id()
            now = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(LOWEST, now + by))


def this_thread_lowest() -> None:
    """The calling thread at the lowest CPU priority (nice 19): work nobody waits for,
    such as the backups' check of the database."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST)
