"""Issue 17: reminders as desktop notifications with actions, on a private session bus
with a notification server (tests/notification_server.py): Open, Done and Snooze 1 hour
act on the real database; a later reminder of the same promise updates its notification;
without a tray, closing the window keeps Relapp running while a server takes reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from relapp.domain.model import Channel, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database, promises_repo
from relapp.ui.notifications.note import APP_ID
from tests.dbus_fixture import MockServer
from tests.ui.promises.conftest import Relapp

SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)
ACTIONS = ["default", "Open", "open", "Open", "done", "Done", "snooze", "Snooze 1 hour"]


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def on_the_bus(monkeypatch, session_bus: str, notification_server: MockServer) -> MockServer:
    """Relapp's session bus is the private one, with the notification server on it."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)
    return notification_server


def overdue(db: Database, person: int, now: datetime, what: str = "send the pricing") -> int:
    draft = PromiseDraft(person, Promiser.ME, what, Channel.EMAIL, now - HOUR)
    return service.create_promise(db, draft, now=now - 2 * HOUR).id


def notified(qtbot, app: Relapp, server: MockServer, count: int = 1) -> dict:
    """The ``count``-th Notify the server took, once Relapp has its answer too: the
    server writes its record after its reply, and the reply reaches Relapp through the
    bus daemon later (under load, after a write on the worker). Until it does, Relapp does
    not know the notification's id, so it could not withdraw it or read an action on it
    (it never can while a Notify is unanswered: a race the tests leave out)."""
    qtbot.waitUntil(lambda: len(server.calls("Notify")) >= count, timeout=4000)
    call = server.calls("Notify")[count - 1]
    desktop = app.feature.notifications.server
    assert desktop is not None
    qtbot.waitUntil(
        lambda: call["id"] in {desktop.id_of(key) for key in desktop.live_keys()}, timeout=4000
    )
    return call


