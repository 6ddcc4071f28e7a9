"""A Ctrl+C is never swallowed by a callback.

Python raises a Ctrl+C's KeyboardInterrupt wherever the main thread happens to be. Where
that is a weakref callback (importlib's module locks have one, run by every import a
command makes lazily), a ``__del__`` or a garbage collector callback, the exception cannot
go up to the command: Python prints "Exception ignored in ... Traceback" and carries on,
so an import the user interrupted finished, with a traceback on the screen. Such an
interrupt is delivered again once the callback has returned, where the command's own
handling (``cli.framework``: "interrupted", exit 130, nothing half-written) takes it.

Again means from a thread of its own, a moment later: delivered from the hook itself, it
would land in the hook (the interpreter runs a pending signal's handler at the next call),
where it would be swallowed for good.
"""

from __future__ import annotations

import _thread
import contextlib
import signal
import sys
import threading
import time
from typing import Any

AFTER_S = 0.002  # the callback and the hook have long returned by then


def deliver_swallowed_interrupts() -> None:
    """For this process's life (a command's process, without a window)."""
    wanted = _thread.allocate_lock()
    wanted.acquire()
    previous = sys.unraisablehook

    def deliver() -> None:
        while True:
            wanted.acquire()  # released by the hook
            time.sleep(AFTER_S)
            # As the signal would; nothing if the process ignores it by now (on its way
            # out, ``__main__._leave_quietly``).
            _thread.interrupt_main(signal.SIGINT)

    def hook(unraisable: Any) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            with contextlib.suppress(RuntimeError):  # already on its way
                wanted.release()
            return
        previous(unraisable)

    threading.Thread(target=deliver, name="relapp-interrupts", daemon=True).start()
    sys.unraisablehook = hook
