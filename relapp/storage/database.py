"""Opening the one SQLite file: checks, pragmas, migrations with a backup first.

A database that is corrupt, locked by another process, read-only or newer than this
Relapp raises a ``DatabaseError`` subclass and is never written to. So does a 0-byte
file where the database should be (Relapp never makes one: a new database is built
beside and linked into place whole) and a leftover ``-wal`` from another database
(``wal_check``). Writes begin with ``BEGIN IMMEDIATE`` (``Database.atomic``); the
migrations too, and they read the schema version again inside their transaction, so two
processes opening a new folder at once upgrade it once. Only the data folder's one
writer gets a ``Database`` that may write (``Database.writer``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from relapp.domain.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseLocked,
    DatabaseMigrationFailed,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    FolderBusy,
)
from relapp.storage import migrations
from relapp.storage.connections import Connections, connect
from relapp.storage.folder_lock import FolderLock
from relapp.storage.sqlite_errors import classify_sqlite
from relapp.storage.wal_check import foreign_wal, new_application_id

if TYPE_CHECKING:
    import peewee as pw

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT = 5.0
BULK_SPILL_PAGES = 8192
"""Changed pages a bulk write (``Database.bulk_atomic``) keeps in memory until its
commit before writing any ahead of it to the WAL: 32 MB of 4 KiB pages at most."""


class Database:
    """The open database. Each thread gets its own connection (peewee is thread-safe
    that way); SQLite in WAL mode lets readers work beside the one writer.

    ``writer``: this process is the data folder's one writer (it holds the folder's
    lock, ``folder_lock.FolderLock``, or the file is its own). A database opened beside
    the writer (``open_database(exclusive=False)``: a reading command while the window
    runs) refuses every write transaction with ``FolderBusy`` before it begins, so the
    one-writer rule holds by construction, not by each caller's care.

    ``peewee_db``: peewee's handle, or None to make it at the first transaction
    (``connections.py``; ``opened`` is the connection that opened the file): reads
    before that, such as start-up's, run on plain ``sqlite3`` connections."""

    def __init__(
        self,
        path: Path,
        peewee_db: pw.SqliteDatabase | None,
        application_id: int = 0,
        *,
        writer: bool = True,
        opened: sqlite3.Connection | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        self.path = path
        self._connections = Connections(path, busy_timeout, peewee_db, opened)
        self.application_id = application_id
        self.writer = writer
        self._before_commit: list[Callable[[], object]] = []

    @property
    def peewee(self) -> pw.SqliteDatabase:
        return self._connections.peewee

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """A write transaction: ``BEGIN IMMEDIATE`` takes SQLite's write lock at the
        start (waiting up to the busy timeout), so it never fails half-way for a write
        that another connection committed after it began reading.

        Each one also writes the database's ``application_id`` again, so page 1 (and the
        id) is in every commit of the WAL: a WAL copied beside another database is
        recognised as not its own (``wal_check``). Only the folder's writer may open one
        (``FolderBusy`` otherwise, and nothing is written)."""
        if not self.writer:
            raise FolderBusy(self.path.parent, FolderLock(self.path.parent).holder())
        outermost = self.peewee.transaction_depth() == 0
        with self.peewee.atomic("IMMEDIATE"):
            if outermost and self.application_id:
                self.connection().execute(f"PRAGMA application_id = {self.application_id}")
            yield
            if outermost:
                _settle_health(self.connection())
                self._waited_for()

    @contextlib.contextmanager
    def bulk_atomic(self) -> Iterator[None]:
        """``atomic`` for many rows at once (an import, its undo): the same transaction,
        with what SQLite keeps aside while writing held in memory instead of in files.

        Each statement that may have to be undone alone (tables with triggers) keeps
        the pages it changes in a statement journal; past 64 KiB SQLite moves it to a
        temporary file, and from then on every statement of the transaction wrote its
        pages there (330,000 writes for a 10,000-card import). ``temp_store = MEMORY``
        keeps them in memory, as it does the statements' temporary tables: each holds
        what one statement touches (a chunk of rows: a few MB) and goes with it. The
        transaction's changed pages are written to the WAL at the commit, not spilled
        ahead of it, up to ``BULK_SPILL_PAGES`` of them: pages spilled and then changed
        again were written twice. Both settings go back as they were at the end; they
        change nothing stored and nothing of the commit's durability. (Changing
        ``temp_store`` would drop TEMP tables: Relapp makes none.)"""
        if not self.writer or self.peewee.transaction_depth() > 0:  # refused, or nested
            with self.atomic():
                yield
            return
        conn = self.connection()
        temp_store = conn.execute("PRAGMA temp_store").fetchone()[0]
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_spill = {BULK_SPILL_PAGES}")
        # SQLite also reads that number as on/off by its lowest byte (8192: off, and
        # then the cache would grow without bound): on again, the threshold kept.
        conn.execute("PRAGMA cache_spill = ON")
        try:
            with self.atomic():
                yield
        finally:
            with contextlib.suppress(sqlite3.Error):  # closed meanwhile (a restore)
                conn.execute(f"PRAGMA temp_store = {int(temp_store)}")
                conn.execute("PRAGMA cache_spill = 1")  # SQLite's own (spill when full)

    def before_commit(self, wait: Callable[[], object]) -> None:
        """``wait()`` before the next write transaction commits (once): work under way
        that must be done first, such as the check of the backup taken before an import
        (``services.backups.BackupUnderWay``). If it raises, nothing is committed."""
        self._before_commit.append(wait)

    def _waited_for(self) -> None:
        while self._before_commit:
            self._before_commit.pop(0)()

    def connection(self) -> sqlite3.Connection:
        return self._connections.connection()

    @property
    def schema_version(self) -> int:
        return self.connection().execute("PRAGMA user_version").fetchone()[0]

    @property
    def is_open(self) -> bool:
        """False once closed: a late timer must not reopen it (peewee would connect again,
        and SQLite would make a new empty file where the folder's database was)."""
        return self._connections.is_open

    def close(self) -> None:
        self._connections.close()

    @contextlib.contextmanager
    def closed_for(self, reason: str) -> Iterator[None]:
        """Closed and refusing to connect while ``reason`` (a restore) replaces the file:
        every read or write, on any thread, raises ``DatabaseLocked`` instead of opening
        the file again or using a connection left open. Close connections first."""
        self._connections.refusal = reason
        try:
            yield
        finally:
            self._connections.refusal = None

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads (one read transaction)."""
        with self.peewee.atomic():
            yield self.connection()


def _settle_health(conn: sqlite3.Connection) -> None:
    """The health summaries of the people this transaction changed, in its commit (the
    triggers listed them; ``health_settle``). Costs one lookup when none did; people
    without history (an import's new people) need no numpy."""
    if conn.execute("SELECT EXISTS (SELECT 1 FROM health_dirty)").fetchone()[0]:
        from relapp.storage import health_settle

        health_settle.settle(conn)


def _check_writer_lock(conn: sqlite3.Connection, path: Path) -> None:
    """Take the write lock once and let it go: another program that holds the database
    locked is found at start-up (waiting the busy timeout), not at the first write."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise classify_sqlite(path, exc) from exc
    conn.execute("ROLLBACK")


def _check_file(path: Path) -> None:
    folder = path.parent
    if path.exists():
        if path.is_dir():
            raise DatabaseCorrupt(path, "this is a folder, not a database file.")
        if not os.access(path, os.R_OK):
            raise DatabaseReadOnly(path, "Relapp is not allowed to read this file.")
        if path.stat().st_size == 0:
            raise DatabaseCorrupt(
                path,
                "the database file is empty (0 bytes). Relapp never makes an empty "
                "database, so this is damage (a failed copy, sync or disk): restore a "
                "backup (relapp restore FILE, or Settings ▸ Backups…), or move the file "
                "away to start afresh. It was left untouched.",
            )
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise DatabaseCorrupt(
                path,
                "this file is not a SQLite database (its first bytes are wrong); "
                "it may be damaged or be some other kind of file. It was left untouched.",
            )
        if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
            raise DatabaseReadOnly(
                path,
                "the database or its folder is read-only, so Relapp cannot save "
                "anything. Check the permissions of the file and its folder.",
            )
    elif folder.exists() and not os.access(folder, os.W_OK):
        raise DatabaseReadOnly(path, f"cannot create a database: {folder} is read-only.")


def _backup_before_migration(conn: sqlite3.Connection, backups: Path, old: int) -> Path:
    from relapp.storage.backup import backup_name, copy_database, private_folder

    target = private_folder(backups) / backup_name(f"pre-migration-v{old}", datetime.now(UTC))
    return copy_database(conn, target)


@contextlib.contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on the opening connection (autocommit mode, as peewee's)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection, path: Path, backups: Path, current: int) -> None:
    """Upgrade from ``current`` (its ``user_version``); a database that is up to date
    costs nothing more here (no migration module is even imported)."""
    if current > migrations.LATEST_VERSION:
        raise DatabaseTooNew(path, current, migrations.LATEST_VERSION)
    if current == migrations.LATEST_VERSION:
        return
    steps = migrations.pending(current)
    if not steps:
        return
    copy = _backup_before_migration(conn, backups, current) if current > 0 else None
    for step in steps:
        try:
            with _immediate(conn):
                # Another process may have upgraded it while this one waited for the lock.
                if conn.execute("PRAGMA user_version").fetchone()[0] >= step.version:
                    continue
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {int(step.version)}")
        except sqlite3.Error as exc:
            kept = f" A copy from before the upgrade is at {copy}." if copy else ""
            raise DatabaseMigrationFailed(
                path,
                f"could not upgrade the database to version {step.version} "
                f"({step.description}): {exc}. It was left at version "
                f"{conn.execute('PRAGMA user_version').fetchone()[0]}.{kept}",
            ) from exc


def open_database(
    path: Path | str,
    *,
    backups_dir: Path | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    exclusive: bool = True,
) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``exclusive``: no other process is using the database (the caller holds the data
    folder's lock, or it is a file of its own), so a ``-wal`` beside it is a leftover
    and is checked to belong to it. False for a reader beside the process that writes.

    The checks run on a plain ``sqlite3`` connection; the ``Database`` hands it to
    peewee on first use (``peewee_db.py``), so opening imports neither peewee nor, when
    the schema is current, any migration."""
    path = Path(path)
    _check_file(path)
    existed = path.exists()
    if not existed:
        _create(path)
    if exclusive:
        wal = foreign_wal(path)
        if wal is not None:
            raise DatabaseCorrupt(
                wal,
                f"this write-ahead log belongs to another database, not to {path.name} "
                "(copied in by a sync tool or by hand?). Opening the database with it "
                "would show the other database's people. Move it away and start again; "
                "nothing was changed.",
            )
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, busy_timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST_VERSION:
            raise DatabaseTooNew(path, version, migrations.LATEST_VERSION)
        if existed and version == 0 and _has_foreign_tables(conn):
            raise DatabaseCorrupt(
                path,
                "this SQLite file was not made by Relapp (it has other tables). "
                "It was left untouched.",
            )
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DatabaseLocked(path, f"could not switch the database to WAL mode ({mode}).")
        _migrate(conn, path, backups_dir or path.parent / "backups", version)
        _check_writer_lock(conn, path)
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if exclusive and app_id == 0:
            _give_an_id(conn)  # a database made before ids: from now on a WAL is checked
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    except DatabaseError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise classify_sqlite(path, exc) from exc
    if not existed:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    return Database(path, None, app_id, writer=exclusive, opened=conn, busy_timeout=busy_timeout)


def _create(path: Path) -> None:
    """A new, empty database with its own ``application_id``, built beside ``path`` and
    linked into place whole: nobody ever sees a 0-byte or half-made file there. When
    another process linked its new database first, that one is used."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        conn = sqlite3.connect(temp)
        try:
            conn.execute(f"PRAGMA application_id = {new_application_id()}")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
        finally:
            conn.close()
        with contextlib.suppress(OSError):
            os.chmod(temp, 0o600)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temp, path)
    except sqlite3.Error as exc:
        raise classify_sqlite(path, exc) from exc
    except OSError as exc:
        if exc.errno == 28:
            raise DiskFull(path) from exc
        raise DatabaseReadOnly(path, f"cannot create a database here ({exc}).") from exc
    finally:
        temp.unlink(missing_ok=True)


def _give_an_id(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {new_application_id()}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
