"""Birthday and anniversary notices through the desktop's notification server (issue 17,
items 1 and 3 together): a notice is its own notification — it neither replaces the
summary of due promises nor is withdrawn when the promises are settled — and its Open
opens the person; it offers no Done or Snooze (there is nothing to mark done)."""

from __future__ import annotations

import pytest

from relapp.services.promises import Announcement
from relapp.ui.promises.desktop_reminders import key_of, note_for
from tests.dbus_fixture import MockServer

BIRTHDAY = Announcement("Priya Nair's birthday", "Today: she turns 40.", 7, ())
DUE_SUMMARY = Announcement("3 promises due", "Call Dan; …", None, (1, 2, 3))


def test_a_notice_has_its_own_key_and_only_the_open_action() -> None:
    assert key_of(BIRTHDAY) != key_of(DUE_SUMMARY)
    assert key_of(BIRTHDAY) != key_of(Announcement("x", "y", 8, ()))  # one per person
    actions = dict(note_for(BIRTHDAY).actions)
    assert "done" not in actions and "snooze" not in actions
    assert actions.get("open") == "Open"


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def test_settling_the_promises_leaves_a_notice_shown(
    qtbot, make_relapp, monkeypatch, session_bus: str, notification_server: MockServer, priya: int
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)
    app = make_relapp()
    opened: list[int] = []
    app.feature.desktop.openPersonRequested.connect(opened.append)
    notice = Announcement("Priya Nair's birthday", "Today.", priya, ())
    app.feature.desktop.notify(notice, lambda _a: None)
    qtbot.waitUntil(lambda: len(notification_server.calls("Notify")) == 1, timeout=4000)
    app.feature.desktop.settle([])  # no promise open: withdraws promise notes only
    qtbot.wait(300)
    assert notification_server.calls("CloseNotification") == []
    server_id = notification_server.calls("Notify")[0]["id"]
    notification_server.invoke(server_id, "open")
    qtbot.waitUntil(lambda: opened == [priya], timeout=4000)
