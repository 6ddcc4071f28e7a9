"""One Relapp per data folder.

The first Relapp to start on a data folder takes the folder's lock
(``relapp.storage.folder_lock``, the same lock every writing ``relapp`` command takes, so
the window and the commands exclude each other: one writer per data folder) and listens
on a local socket whose name is derived from the folder. A second launch finds the lock
taken, connects to the socket, hands over its request (bring the window forward, and
any files it was given to import) and exits. The operating system drops the lock of a
crashed Relapp, so the next start simply takes it.

The socket lives in ``$XDG_RUNTIME_DIR`` where there is one (private to the user), else
in ``<temp>/relapp-<uid>``, a folder that must be a real folder of this user's, 0700: one
that another user made first is never used (they would receive the files), and then
there is no socket at all rather than one in a shared place. It is created with
``UserAccessOption`` so only the same user can connect.

What arrives on it is checked: one line of at most ``MAX_MESSAGE`` bytes, a JSON object
whose ``files`` is a list of absolute paths and whose ``command`` (if any) is one of
``COMMANDS`` (the desktop file's actions); anything else is dropped. At most
``MAX_CONNECTIONS`` connections are served at once, and one that sends no full line
within ``IDLE_TIMEOUT_MS`` is closed, so a flood of connections holds bounded memory.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from relapp.storage.folder_lock import LOCK_NAME, FolderLock

if TYPE_CHECKING:  # QtNetwork is loaded when the socket is opened (after the first paint)
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_MESSAGE = 1 << 20  # one request: a few thousand file paths at most
MAX_FILES = 10_000
MAX_PATH = 4096
MAX_CONNECTIONS = 8  # served at once; more are closed at once
IDLE_TIMEOUT_MS = 5000  # a connection that sends no whole line in this time is closed
_OK = b"ok\n"
# What a later launch may ask of the running one besides files: the desktop file's
# actions, ``relapp --new-person`` and ``relapp --log``.
COMMANDS = frozenset({"new-person", "log"})


def _json() -> ModuleType:
    """The json module, imported when a message first comes or goes (not at start-up)."""
    import json

    return json


def _ours_and_private(folder: Path, fix: bool) -> bool:
    """A real folder (not a link) owned by this user and closed to others; with ``fix``
    one of ours that others may enter is closed (0700)."""
    try:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        if stat.S_IMODE(info.st_mode) & 0o077:
            if not fix:
                return False
            os.chmod(folder, 0o700)
    except OSError:
        return False
    return True


def socket_folder() -> Path | None:
    """Where this user's sockets go (POSIX): ``$XDG_RUNTIME_DIR``, else a private
    ``relapp-<uid>`` folder in the temporary folder; None when neither is safe."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _ours_and_private(Path(runtime), fix=False):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"relapp-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass  # ours from an earlier run, or someone else's: checked below
    except OSError as exc:
        log.warning("cannot make the socket folder %s: %s", folder, exc)
        return None
    if _ours_and_private(folder, fix=True):
        return folder
    log.warning("%s is not a private folder of this user's; no single-instance socket", folder)
    return None


def server_name(data_dir: Path) -> str:
    """The local socket for a data folder: the same for every launch on that folder.
    On POSIX a path in ``socket_folder()``, or "" when there is no safe place for it."""
    import hashlib  # when the socket opens, after the first paint (12 million instructions)

    key = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:24]
    name = f"relapp-{key}"
    if sys.platform == "win32":
        return name
    folder = socket_folder()
    return str(folder / name) if folder is not None else ""


def parse_command(line: bytes) -> str | None:
    """The command of a later launch's request (one of ``COMMANDS``), else None."""
    try:
        message = _json().loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    command = message.get("command") if isinstance(message, dict) else None
    return command if isinstance(command, str) and command in COMMANDS else None


def parse_request(line: bytes) -> list[str] | None:
    """The files of a later launch's request, or None when it is not a request: a JSON
    object whose ``files`` (if any) is a list of absolute paths of sensible length."""
    try:
        message = _json().loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    files = message.get("files", [])
    if not isinstance(files, list) or len(files) > MAX_FILES:
        return None
    for name in files:
        if not isinstance(name, str) or not 0 < len(name) <= MAX_PATH:
            return None
        if "\0" in name or not os.path.isabs(name):
            return None
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
    return files


