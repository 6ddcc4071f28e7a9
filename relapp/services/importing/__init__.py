"""Importing vCards: plan (nothing written), apply as one transaction, undo as a whole.

- ``plan_import(db, paths)`` reads the files (never changing them) and decides every
  card: new, someone you know, the same as another card, already imported, or broken.
- ``apply_import(db, plan, choices)`` writes it all in ONE transaction: people to create
  go in through the bulk path, merges add without overwriting. Cancel (``cancel()``
  returning True) or any failure rolls everything back: the database is exactly as it
  was. The import is recorded (file name, checksum, counts) with each change, so that
  ``undo_import`` can take it back and a later import of the same cards offers to skip.
- ``undo_import(db, batch_id)`` deletes the people the import created and restores the
  people it merged into. A created person you have since logged an interaction, promise
  or introduction with, or edited, is not deleted (that would delete what you typed):
  it is archived instead, and the result says so.

The pipeline's parts: ``planning.py`` (reading the files, matching the cards against the
people you know), ``pipeline.py`` (plan and apply, the result), ``undo.py`` (taking an
import back). The rules they apply are pure, in ``relapp.domain.importing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relapp.services.importing.pipeline import (
    ImportCancelled,
    ImportResult,
    StaleImport,
    apply_import,
    list_batches,
    plan_import,
    plan_import_data,
    plan_merge_into,
    preview_merges,
)

if TYPE_CHECKING:
    from relapp.services.importing.undo import AlreadyUndone, undo_import

__all__ = [
    "AlreadyUndone",
    "ImportCancelled",
    "ImportResult",
    "StaleImport",
    "apply_import",
    "list_batches",
    "plan_import",
    "plan_import_data",
    "plan_merge_into",
    "preview_merges",
    "undo_import",
]


def __getattr__(name: str) -> object:
    """``undo_import`` and ``AlreadyUndone``, loaded on first use: an import does not
    need them (they bring the history capture's records, a few milliseconds of the
    ``relapp import`` command's start)."""
    if name in ("AlreadyUndone", "undo_import"):
        from relapp.services.importing import undo

        return getattr(undo, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
