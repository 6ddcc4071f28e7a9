"""A D-Bus session-bus connection that lives in Qt's event loop and never blocks it.

The socket is a ``QLocalSocket`` (connecting, reading and writing are all signals), and
the D-Bus wire protocol (the SASL greeting, marshalling with exact signatures, parsing)
is jeepney's sans-I/O code. Every call has its own timeout; a call made before the
connection is up waits for it, and fails with the connection.

Why not ``PySide6.QtDBus``, which is already installed: from Python it cannot send an
unsigned 32-bit integer. A Python ``int`` always goes out as ``i`` (or ``x``), a
``QDBusArgument`` takes an ``int`` as ``q`` (uint16), and ``QDBusInterface``'s typed
calls fail on ``a{sv}`` (``QDBusRawType``) unless the server names Qt types in its
introspection. ``Notify`` is ``susssasa{sv}i``: GNOME Shell and dunst reject
``sisssasa{sv}i`` as invalid arguments, Plasma answers "no such method". Measured on
a private bus with PySide6 6.11 (the signature the server saw).
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 2000  # connecting, the greeting and Hello, all together
CALL_TIMEOUT_MS = 3000
_MAX_READ = 1 << 20

Reply = Callable[[object], None]  # a jeepney Message
Failure = Callable[[str], None]


def session_address() -> str | None:
    """Where the session bus is: ``DBUS_SESSION_BUS_ADDRESS`` (set but empty: no bus),
    else ``$XDG_RUNTIME_DIR/bus`` when that socket exists (systemd's user bus)."""
    value = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if value is not None:
        return value.strip() or None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime):
        path = os.path.join(runtime, "bus")
        try:
            if stat.S_ISSOCK(os.stat(path).st_mode):
                return f"unix:path={path}"
        except OSError:
            pass
    return None


def socket_name(address: str) -> tuple[str, bool] | None:
    """The local socket an address names, and whether it is abstract; None when it names
    only transports Relapp does not speak (tcp:, launchd:, ...)."""
    from jeepney.bus import get_connectable_addresses

    try:
        target = next(get_connectable_addresses(address))
    except (RuntimeError, ValueError, StopIteration):
        return None
    if target.startswith("\0"):
        return target[1:], True
    return target, False


@dataclass
class _Pending:
    on_reply: Reply
    on_error: Failure
    timer: QTimer


