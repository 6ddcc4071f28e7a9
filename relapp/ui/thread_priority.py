"""A worker thread's CPU priority below the GUI thread's (Linux, where each thread has
its own nice value, which the threads it starts inherit). Elsewhere nothing changes.

The task runner's worker runs ``WORKER_NICE`` below the GUI thread: on this 2-core
machine the health overview's counting (the worker and the second reader it starts)
took both cores, and the GUI thread, woken to paint the chart, waited 25-40 ms of a
55-65 ms stall for a core (issue 18, ``bench.stall_sampler``)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading

WORKER_NICE = 5  # how much lower than the thread that starts it (nice 19 at the most)
LOWEST = 19


def lower_this_thread(by: int = WORKER_NICE) -> None:
    """The calling thread's nice value raised by ``by`` (to 19 at the most)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            tid = threading.get_native_id()
            now = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(LOWEST, now + by))
