"""Errors that reach the user. Each carries where and what; ``ui/errors.py`` turns
them into words in one place."""

from __future__ import annotations

from pathlib import Path


class RelappError(Exception):
    """Base of every error Relapp explains to the user."""

    title = "Relapp"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseError(RelappError):
    """The database file could not be used. It was not modified."""

    title = "Cannot open the database"

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DatabaseCorrupt(DatabaseError):
    pass


class DatabaseLocked(DatabaseError):
    title = "The database is locked"


class DatabaseReadOnly(DatabaseError):
    title = "The database is read-only"


class DatabaseMigrationFailed(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"this database has schema version {found}, but this Relapp understands "
            f"versions up to {supported}. It was written by a newer Relapp; "
            "update Relapp to open it.",
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
        return f"{self.field}: {self.message}"


class VCardError(RelappError):
    """Part of a vCard file could not be read: which file, which card, which line, and why.

    ``card_index`` is the 1-based position of the card in the file and ``line`` the 1-based
    line where it starts (its BEGIN:VCARD); either is None when it does not apply.
    """

    title = "Cannot read a vCard"

    def __init__(self, file: str, card_index: int | None, line: int | None, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.card_index = card_index
        self.line = line

    def __str__(self) -> str:
        where = self.file
        if self.card_index is not None:
            where += f", card {self.card_index}"
            if self.line is not None:
                where += f" (line {self.line})"
        elif self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


class VCardFileError(VCardError):
    """The file as a whole cannot be read as vCards (empty, binary, too large, ...)."""

    title = "Cannot read the vCard file"

    def __init__(self, file: str, message: str) -> None:
        super().__init__(file, None, None, message)


class DiskFull(DatabaseError):
    """The disk (or the database's size limit) is full; the change was not saved."""

    title = "The disk is full"

    def __init__(self, path: Path | str, message: str | None = None) -> None:
        super().__init__(
            path,
            message
            or "the disk is full, so this change could not be saved. Everything saved "
            "before is intact. Free some space on the disk and try again.",
        )


class BackupInvalid(RelappError):
    """A backup file cannot be used: it is damaged, not a Relapp database, or too new."""

    title = "Cannot use this backup"

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FolderBusy(RelappError):
    """Another Relapp process (the window or a command) holds the data folder: it is the
    one writer there, so this one did nothing."""

    title = "Relapp is already using this data folder"

    def __init__(self, folder: Path | str, pid: int | None) -> None:
        self.folder = Path(folder)
        self.pid = pid
        who = f" (process {pid})" if pid else ""
        super().__init__(f"another Relapp is using {self.folder}{who}.")


class DataFolderUnusable(RelappError):
    """The data folder cannot be made or used (permissions, a read-only disk)."""

    title = "Cannot use the data folder"

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DataFolderMistaken(DataFolderUnusable):
    """The data folder asked for is not one: a file, or (for a command that reads it) a
    folder that does not exist, most likely a typing mistake."""
