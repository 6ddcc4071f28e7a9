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
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

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
        _open_private(str(target), "utf-8").close()  # cannot be written: said now
        handler = LogFile(target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT)
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


def _open_private(path: str, encoding: str | None, errors: str | None = None) -> TextIO:
    """``path`` opened to append, readable by its user only (0600) whatever the umask:
    the log names people and files."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)  # a file an earlier Relapp made 0644
    return open(fd, "a", encoding=encoding, errors=errors)


class LogFile(logging.Handler):
    """The log file, rotated at ``maxBytes`` keeping ``backupCount`` old files, each
    private (``_open_private``). The rotating handler (``logging.handlers``, with the
    socket, pickle and queue modules it loads: 38 million instructions) is made at the
    first record written, not at start-up: a start that logs nothing never loads it."""

    def __init__(self, target: Path, *, maxBytes: int, backupCount: int) -> None:
        super().__init__()
        self.target = target
        self.maxBytes = maxBytes  # the names of logging.handlers.RotatingFileHandler's
        self.backupCount = backupCount
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            try:
                self.file = _rotating_file(self.target, self.maxBytes, self.backupCount)
            except Exception:  # the folder went away, a full disk: as a file handler does
                self.handleError(record)
                return
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def _rotating_file(target: Path, max_bytes: int, backup_count: int) -> logging.Handler:
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            return _open_private(self.baseFilename, self.encoding, self.errors)

    return PrivateRotatingFileHandler(
        target, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
    )


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