class SingleInstance(QObject):
    """``acquire()`` in the first Relapp; ``forward(files)`` in a second one.

    The first one's ``activationRequested`` asks to bring the window forward;
    ``filesReceived(list[str])`` carries absolute paths of files a later launch was
    given (and, once the event loop runs, those this launch was given:
    ``deliver_own_files``), for the import feature to pick up; ``commandReceived(str)``
    one of ``COMMANDS`` (a desktop action: ``relapp --new-person``, ``relapp --log``).
    """

    NAME = "relapp-single-instance"
    activationRequested = Signal()
    filesReceived = Signal(list)
    commandReceived = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.NAME)
        self.data_dir = Path(data_dir)
        self.lock = FolderLock(self.data_dir)  # held for the whole run
        self.server: QLocalServer | None = None  # listening (``listen``)
        self.locked = False
        self.requests: set[_Request] = set()

    @functools.cached_property
    def name(self) -> str:
        """The socket's name (``server_name``), worked out when first needed: when the
        socket opens after the first paint, or when a later launch forwards."""
        return server_name(self.data_dir)

    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_NAME

    # --- the first instance -------------------------------------------------------------
    def acquire(self, *, listen: bool = True) -> bool:
        """Take the data folder. False: another Relapp has it (``forward`` to it).
        ``listen=False``: open the socket later (``listen``; the app does it after its
        window's first paint, a later launch retries meanwhile)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            if not self.lock.acquire():
                return False
            self.locked = True
        except OSError as error:
            # No lock can be written here (a read-only folder): nobody can write the
            # database either, so opening it will say what is wrong.
            log.warning("cannot create %s (%s)", self.lock_path, error)
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Open the socket later launches hand over to (once; after ``acquire``)."""
        if not self.name or self.server is not None:
            return  # no safe place for a socket (see socket_folder): no hand-over
        from PySide6.QtNetwork import QLocalServer

        # We own the folder, so a socket left under this name is a crashed run's.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._accept)
        self.server = server

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.locked:
            self.lock.release()
            self.locked = False

    def deliver_own_files(self, files: list[str]) -> None:
        """Hand this launch's own files over the same way as a later launch's."""
        paths = absolute(files)
        if paths:
            self.filesReceived.emit(paths)

    def _accept(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if len(self.requests) >= MAX_CONNECTIONS:
                socket.abort()  # a flood: the real launches retry
                socket.deleteLater()
                continue
            self.requests.add(_Request(socket, self))

    def _handle(self, line: bytes) -> None:
        files = parse_request(line)
        if files is None:
            log.warning("ignored a malformed request from another launch")
            return
        self.activationRequested.emit()
        if files:
            self.filesReceived.emit(files)
        command = parse_command(line)
        if command is not None:
            self.commandReceived.emit(command)

    # --- a second launch ----------------------------------------------------------------
    def forward(self, files: list[str], timeout: float = 5.0, command: str | None = None) -> bool:
        """Ask the running Relapp to come forward (and take ``files``, or run
        ``command``). True when it answered. Retries while the first one starts up."""
        request: dict[str, object] = {"activate": True, "files": absolute(files)}
        if command is not None:
            request["command"] = command
        payload = _json().dumps(request).encode("utf-8")
        if not self.name:
            return False
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(500):
                socket.write(QByteArray(payload + b"\n"))
                socket.waitForBytesWritten(1000)
                reply = b""
                while _OK not in reply and socket.waitForReadyRead(
                    max(1, int((deadline - time.monotonic()) * 1000))
                ):
                    reply += bytes(socket.readAll().data())
                with contextlib.suppress(RuntimeError):
                    socket.abort()
                if _OK in reply:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


class _Request(QObject):
    """One connection from a later launch: read one line, answer "ok", hand it over.
    Closed when it sends more than ``MAX_MESSAGE`` bytes or stays idle too long."""

    def __init__(self, socket: QLocalSocket, owner: SingleInstance) -> None:
        super().__init__(owner)
        self._owner = owner
        self._socket = socket
        socket.setParent(self)
        self._buffer = bytearray()
        self._done = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._give_up)
        self._idle.start(IDLE_TIMEOUT_MS)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._finish)
        if socket.bytesAvailable():
            QTimer.singleShot(0, self._read)

    @Slot()
    def _read(self) -> None:
        if self._done:
            return
        self._buffer.extend(bytes(self._socket.read(MAX_MESSAGE + 1 - len(self._buffer)).data()))
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > MAX_MESSAGE:
                self._give_up()
            return
        self._done = True
        line = bytes(self._buffer[:end])
        self._buffer = bytearray()
        self._socket.write(QByteArray(_OK))
        self._socket.flush()
        self._socket.disconnectFromServer()
        self._owner._handle(line)

    @Slot()
    def _give_up(self) -> None:
        self._done = True
        self._buffer = bytearray()
        self._socket.abort()
        self._finish()

    @Slot()
    def _finish(self) -> None:
        self._idle.stop()
        if self in self._owner.requests:
            self._owner.requests.discard(self)
            self.deleteLater()


def current() -> SingleInstance | None:
    """The running app's single-instance guard (features connect to ``filesReceived``)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    return app.findChild(SingleInstance, SingleInstance.NAME)


def absolute(files: list[str]) -> list[str]:
    return [str(Path(f).expanduser().absolute()) for f in files if f]
