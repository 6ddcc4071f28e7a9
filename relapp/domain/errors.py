"""Errors that reach the user. Each carries where and what; ``ui/errors.py`` turns
them into words in one place. A ``title`` is marked (N_) and translated where shown
(``_(error.title)``); an InvalidInput's ``field`` stays English (views match on it) and
is translated in the message."""

from __future__ import annotations

from pathlib import Path

from relapp.domain.i18n import N_, _


class RelappError(Exception):
    """Base of every error Relapp explains to the user."""

    title = N_("Relapp")

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseError(RelappError):
    """The database file could not be used. It was not modified."""

    title = N_("Cannot open the database")

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DatabaseCorrupt(DatabaseError):
    pass


class DatabaseLocked(DatabaseError):
    title = N_("The database is locked")


class DatabaseClosedForRestore(DatabaseLocked):
    """A read or write refused while a restore replaces the file. The restore says how
    it ended; a view or timer that was refused has nothing to tell the user."""

    quiet = True


class DatabaseReadOnly(DatabaseError):
    title = N_("The database is read-only")


class DatabaseMigrationFailed(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            path,
            _(
                "this database has schema version {found}, but this Relapp understands "
                "versions up to {supported}. It was written by a newer Relapp; "
                "update Relapp to open it."
            ).format(found=found, supported=supported),
        )
        self.found = found
        self.supported = supported


class NotFound(RelappError):
    """A person or interaction that was asked for does not exist (any more)."""


class InvalidInput(RelappError):
    """Something the user typed cannot be stored as it is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return _("{field}: {message}").format(field=_(self.field), message=self.message)


class VCardError(RelappError):
    """Part of a vCard file could not be read: which file, which card, which line, and why.

    ``card_index`` is the 1-based position of the card in the file and ``line`` the 1-based
    line where it starts (its BEGIN:VCARD); either is None when it does not apply.
    """

    title = N_("Cannot read a vCard")

    def __init__(self, file: str, card_index: int | None, line: int | None, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.card_index = card_index
        self.line = line

    def __str__(self) -> str:
        if self.card_index is not None and self.line is not None:
            where = _("{file}, card {card} (line {line})")
        elif self.card_index is not None:
            where = _("{file}, card {card}")
        elif self.line is not None:
            where = _("{file}, line {line}")
        else:
            where = "{file}"
        where = where.format(file=self.file, card=self.card_index, line=self.line)
        return _("{where}: {message}").format(where=where, message=self.message)


class VCardFileError(VCardError):
    """The file as a whole cannot be read as vCards (empty, binary, too large, ...)."""

    title = N_("Cannot read the vCard file")

    def __init__(self, file: str, message: str) -> None:
        super().__init__(file, None, None, message)


class DiskFull(DatabaseError):
    """The disk (or the database's size limit) is full; the change was not saved."""

    title = N_("The disk is full")

    def __init__(self, path: Path | str, message: str | None = None) -> None:
        super().__init__(
            path,
            message
            or _(
                "the disk is full, so this change could not be saved. Everything saved "
                "before is intact. Free some space on the disk and try again."
            ),
        )


class BackupInvalid(RelappError):
    """A backup file cannot be used: it is damaged, not a Relapp database, or too new."""

    title = N_("Cannot use this backup")

    def __init__(self, path: Path | str, message: str, *, damage: str = "") -> None:
        super().__init__(message)
        self.path = Path(path)
        self.damage = damage  # what SQLite found wrong, when a copy showed the source damaged

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FolderBusy(RelappError):
    """Another Relapp process (the window or a command) holds the data folder: it is the
    one writer there, so this one did nothing."""

    title = N_("Relapp is already using this data folder")

    def __init__(self, folder: Path | str, pid: int | None) -> None:
        self.folder = Path(folder)
        self.pid = pid
        if pid:
            message = _("another Relapp is using {folder} (process {pid}).")
        else:
            message = _("another Relapp is using {folder}.")
        super().__init__(message.format(folder=self.folder, pid=pid))


class DataFolderUnusable(RelappError):
    """The data folder cannot be made or used (permissions, a read-only disk)."""

    title = N_("Cannot use the data folder")

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DataFolderMistaken(DataFolderUnusable):
    """The data folder asked for is not one: a file, or (for a command that reads it) a
    folder that does not exist, most likely a typing mistake."""
