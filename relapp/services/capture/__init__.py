"""History capture (issue 15): read mail, calendar and chat archives, preview what they
would add, apply it as one import batch, undo it as a whole.

- ``plan_capture(db, paths)`` finds the archives among the paths (by content), reads
  them as streams (``sources``) and applies the rules (``relapp.domain.capture``):
  nothing is written.
- ``apply_capture(db, plan, add)`` backs up, then writes in ONE transaction; Cancel or
  any failure leaves the database as it was.
- The capture is an import batch: ``services.importing.undo_import`` takes it back
  (its interactions, and the people it added).
- ``set_my_addresses`` / ``my_addresses``: who is me.

The rules are written out in docs/capture.md.
"""

from __future__ import annotations

from relapp.services.capture.applying import CaptureResult, apply_capture
from relapp.services.capture.planning import NothingToCapture, find_archives, plan_capture
from relapp.services.capture.settings import clean_addresses, my_addresses, set_my_addresses

__all__ = [
    "CaptureResult",
    "NothingToCapture",
    "apply_capture",
    "clean_addresses",
    "find_archives",
    "my_addresses",
    "plan_capture",
    "set_my_addresses",
]