def test_a_due_promise_is_sent_with_actions_the_desktop_entry_and_normal_urgency(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    overdue(db, priya, app.clock())
    app.feature.promises_changed()
    call = notified(qtbot, app, on_the_bus)
    assert call["signature"] == "susssasa{sv}i"
    app_name, replaces, icon, title, body, actions, hints, expire = call["args"]
    assert (app_name, replaces, expire) == ("Relapp", 0, -1)
    assert icon == APP_ID or icon.endswith("/hicolor/256x256/apps/relapp.png")
    assert (title, body) == ("Email Priya Nair: send the pricing", "prefers email, not phone")
    assert actions == ACTIONS
    assert hints == {"desktop-entry": ["s", APP_ID], "urgency": ["y", 1]}
    assert app.messages.calls == []  # not the tray balloon as well


def test_done_on_the_notification_keeps_the_promise_in_the_database(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    pid = overdue(db, priya, app.clock())
    app.feature.promises_changed()
    on_the_bus.invoke(notified(qtbot, app, on_the_bus)["id"], "done")
    qtbot.waitUntil(lambda: service.get_promise(db, pid).status is PromiseStatus.DONE, timeout=4000)
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert app.feature.desktop.shown == {}  # the server closed it: forgotten
    app.window.undo_stack.undo()  # one undo step, like Done anywhere else
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert service.get_promise(db, pid).status is PromiseStatus.OPEN


def test_snooze_on_the_notification_moves_the_promise_an_hour(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    pid = overdue(db, priya, app.clock())
    app.feature.promises_changed()
    before = app.clock()
    on_the_bus.invoke(notified(qtbot, app, on_the_bus)["id"], "snooze")
    qtbot.waitUntil(lambda: service.get_promise(db, pid).snoozed_until is not None, timeout=4000)
    snoozed = service.get_promise(db, pid).snoozed_until
    assert before + HOUR - SECOND <= snoozed <= app.clock() + HOUR
    assert service.get_promise(db, pid).status is PromiseStatus.OPEN


def test_the_default_action_opens_the_person_and_brings_the_window_forward(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    people.add_person(db, PersonDraft("Aaron First"))
    app = make_relapp()
    overdue(db, priya, app.clock())
    app.feature.promises_changed()
    call = notified(qtbot, app, on_the_bus)
    app.window.hide()
    on_the_bus.invoke(call["id"], "default")
    qtbot.waitUntil(lambda: app.window.isVisible(), timeout=4000)
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    assert app.window.page.person.id == priya


def test_the_next_reminder_of_the_same_promise_replaces_its_notification(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    pid = overdue(db, priya, app.clock())
    app.feature.promises_changed()
    first = notified(qtbot, app, on_the_bus)
    app.feature.actions.snooze(pid)  # from the Due view: the notification stays
    qtbot.waitUntil(lambda: app.window.runner.idle)
    app.clock.jump(HOUR + 2 * SECOND)
    app.feature.scheduler.heartbeat()
    again = notified(qtbot, app, on_the_bus, 2)
    assert again["args"][1] == first["id"] and again["id"] == first["id"]
    assert again["args"][3] == first["args"][3]


def test_done_in_the_window_withdraws_the_notification(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    pid = overdue(db, priya, app.clock())
    app.feature.promises_changed()
    call = notified(qtbot, app, on_the_bus)
    app.feature.actions.done(pid)
    qtbot.waitUntil(lambda: bool(on_the_bus.calls("CloseNotification")), timeout=4000)
    assert on_the_bus.calls("CloseNotification")[0]["args"] == [call["id"]]


def test_without_a_server_the_reminder_is_the_tray_balloon(
    qtbot, db: Database, priya: int, make_relapp, monkeypatch, session_bus: str
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)  # a bus, nobody on it
    app = make_relapp()
    overdue(db, priya, app.clock())
    app.feature.promises_changed()
    qtbot.waitUntil(lambda: bool(app.messages.calls), timeout=4000)
    assert app.messages.calls == [
        ("Email Priya Nair: send the pricing", "prefers email, not phone")
    ]


def test_a_reminder_about_a_person_without_a_promise_opens_them(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    """How another reminder (a birthday) goes out through the same path: one
    notification per person, Open only."""
    app = make_relapp()
    app.window.hide()
    app.feature.remind(service.Announcement("Priya Nair's birthday", "today", priya, ()))
    call = notified(qtbot, app, on_the_bus)
    assert call["args"][5] == ["default", "Open", "open", "Open"]
    overdue(db, priya, app.clock())  # a promise too: the sweep settles what is shown
    app.feature.promises_changed()
    notified(qtbot, app, on_the_bus, 2)
    assert on_the_bus.calls("CloseNotification") == []  # the birthday stays
    birthday = service.Announcement("Priya Nair's birthday", "today", priya, ())
    assert app.feature.desktop.shown[f"occasion-{priya}"] == birthday
    on_the_bus.invoke(call["id"], "open")
    qtbot.waitUntil(lambda: app.window.isVisible(), timeout=4000)
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    assert app.window.page.person.id == priya


# --- no tray ---------------------------------------------------------------------------------


def test_without_a_tray_closing_keeps_relapp_running_and_says_so_once(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp(tray=False)
    qtbot.waitUntil(lambda: app.feature.notifications.available is not None, timeout=4000)
    app.window.close()
    assert not app.window.isVisible()
    assert not QApplication.quitOnLastWindowClosed()
    told = notified(qtbot, app, on_the_bus)
    assert told["args"][3] == "Relapp is still running"
    assert "File ▸ Quit" in told["args"][4]
    assert told["args"][5] == [
        "default",
        "Show Relapp",
        "show",
        "Show Relapp",
        "quit",
        "Quit Relapp",
    ]
    overdue(db, priya, app.clock())  # a reminder still goes out, with the window closed
    app.feature.promises_changed()
    assert notified(qtbot, app, on_the_bus, 2)["args"][3] == "Email Priya Nair: send the pricing"
    assert app.feature.in_window is not None and app.feature.in_window.box is None
    app.feature.show_window()
    app.window.close()
    qtbot.wait(200)
    assert len(on_the_bus.calls("Notify")) == 2  # said once
    QApplication.setQuitOnLastWindowClosed(True)


def test_without_a_tray_the_quit_action_quits(
    qtbot, make_relapp, on_the_bus: MockServer, monkeypatch
) -> None:
    app = make_relapp(tray=False)
    qtbot.waitUntil(lambda: app.feature.notifications.available is not None, timeout=4000)
    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    app.window.close()
    told = notified(qtbot, app, on_the_bus)
    on_the_bus.invoke(told["id"], "quit")
    qtbot.waitUntil(lambda: bool(quits), timeout=4000)
    assert not app.window.isVisible()
    QApplication.setQuitOnLastWindowClosed(True)


def test_without_a_tray_file_quit_quits_after_running_in_the_background(
    qtbot, make_relapp, on_the_bus: MockServer, monkeypatch
) -> None:
    app = make_relapp(tray=False)
    qtbot.waitUntil(lambda: app.feature.notifications.available is not None, timeout=4000)
    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    app.window.close()
    assert not app.window.isVisible() and quits == []
    app.feature.show_window()  # started again
    app.window.quit_action.trigger()  # File ▸ Quit
    assert quits == [1]
    assert not app.window.isVisible()
    QApplication.setQuitOnLastWindowClosed(True)


def test_without_a_tray_or_a_server_closing_quits_as_before(qtbot, make_relapp) -> None:
    app = make_relapp(tray=False)
    assert app.feature.notifications.available is False
    assert app.feature.keep_running_on_close() is False
    assert QApplication.quitOnLastWindowClosed()


def _repeating(db: Database, person: int, now: datetime) -> int:
    from relapp.domain.recurrence import Repeat, rule_for

    due = (now - HOUR).replace(second=0, microsecond=0)  # a rule keeps whole minutes
    draft = PromiseDraft(
        person, Promiser.ME, "call", Channel.CALL, due, recurrence=rule_for(Repeat.WEEKLY, due)
    )
    return service.create_promise(db, draft, now=now - 2 * HOUR).id


def test_done_on_the_notification_of_a_repeating_promise_schedules_the_next_one(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    pid = _repeating(db, priya, app.clock())
    first = service.get_promise(db, pid)
    app.feature.promises_changed()
    on_the_bus.invoke(notified(qtbot, app, on_the_bus)["id"], "done")
    qtbot.waitUntil(lambda: service.get_promise(db, pid).status is PromiseStatus.DONE, timeout=4000)
    qtbot.waitUntil(lambda: app.window.runner.idle)
    (following,) = promises_repo.open_promises(db)
    assert following.id != pid
    assert following.due_at == first.due_at + timedelta(days=7)  # UTC: no clock change
    assert (following.what, following.recurrence) == ("call", first.recurrence)


def test_snooze_on_the_notification_of_a_repeating_promise_moves_only_this_one(
    qtbot, db: Database, priya: int, make_relapp, on_the_bus: MockServer
) -> None:
    app = make_relapp()
    pid = _repeating(db, priya, app.clock())
    first = service.get_promise(db, pid)
    app.feature.promises_changed()
    on_the_bus.invoke(notified(qtbot, app, on_the_bus)["id"], "snooze")
    qtbot.waitUntil(lambda: service.get_promise(db, pid).snoozed_until is not None, timeout=4000)
    qtbot.waitUntil(lambda: app.window.runner.idle)
    (still,) = promises_repo.open_promises(db)  # no next occurrence: only this one moved
    assert still.id == pid
    assert (still.due_at, still.recurrence) == (first.due_at, first.recurrence)
