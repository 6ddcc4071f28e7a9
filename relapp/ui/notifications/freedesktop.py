"""The desktop's notification server, ``org.freedesktop.Notifications`` (the Desktop
Notifications Specification 1.2), over a ``SessionBus``.

``start()`` subscribes to ``ActionInvoked`` and ``NotificationClosed`` and asks
``GetCapabilities``: its answer says a server is there (``answered(True)``) and whether
it shows actions; no bus, no such service or no answer in time is ``answered(False)``.
``notify(note)`` sends ``Notify`` with the note's actions (when the server shows
actions), the ``desktop-entry`` hint, normal urgency, and the id of the notification
already shown for the same key as ``replaces_id``, so the server updates it instead of
stacking another. Ids are forgotten when the server says it closed one.

Text is the user's: where the server reads markup in the body (``body-markup``), it is
escaped, so a name such as ``<b>Eve</b> & Co`` shows literally (the summary is never
markup). The icon is the app id where the icon theme has it (installed with the desktop
entry), else the PNG shipped with Relapp, as a file URI.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QIcon

from relapp.ui import icons
from relapp.ui.notifications.bus import SessionBus
from relapp.ui.notifications.note import APP_ID, Note

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = SERVICE
NORMAL_URGENCY = 1
SERVER_DEFAULT_TIMEOUT = -1
PROBE_TIMEOUT_MS = 1500
ICON_SIZE = 256
ACTIVATION_TOKEN = "XDG_ACTIVATION_TOKEN"  # xdg-activation: Qt's Wayland plugin reads it


def _server() -> object:
    from jeepney.wrappers import DBusAddress

    return DBusAddress(PATH, bus_name=SERVICE, interface=INTERFACE)


def app_icon() -> str:
    """The icon's name where the theme has it, else Relapp's own PNG as a file URI."""
    if QIcon.hasThemeIcon(APP_ID):
        return APP_ID
    png = icons.app_icon_png(ICON_SIZE)
    return QUrl.fromLocalFile(str(png)).toString() if png.is_file() else APP_ID


def notify_message(
    note: Note,
    replaces_id: int,
    with_actions: bool,
    *,
    markup: bool = False,
    icon: str = APP_ID,
) -> object:
    """The ``Notify`` call for ``note`` (a jeepney Message, signature ``susssasa{sv}i``);
    ``markup``: the server reads the body as markup, so it is escaped."""
    from jeepney.wrappers import new_method_call

    actions: list[str] = []
    if with_actions:
        for key, label in note.actions:
            actions += [key, label]
    hints = {
        "desktop-entry": ("s", APP_ID),
        "urgency": ("y", NORMAL_URGENCY),
    }
    return new_method_call(
        _server(),
        "Notify",
        "susssasa{sv}i",
        (
            note.app_name,
            replaces_id,
            icon,
            note.title,
            html.escape(note.body, quote=False) if markup else note.body,
            actions,
            hints,
            SERVER_DEFAULT_TIMEOUT,
        ),
    )


class DesktopNotifications(QObject):
    """The client of one notification server. ``answered(bool)`` once, after
    ``start()``; ``actionInvoked(key, action)`` and ``closed(key)`` name the note's key."""

    answered = Signal(bool)
    actionInvoked = Signal(str, str)
    closed = Signal(str)
    sent = Signal(str, int)  # key, the server's id (tests and logs)

    def __init__(
        self, bus: SessionBus, parent: QObject | None = None, *, probe_ms: int = PROBE_TIMEOUT_MS
    ) -> None:
        super().__init__(parent)
        self.bus = bus
        self.probe_ms = probe_ms
        self.capabilities: frozenset[str] = frozenset()
        self._icon_name: str | None = None
        self.available: bool | None = None
        self._ids: dict[str, int] = {}  # key -> the id the server gave
        self._keys: dict[int, str] = {}
        # Notify calls the server has not answered yet, by key (a number each), and
        # those withdrawn meanwhile: closed as soon as their id comes back.
        self._asked: dict[str, set[int]] = {}
        self._withdrawn: set[int] = set()
        self._calls = 0
        bus.signalReceived.connect(self._signal)
        bus.failed.connect(self._lost)

    @property
    def shows_actions(self) -> bool:
        return "actions" in self.capabilities

    def live_keys(self) -> list[str]:
        """The keys of the notifications the server still shows."""
        return list(self._ids)

    def id_of(self, key: str) -> int | None:
        return self._ids.get(key)

    # --- finding the server ----------------------------------------------------------------
    def start(self) -> None:
        from jeepney.bus_messages import MatchRule, message_bus

        for member in ("ActionInvoked", "NotificationClosed", "ActivationToken"):
            rule = MatchRule(
                type="signal", sender=SERVICE, interface=INTERFACE, member=member, path=PATH
            )
            self.bus.call(message_bus.AddMatch(rule), _ignore, _ignore)
        from jeepney.wrappers import new_method_call

        self.bus.call(
            new_method_call(_server(), "GetCapabilities"),
            self._capabilities,
            self._no_server,
            self.probe_ms,
        )

    def _capabilities(self, reply: object) -> None:
        body = reply.body  # type: ignore[attr-defined]
        self.capabilities = frozenset(str(c) for c in (body[0] if body else ()))
        self._answer(True)

    def _no_server(self, reason: str) -> None:
        log.info("no notification server answers (%s): reminders use Qt's path", reason)
        self._answer(False)

    def _answer(self, available: bool) -> None:
        if self.available is None:
            self.available = available
            self.answered.emit(available)

    def _lost(self, reason: str) -> None:
        self._ids.clear()
        self._keys.clear()
        if self.available is None:
            self._answer(False)
        else:
            self.available = False

    # --- showing ---------------------------------------------------------------------------
    def notify(self, note: Note, failed: Callable[[], None] = lambda: None) -> None:
        """Send ``note``; ``failed()`` when the server refuses it or does not answer."""
        replaces = self._ids.get(note.key, 0)
        message = notify_message(
            note,
            replaces,
            self.shows_actions,
            markup="body-markup" in self.capabilities,
            icon=self._icon(),
        )

        self._calls += 1
        call = self._calls
        self._asked.setdefault(note.key, set()).add(call)

        def not_shown(reason: str) -> None:
            self._answered(note.key, call)
            if call in self._withdrawn:
                self._withdrawn.discard(call)
                return  # taken back meanwhile: nothing to show the other way either
            log.warning("the notification server did not take a notification: %s", reason)
            failed()

        self.bus.call(message, lambda reply: self._shown(note.key, call, reply), not_shown)

    def _answered(self, key: str, call: int) -> None:
        asked = self._asked.get(key)
        if asked is not None:
            asked.discard(call)
            if not asked:
                del self._asked[key]

    def _icon(self) -> str:
        if self._icon_name is None:
            self._icon_name = app_icon()
        return self._icon_name

    def _shown(self, key: str, call: int, reply: object) -> None:
        self._answered(key, call)
        body = reply.body  # type: ignore[attr-defined]
        if not body:
            return
        server_id = int(body[0])
        if call in self._withdrawn:  # withdrawn before its id came back: close it now
            self._withdrawn.discard(call)
            self._close(server_id)
            return
        old = self._ids.get(key)
        if old is not None and old != server_id:
            self._keys.pop(old, None)
        self._ids[key] = server_id
        self._keys[server_id] = key
        self.sent.emit(key, server_id)

    def withdraw(self, key: str) -> None:
        """Close the notification shown for ``key`` (it no longer applies), and any the
        server has not answered yet as soon as it does."""
        self._withdrawn |= self._asked.pop(key, set())
        server_id = self._ids.pop(key, None)
        if server_id is None:
            return
        self._keys.pop(server_id, None)
        self._close(server_id)

    def _close(self, server_id: int) -> None:
        from jeepney.wrappers import new_method_call

        message = new_method_call(_server(), "CloseNotification", "u", (server_id,))
        self.bus.call(message, _ignore, _ignore)

    # --- what the server says --------------------------------------------------------------
    def _signal(self, message: object) -> None:
        from jeepney.low_level import HeaderFields

        fields = message.header.fields  # type: ignore[attr-defined]
        if fields.get(HeaderFields.interface) != INTERFACE:
            return
        member = fields.get(HeaderFields.member)
        body = message.body  # type: ignore[attr-defined]
        if member == "ActivationToken" and len(body) == 2 and int(body[0]) in self._keys:
            # Sent just before ActionInvoked (spec 1.2): the window raised for the action
            # may take the focus with it (Qt's Wayland plugin uses and unsets it).
            os.environ[ACTIVATION_TOKEN] = str(body[1])
        elif member == "ActionInvoked" and len(body) == 2:
            key = self._keys.get(int(body[0]))
            if key is not None:
                self.actionInvoked.emit(key, str(body[1]))
        elif member == "NotificationClosed" and body:
            key = self._keys.pop(int(body[0]), None)
            if key is not None and self._ids.get(key) == int(body[0]):
                del self._ids[key]
                self.closed.emit(key)


def _ignore(_value: object) -> None:
    pass
