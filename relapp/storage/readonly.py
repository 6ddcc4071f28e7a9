"""Opening the database only to read it, for commands that must never write (``relapp
show``, ``today``, ``due``): no file is created, nothing is migrated, and SQLite itself
refuses any write (``mode=ro``), so the file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee as pw

from relapp.domain.errors import DatabaseCorrupt, DatabaseError, DatabaseReadOnly, DatabaseTooNew
from relapp.domain.i18n import _
from relapp.storage import migrations
from relapp.storage.database import DEFAULT_BUSY_TIMEOUT, SQLITE_HEADER, Database
from relapp.storage.sqlite_errors import classify_error


class NoDatabase(DatabaseError):
    """There is no database at the path: nothing to read."""


def open_readonly(path: Path | str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Database:
    """The database at ``path``, opened read-only. Raises ``NoDatabase`` if there is none,
    ``DatabaseTooNew``/``DatabaseCorrupt`` if it cannot be read as it is, and
    ``DatabaseReadOnly`` if it needs an upgrade first (upgrading is a write)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise NoDatabase(path, _("there is no Relapp database here."))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseCorrupt(path, _("this file is not a SQLite database."))
    peewee_db = pw.SqliteDatabase(
        f"file:{path.resolve()}?mode=ro",
        uri=True,
        timeout=busy_timeout,
        pragmas={"foreign_keys": 1, "query_only": 1},
        autoconnect=True,
    )
    try:
        conn = peewee_db.connection()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except (sqlite3.Error, pw.PeeweeException) as exc:
        peewee_db.close()
        raise classify_error(path, exc) from exc
    if version != migrations.LATEST_VERSION:
        peewee_db.close()
        if version > migrations.LATEST_VERSION:
            raise DatabaseTooNew(path, version, migrations.LATEST_VERSION)
        raise DatabaseReadOnly(
            path,
            _(
                "this database has schema version {version} and needs an upgrade to "
                "{latest} first; open it once in Relapp (reading never upgrades it)."
            ).format(version=version, latest=migrations.LATEST_VERSION),
        )
    return Database(path, peewee_db)