class SessionBus(QObject):
    """``open()`` connects; ``ready`` follows once the bus said hello, ``failed(reason)``
    when it cannot be reached or is lost. ``call`` sends a method call and hands the
    reply (or an error's words) to a callback; ``signalReceived`` carries signals."""

    ready = Signal()
    failed = Signal(str)
    signalReceived = Signal(object)  # a jeepney Message

    def __init__(
        self,
        address: str,
        parent: QObject | None = None,
        *,
        connect_timeout_ms: int = CONNECT_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.address = address
        self.state = "closed"  # connecting, authenticating, hello, ready, failed
        self.unique_name = ""
        self._socket: QLocalSocket | None = None
        self._auth: object = None
        self._parser: object = None
        self._serial = 0
        self._pending: dict[int, _Pending] = {}
        self._waiting: list[tuple[object, Reply, Failure, int]] = []
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(connect_timeout_ms)
        self._deadline.timeout.connect(self._too_slow)

    # --- connecting -----------------------------------------------------------------------
    def open(self) -> None:
        if self.state != "closed":
            return
        self.state = "connecting"
        name = socket_name(self.address)
        if name is None:
            self._fail(f"no local socket in the bus address {self.address!r}")
            return
        from jeepney.auth import Authenticator
        from jeepney.low_level import Parser

        self._auth = Authenticator()
        self._parser = Parser()
        socket = QLocalSocket(self)
        if name[1]:
            socket.setSocketOptions(QLocalSocket.SocketOption.AbstractNamespaceOption)
        socket.connected.connect(self._connected)
        socket.readyRead.connect(self._read)
        socket.errorOccurred.connect(self._socket_error)
        socket.disconnected.connect(self._socket_closed)
        self._socket = socket
        self._deadline.start()
        socket.connectToServer(name[0])

    def _socket_error(self, _error: object) -> None:
        if self._socket is not None:
            self._fail(self._socket.errorString())

    def _socket_closed(self) -> None:
        self._fail("the session bus closed the connection")

    def _too_slow(self) -> None:
        self._fail("the session bus did not answer")

    def _connected(self) -> None:
        self.state = "authenticating"
        self._write(self._auth.data_to_send() or b"")  # type: ignore[attr-defined]

    def _authenticate(self, data: bytes) -> None:
        from jeepney.auth import BEGIN, AuthenticationError
        from jeepney.bus_messages import message_bus

        try:
            self._auth.feed(data)  # type: ignore[attr-defined]
        except AuthenticationError as exc:
            self._fail(f"the session bus refused us: {exc}")
            return
        if not self._auth.authenticated:  # type: ignore[attr-defined]
            return
        self._write(BEGIN)
        self.state = "hello"
        self._send(message_bus.Hello(), self._said_hello, self._fail, CONNECT_TIMEOUT_MS)

    def _said_hello(self, message: object) -> None:
        self._deadline.stop()
        self.unique_name = str(message.body[0])  # type: ignore[attr-defined]
        self.state = "ready"
        waiting, self._waiting = self._waiting, []
        for queued in waiting:
            self._send(*queued)
        self.ready.emit()

    def _fail(self, reason: str) -> None:
        if self.state in ("failed", "closed"):
            return
        log.info("no desktop notifications over D-Bus: %s", reason)
        self.state = "failed"
        self._deadline.stop()
        waiting, self._waiting = self._waiting, []
        pending, self._pending = self._pending, {}
        for entry in pending.values():
            entry.timer.stop()
        if self._socket is not None:
            self._socket.abort()
        for _message, _reply, on_error, _timeout in waiting:
            on_error(reason)
        for entry in pending.values():
            entry.on_error(reason)
        self.failed.emit(reason)

    def close(self) -> None:
        """Hang up (quitting); calls still waiting get no answer."""
        self._deadline.stop()
        for entry in self._pending.values():
            entry.timer.stop()
        self._pending.clear()
        self._waiting.clear()
        if self._socket is not None:
            self._socket.abort()
        self.state = "closed" if self.state != "failed" else "failed"

    # --- calling --------------------------------------------------------------------------
    def call(
        self,
        message: object,
        on_reply: Reply,
        on_error: Failure,
        timeout_ms: int = CALL_TIMEOUT_MS,
    ) -> None:
        """Send a method call (a jeepney Message); ``on_reply(reply)`` or
        ``on_error(words)`` follows, on the GUI thread, within ``timeout_ms``."""
        if self.state == "ready":
            self._send(message, on_reply, on_error, timeout_ms)
        elif self.state == "failed":
            on_error("the session bus is not reachable")
        else:
            self._waiting.append((message, on_reply, on_error, timeout_ms))
            self.open()

    def _send(self, message: object, on_reply: Reply, on_error: Failure, timeout_ms: int) -> None:
        self._serial += 1
        serial = self._serial
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(partial(self._timed_out, serial))
        self._pending[serial] = _Pending(on_reply, on_error, timer)
        timer.start(timeout_ms)
        self._write(message.serialise(serial=serial))  # type: ignore[attr-defined]

    def _timed_out(self, serial: int) -> None:
        entry = self._pending.pop(serial, None)
        if entry is not None:
            entry.timer.deleteLater()
            entry.on_error("no answer in time")

    def _write(self, data: bytes) -> None:
        if self._socket is not None and data:
            self._socket.write(data)

    # --- reading --------------------------------------------------------------------------
    def _read(self) -> None:
        socket = self._socket
        if socket is None:
            return
        while socket.bytesAvailable() > 0 and self.state not in ("failed", "closed"):
            data = bytes(socket.read(_MAX_READ).data())
            if self.state == "authenticating":
                self._authenticate(data)
                continue
            try:
                messages = self._parser.feed(data)  # type: ignore[attr-defined]
            except (ValueError, KeyError, IndexError) as exc:
                self._fail(f"unreadable data from the session bus ({exc})")
                return
            for message in messages:
                self._dispatch(message)

    def _dispatch(self, message: object) -> None:
        from jeepney.low_level import HeaderFields, MessageType

        header = message.header  # type: ignore[attr-defined]
        if header.message_type is MessageType.signal:
            self.signalReceived.emit(message)
            return
        serial = header.fields.get(HeaderFields.reply_serial)
        entry = self._pending.pop(serial, None) if serial is not None else None
        if entry is None:
            return
        entry.timer.stop()
        entry.timer.deleteLater()
        if header.message_type is MessageType.error:
            body = message.body  # type: ignore[attr-defined]
            words = body[0] if body and isinstance(body[0], str) else ""
            entry.on_error(f"{header.fields.get(HeaderFields.error_name, 'error')}: {words}")
        else:
            entry.on_reply(message)
