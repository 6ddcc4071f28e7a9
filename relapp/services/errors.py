"""What an error that reached the window or a command means for the user.

The views never look into the storage layer to word an error: an error that came out of
SQLite (directly, through peewee, or as the cause of another error) is explained here as
one of the domain's ``DatabaseError``s (locked, read-only, damaged, full, too new).
"""

from __future__ import annotations

from pathlib import Path

from relapp.domain.errors import DatabaseError
from relapp.storage.sqlite_errors import database_error


def explain_database_error(path: Path, error: BaseException) -> DatabaseError | None:
    """The domain's wording of a database refusal behind ``error``; None when ``error``
    did not come from the database."""
    return database_error(path, error)
