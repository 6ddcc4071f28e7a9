"""Where Relapp writes its log, and how uncaught errors reach it.

The log lives in ``appdirs.user_log_dir("Relapp")``, or in the data folder's ``logs/`` when
``--data-dir``/``RELAPP_DATA_DIR`` chose the data folder (so tests and portable installs
never write to the home folder). It rotates at 1 MB, keeping 5 old files. The folder is
private (0700) and the files too (0600), whatever the umask: the log names people and
files; folders made on the way are never group- or world-writable.

``install_excepthooks(show)`` logs every uncaught exception, in the main thread
(``sys.excepthook``) and in other threads (``threading.excepthook``), then calls ``show``
(the GUI's error dialog) so an error never makes Relapp vanish silently.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import appdirs

from relapp.domain.errors import RelappError
from relapp.paths import APP_NAME, DATA_DIR_ENV, AppPaths, private_folder

LOG_FILENAME = "relapp.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger("relapp")

ShowError = Callable[[str, Path | None], None]
"""Called with the error's text and the log file (None when there is no log file)."""

_current_log: Path | None = None


def log_dir(paths: AppPaths, data_dir_given: bool | None = None) -> Path:
    """The data folder's ``logs/`` if the data folder was chosen, else the user log folder."""
    if data_dir_given is None:
        data_dir_given = bool(os.environ.get(DATA_DIR_ENV))
    if data_dir_given:
        return paths.logs
    return Path(appdirs.user_log_dir(APP_NAME, False))


def current_log_file() -> Path | None:
    return _current_log


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``folder/relapp.log`` with rotation; returns the file, None if unwritable."""
    global _current_log
    root = logging.getLogger()
    root.setLevel(min(root.level or level, level))
    for handler in list(root.handlers):
        if getattr(handler, "relapp_log", False):
            root.removeHandler(handler)
            handler.close()
    target = folder / LOG_FILENAME
    try:
        private_folder(folder)
        handler = PrivateRotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except (OSError, RelappError) as exc:
        print(f"relapp: cannot write the log in {folder}: {exc}", file=sys.stderr)
        _current_log = None
        return None
    # A log that cannot be written (a full disk) must not print tracebacks of its own.
    logging.raiseExceptions = False
    handler.relapp_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    _current_log = target
    return target


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file only its user may read (0600), whatever the umask, also after each
    rotation: the log names people and files."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)  # a file an earlier Relapp made 0644
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def describe(kind: type[BaseException], value: BaseException) -> str:
    return f"{kind.__name__}: {value}"


Explain = Callable[[BaseException], "tuple[str, str] | None"]
"""(title, text) for an error that is known after all (a database locked by another
program, a full disk), None for a truly unexpected one."""
ShowKnown = Callable[[str, str], None]


def install_excepthooks(
    show: ShowError | None = None,
    explain: Explain | None = None,
    show_known: ShowKnown | None = None,
) -> None:
    """Log uncaught exceptions (any thread) and hand them to ``show``; those ``explain``
    puts in words go to ``show_known`` instead (not "an unexpected error")."""

    def report(
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
        where: str,
    ) -> None:
        log.critical("uncaught exception in %s", where, exc_info=(kind, value, tb))
        try:
            known = explain(value) if explain is not None else None
            if known is not None and show_known is not None:
                show_known(*known)
            elif show is not None:
                show(describe(kind, value), _current_log)
        except Exception:  # the dialog itself failed: the log still has it
            log.exception("could not show the error dialog")

    def main_hook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        report(kind, value, tb, "the main thread")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        report(args.exc_type, args.exc_value, args.exc_traceback, name)

    sys.excepthook = main_hook
    threading.excepthook = thread_hook
