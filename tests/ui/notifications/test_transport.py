"""Notifications through the desktop's notification server on a private session bus,
and the fallback where no server answers (no bus, nobody owns the name, a hung one)."""

from __future__ import annotations

import os
import time

from relapp.ui.notifications.bus import session_address, socket_name
from relapp.ui.notifications.note import APP_ID, Note
from relapp.ui.notifications.transport import Notifications
from tests.dbus_fixture import MockServer, private_bus

ACTIONS = (("default", "Open"), ("open", "Open"), ("done", "Done"), ("snooze", "Snooze 1 hour"))


def note(key: str = "promise-1", title: str = "Email Priya Nair: send the pricing") -> Note:
    return Note(key, title, "prefers email, not phone", ACTIONS)


def first_id(qtbot, server: MockServer) -> int:
    """The id the server gave the first notification (its log is read on a thread)."""
    qtbot.waitUntil(lambda: bool(server.calls("Notify")), timeout=3000)
    return server.calls("Notify")[0]["id"]


def fallen(qtbot, notifications: Notifications) -> list[Note]:
    caught: list[Note] = []
    notifications.show(note(), caught.append)
    return caught


def test_a_note_goes_out_with_its_actions_hints_and_normal_urgency(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    sent = Notifications(address=session_bus)
    qtbot.waitUntil(lambda: sent.available is not None, timeout=3000)
    assert sent.available and sent.shows_actions
    sent.show(note(), lambda n: pytest_fail(f"fell back: {n}"))
    qtbot.waitUntil(lambda: bool(notification_server.calls("Notify")), timeout=3000)
    [call] = notification_server.calls("Notify")
    assert call["signature"] == "susssasa{sv}i"
    app_name, replaces, icon, title, body, actions, hints, expire = call["args"]
    assert (app_name, replaces) == ("Relapp", 0)
    assert icon == APP_ID or (icon.startswith("file:///") and icon.endswith("/relapp.png"))
    assert (title, body) == ("Email Priya Nair: send the pricing", "prefers email, not phone")
    assert actions == ["default", "Open", "open", "Open", "done", "Done", "snooze", "Snooze 1 hour"]
    assert hints == {"desktop-entry": ["s", APP_ID], "urgency": ["y", 1]}
    assert expire == -1


def test_the_same_key_replaces_its_notification_and_another_key_stacks(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    sent = Notifications(address=session_bus)
    sent.show(note(), print)
    qtbot.waitUntil(lambda: sent.live_keys() == ["promise-1"], timeout=3000)
    first = first_id(qtbot, notification_server)
    sent.show(note(title="Email Priya Nair: send the pricing (again)"), print)
    sent.show(note(key="promise-2"), print)
    qtbot.waitUntil(lambda: len(notification_server.calls("Notify")) == 3, timeout=3000)
    again, other = notification_server.calls("Notify")[1:]
    assert again["args"][1] == first and again["id"] == first  # updated, not stacked
    assert other["args"][1] == 0 and other["id"] != first
    assert sorted(sent.live_keys()) == ["promise-1", "promise-2"]


def test_actions_come_back_by_key_and_a_closed_notification_is_forgotten(
    qtbot, notification_server: MockServer, session_bus: str, monkeypatch
) -> None:
    sent = Notifications(address=session_bus)
    picked: list[tuple[str, str]] = []
    closed: list[str] = []
    tokens: list[str | None] = []
    sent.actionInvoked.connect(lambda key, action: picked.append((key, action)))
    # The window raised for an action may take the focus: the server's token is there.
    sent.actionInvoked.connect(lambda *_: tokens.append(os.environ.get("XDG_ACTIVATION_TOKEN")))
    sent.closed.connect(closed.append)
    sent.show(note(), print)
    qtbot.waitUntil(lambda: bool(sent.live_keys()), timeout=3000)
    server_id = first_id(qtbot, notification_server)
    notification_server.invoke(server_id, "done")
    qtbot.waitUntil(lambda: closed == ["promise-1"], timeout=3000)
    assert picked == [("promise-1", "done")]
    assert tokens == [f"token-{server_id}"]
    assert sent.live_keys() == []
    sent.show(note(), print)  # shown anew: a new notification, nothing to replace
    qtbot.waitUntil(lambda: len(notification_server.calls("Notify")) == 2, timeout=3000)
    assert notification_server.calls("Notify")[1]["args"][1] == 0


def test_withdrawing_closes_the_notification_on_the_server(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    sent = Notifications(address=session_bus)
    sent.show(note(), print)
    qtbot.waitUntil(lambda: bool(sent.live_keys()), timeout=3000)
    server_id = first_id(qtbot, notification_server)
    sent.withdraw("promise-1")
    qtbot.waitUntil(lambda: bool(notification_server.calls("CloseNotification")), timeout=3000)
    assert notification_server.calls("CloseNotification")[0]["args"] == [server_id]
    assert sent.live_keys() == []


def test_a_note_withdrawn_before_the_server_answered_it_is_closed(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    # A promise done (on the worker) right after its reminder went out: the server's
    # reply with the id comes later, and the reminder stayed up for a promise kept.
    sent = Notifications(address=session_bus)
    qtbot.waitUntil(lambda: sent.available is not None, timeout=3000)
    sent.show(note(), print)
    sent.withdraw("promise-1")  # in the same turn: Notify's reply has not come back
    qtbot.waitUntil(lambda: bool(notification_server.calls("CloseNotification")), timeout=3000)
    assert notification_server.calls("CloseNotification")[0]["args"] == [
        first_id(qtbot, notification_server)
    ]
    assert sent.live_keys() == []


def test_a_note_withdrawn_before_the_server_was_found_is_never_sent(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    sent = Notifications(address=session_bus)
    sent.show(note(), print)  # queued until the server answers
    sent.withdraw("promise-1")
    sent.show(note(key="promise-2", title="Call Dan"), print)
    qtbot.waitUntil(lambda: bool(notification_server.calls("Notify")), timeout=3000)
    qtbot.waitUntil(lambda: sent.live_keys() == ["promise-2"], timeout=3000)
    assert [call["args"][3] for call in notification_server.calls("Notify")] == ["Call Dan"]


def test_user_text_shows_literally_where_the_server_reads_markup(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    sent = Notifications(address=session_bus)
    sent.show(Note("promise-7", "Call <b>Eve</b> & Co", "prefers <i>email</i> & chat"), print)
    qtbot.waitUntil(lambda: bool(notification_server.calls("Notify")), timeout=3000)
    args = notification_server.calls("Notify")[0]["args"]
    assert args[3] == "Call <b>Eve</b> & Co"  # the summary is never markup
    assert args[4] == "prefers &lt;i&gt;email&lt;/i&gt; &amp; chat"


def test_a_notification_the_server_refuses_is_shown_the_other_way(
    qtbot, notification_server: MockServer, session_bus: str
) -> None:
    sent = Notifications(address=session_bus)
    qtbot.waitUntil(lambda: sent.available is True, timeout=3000)
    refused = Note("promise-8", "x", "y")
    caught: list[Note] = []
    sent.server.bus.call = (  # a server that answers Notify with an error
        lambda message, on_reply, on_error, timeout_ms=0: on_error("InvalidArgs")
    )
    sent.show(refused, caught.append)
    assert caught == [refused]


def pytest_fail(message: str) -> None:
    raise AssertionError(message)


# --- where nobody answers: the fallback, never a wait on the GUI thread ----------------------


def test_without_a_session_bus_the_fallback_is_used_at_once(qtbot, monkeypatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "")
    assert session_address() is None
    sent = Notifications()
    assert sent.available is False
    assert [n.key for n in fallen(qtbot, sent)] == ["promise-1"]


def test_a_bus_address_nobody_listens_on_falls_back(qtbot, tmp_path) -> None:
    sent = Notifications(address=f"unix:path={tmp_path / 'no-bus'}")
    caught = fallen(qtbot, sent)
    qtbot.waitUntil(lambda: bool(caught), timeout=3000)
    assert sent.available is False


def test_a_bus_without_a_notification_server_falls_back(qtbot, session_bus: str) -> None:
    started = time.monotonic()
    sent = Notifications(address=session_bus)
    caught = fallen(qtbot, sent)
    assert caught == []  # waits for the answer instead of guessing
    qtbot.waitUntil(lambda: bool(caught), timeout=3000)
    took = time.monotonic() - started
    assert sent.available is False
    assert took < 1.0, f"ServiceUnknown took {took:.2f}s"  # the bus says so at once


def test_a_hung_server_falls_back_after_the_probe_without_blocking(qtbot, session_bus: str) -> None:
    hung = MockServer(session_bus, mute=True)
    try:
        started = time.monotonic()
        sent = Notifications(address=session_bus, probe_ms=600)
        caught: list[Note] = []
        shown_at = time.monotonic()
        sent.show(note(), caught.append)
        returned = time.monotonic() - shown_at
        gaps: list[float] = []
        last = [time.monotonic()]

        def tick() -> None:
            now = time.monotonic()
            gaps.append(now - last[0])
            last[0] = now

        from PySide6.QtCore import QTimer

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(10)
        qtbot.waitUntil(lambda: bool(caught), timeout=3000)
        timer.stop()
        took = time.monotonic() - started
        assert sent.available is False
        assert 0.55 <= took < 1.5, took
        assert returned < 0.05
        assert max(gaps) < 0.2, f"the GUI thread stalled {max(gaps) * 1000:.0f} ms"
        print(
            f"\nhung server: fell back after {took * 1000:.0f} ms; longest GUI gap "
            f"{max(gaps) * 1000:.0f} ms; show() returned in {returned * 1000:.1f} ms"
        )
    finally:
        hung.stop()


def test_an_address_of_another_transport_falls_back(qtbot) -> None:
    sent = Notifications(address="tcp:host=localhost,port=1")
    caught = fallen(qtbot, sent)
    qtbot.waitUntil(lambda: bool(caught), timeout=3000)


def test_the_session_bus_is_found_where_systemd_puts_it(tmp_path, monkeypatch) -> None:
    import socket

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert session_address() is None  # no socket there
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "bus"))
        assert session_address() == f"unix:path={tmp_path / 'bus'}"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/elsewhere")
    assert session_address() == "unix:path=/elsewhere"  # the variable wins


def test_a_bus_on_an_abstract_socket_is_reached(qtbot, tmp_path) -> None:
    name = f"relapp-test-{tmp_path.name}-{time.monotonic_ns()}"
    assert socket_name(f"unix:abstract={name},guid=1") == (name, True)
    with private_bus(listen=f"unix:abstract={name}") as address:
        assert "abstract=" in address
        server = MockServer(address)
        try:
            sent = Notifications(address=address)
            qtbot.waitUntil(lambda: sent.available is not None, timeout=3000)
            assert sent.available is True
        finally:
            server.stop()


def test_on_windows_and_macos_qt_shows_it_even_where_a_server_answers(
    qtbot, monkeypatch, session_bus: str, notification_server: MockServer
) -> None:
    """Issue 17: "Windows and macOS keep Qt's path" (the tray's own balloon), whatever
    the environment says about a session bus."""
    import sys

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        sent = Notifications()
        assert sent.available is False and sent.server is None
        assert [n.key for n in fallen(qtbot, sent)] == ["promise-1"]
    qtbot.wait(300)
    assert notification_server.calls("Notify") == []
