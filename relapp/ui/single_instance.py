"""One Relapp per data folder.

The first Relapp to start on a data folder takes the folder's lock
(``relapp.storage.folder_lock``, the same lock every writing ``relapp`` command takes, so
the window and the commands exclude each other: one writer per data folder) and listens
on a local socket whose name is derived from the folder. A second launch finds the lock
taken, connects to the socket, hands over its request (bring the window forward, and
any files it was given to import) and exits. The operating system drops the lock of a
crashed Relapp, so the next start simply takes it.

The socket lives in ``$XDG_RUNTIME_DIR`` where there is one (private to the user), and
is created with ``UserAccessOption`` so only the same user can connect.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from relapp.storage.folder_lock import LOCK_NAME, FolderLock

log = logging.getLogger(__name__)

MAX_MESSAGE = 1 << 20  # one request: a few thousand file paths at most
_OK = b"ok\n"


def server_name(data_dir: Path) -> str:
    """The local socket for a data folder: the same for every launch on that folder."""
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:24]
    name = f"relapp-{key}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and sys.platform != "win32" and os.path.isdir(runtime):
        return str(Path(runtime) / name)
    return name


class SingleInstance(QObject):
    """``acquire()`` in the first Relapp; ``forward(files)`` in a second one.

    The first one's ``activationRequested`` asks to bring the window forward;
    ``filesReceived(list[str])`` carries absolute paths of files a later launch was
    given (and, once the event loop runs, those this launch was given:
    ``deliver_own_files``), for the import feature to pick up.
    """

    NAME = "relapp-single-instance"
    activationRequested = Signal()
    filesReceived = Signal(list)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.NAME)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self.lock = FolderLock(self.data_dir)  # held for the whole run
        self.server: QLocalServer | None = None
        self.locked = False

    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_NAME

    # --- the first instance -------------------------------------------------------------
    def acquire(self) -> bool:
        """Take the data folder. False: another Relapp has it (``forward`` to it)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            if not self.lock.acquire():
                return False
            self.locked = True
        except OSError as error:
            # No lock can be written here (a read-only folder): nobody can write the
            # database either, so opening it will say what is wrong.
            log.warning("cannot create %s (%s)", self.lock_path, error)
        self._listen()
        return True

    def _listen(self) -> None:
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
            _Request(self.server.nextPendingConnection(), self)

    def _handle(self, line: bytes) -> None:
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("ignored a malformed request from another launch")
            return
        if not isinstance(message, dict):
            return
        files = [f for f in message.get("files", []) if isinstance(f, str)]
        self.activationRequested.emit()
        if files:
            self.filesReceived.emit(files)

    # --- a second launch ----------------------------------------------------------------
    def forward(self, files: list[str], timeout: float = 5.0) -> bool:
        """Ask the running Relapp to come forward (and take ``files``). True when it
        answered. Retries while the first one is still starting up."""
        payload = json.dumps({"activate": True, "files": absolute(files)}).encode("utf-8")
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
    """One connection from a later launch: read one line, answer "ok", hand it over."""

    def __init__(self, socket: QLocalSocket, owner: SingleInstance) -> None:
        super().__init__(owner)
        self._owner = owner
        self._socket = socket
        socket.setParent(self)
        self._buffer = bytearray()
        self._done = False
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self.deleteLater)
        if socket.bytesAvailable():
            self._read()

    @Slot()
    def _read(self) -> None:
        if self._done:
            return
        self._buffer.extend(bytes(self._socket.readAll().data()))
        if len(self._buffer) > MAX_MESSAGE:
            self._done = True
            self._socket.abort()
            return
        if b"\n" not in self._buffer:
            return
        self._done = True
        line = bytes(self._buffer.split(b"\n", 1)[0])
        self._socket.write(QByteArray(_OK))
        self._socket.flush()
        self._socket.disconnectFromServer()
        self._owner._handle(line)


def current() -> SingleInstance | None:
    """The running app's single-instance guard (features connect to ``filesReceived``)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    return app.findChild(SingleInstance, SingleInstance.NAME)


def absolute(files: list[str]) -> list[str]:
    return [str(Path(f).expanduser().absolute()) for f in files if f]
