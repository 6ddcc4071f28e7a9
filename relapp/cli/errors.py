"""What ``relapp.cli`` does when a command line or a command goes wrong: an unknown
command, a data folder that is mistyped or a file, a reader that went away, an error the
command did not explain. Each ends as one line on stderr and an exit code
(``relapp.exit_codes``), never a traceback."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from relapp import exit_codes
from relapp.cli.argv import first_word
from relapp.domain.errors import DataFolderMistaken, DiskFull, RelappError
from relapp.domain.i18n import N_, _

if TYPE_CHECKING:
    from relapp.paths import AppPaths

INTERRUPTED = N_(
    "interrupted (Ctrl+C); what was under way was not saved, and everything saved "
    "before is intact (an import is stored all at once or not at all)."
)
INTERRUPTED_CODE = 130  # 128 + SIGINT, as shells report it

# Commands that may make a new data folder (they bring data in); the others need one.
MAKES_A_DATA_FOLDER = ("import", "restore", "sync")  # sync: a new machine, from the server


def unknown_command(argv: Sequence[str], commands: Collection[str]) -> str | None:
    """What is wrong when the first word looks like a command but is none: a bare word
    (no folder, no extension) that is not a file either. ``relapp backp`` must not open
    the window with "backp" as a file to import."""
    word = first_word(argv)
    if word is None or word in commands or Path(word).exists():
        return None
    if "/" in word or os.sep in word or "." in word:
        return None  # a path: the app says if the file is missing
    import difflib  # only for a word that is no command: not with every command's start

    close = difflib.get_close_matches(word, list(commands), n=1, cutoff=0.6)
    if close:
        return _(
            "unknown command {word} (did you mean {close}?); the commands are listed by: "
            "relapp --help"
        ).format(word=f"'{word}'", close=close[0])
    return _("unknown command {word}; the commands are listed by: relapp --help").format(
        word=f"'{word}'"
    )


def check_data_folder(command: str, paths: AppPaths) -> bool:
    """Refuse a data folder that is a file, or a missing one for a command that reads
    it (most likely mistyped: quietly making an empty database would hide that).
    True when the command may make a new one."""
    from relapp.paths import check_folder, default_data_dir

    check_folder(paths.data_dir)
    if paths.data_dir.is_dir():
        return False
    if command in MAKES_A_DATA_FOLDER:
        return True
    if paths.data_dir == default_data_dir():
        raise DataFolderMistaken(
            paths.data_dir,
            _(
                "there is no Relapp data folder here yet: start Relapp, or import people "
                "first. Nothing was done."
            ),
        )
    raise DataFolderMistaken(
        paths.data_dir,
        _(
            "there is no Relapp data folder here. Check its spelling (--data-dir or "
            "RELAPP_DATA_DIR); nothing was done."
        ),
    )


def exit_code(code: int, cause: BaseException | None) -> int:
    """A command's failure code, or more precisely the code of the error that caused it
    (a database that cannot be opened: locked 3, read-only or damaged 4, ...)."""
    if isinstance(cause, RelappError):
        return exit_codes.for_error(cause)
    return code


def quiet_stdout() -> None:
    """The reader of our output went away (``relapp import F | head -1``): send the rest
    of the output nowhere instead of failing on it."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def explain(name: str, paths: AppPaths, error: Exception) -> int:
    """An error the command did not turn into words itself: a database error (a full
    disk, a lock, a read-only file) or a file error in words; anything else is named in
    one line, with the details in the log."""
    from relapp.services.errors import explain_database_error

    explained: RelappError | None = explain_database_error(paths.database, error)
    if explained is None and isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            explained = DiskFull(error.filename or paths.data_dir)
        else:
            where = f"{error.filename}: " if error.filename else ""
            print(f"relapp {name}: {where}{error.strerror or error}", file=sys.stderr)
            return exit_codes.for_error(error)
    if explained is not None:
        print(f"relapp {name}: {explained}", file=sys.stderr)
        return exit_codes.for_error(explained)
    log_file = None
    if paths.data_dir.is_dir():
        from relapp.app_logging import log_dir, setup_logging

        log_file = setup_logging(log_dir(paths))
        logging.getLogger("relapp").error("relapp %s failed", name, exc_info=error)
    what = f"{type(error).__name__}: {error}"
    if log_file:
        said = _("an unexpected error stopped it: {error} (the details are in {log})").format(
            error=what, log=log_file
        )
    else:
        said = _("an unexpected error stopped it: {error}").format(error=what)
    print(f"relapp {name}: {said}", file=sys.stderr)
    return exit_codes.NOTHING_DONE
