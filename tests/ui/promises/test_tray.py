"""The tray: reminders on time with the right words, and Done / Snooze from its menu."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.model import Channel, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.promises.tray import badge_icon, notification_safe

SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def promise(db: Database, person: int, due: datetime, now: datetime, **kw) -> int:
    draft = PromiseDraft(
        person,
        kw.get("promiser", Promiser.ME),
        kw.get("what", "send the pricing"),
        kw.get("channel", Channel.EMAIL),
        due,
    )
    return service.create_promise(db, draft, now=now).id


def test_a_promise_due_in_two_seconds_is_announced_on_time(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    assert app.messages.calls == []
    due = app.clock() + 2 * SECOND
    pid = promise(db, priya, due, app.clock())
    app.window.data_changed((priya,))
    scheduler = app.feature.scheduler
    assert scheduler.next_at is not None
    assert abs(scheduler.next_at - due) < SECOND  # stored to the second
    assert 900 <= scheduler.remaining_ms() <= 2100  # one timer, no polling
    qtbot.waitUntil(lambda: bool(app.messages.calls), timeout=4000)
    assert app.clock() >= due - SECOND
    assert app.messages.calls == [
        ("Email Priya Nair: send the pricing", "prefers email, not phone")
    ]
    qtbot.waitUntil(lambda: app.window.runner.idle)  # the mark is written on the worker
    assert service.get_promise(db, pid).last_notified_at is not None
    # Once each: nothing more when the timer re-arms or the heartbeat looks again.
    app.feature.scheduler.heartbeat()
    assert len(app.messages.calls) == 1
    assert app.feature.tray is not None
    assert app.feature.tray.due_count == 1
    assert app.feature.tray.icon.toolTip() == "Relapp — 1 promise due"


def test_clicking_the_reminder_opens_that_person(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    people.add_person(db, PersonDraft("Aaron First"))
    app = make_relapp()
    promise(db, priya, app.clock() - HOUR, app.clock() - 2 * HOUR)
    app.feature.promises_changed()
    assert app.messages.calls[0][0] == "Email Priya Nair: send the pricing"
    app.window.hide()
    assert app.feature.tray is not None
    app.feature.tray.icon.messageClicked.emit()
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    assert app.window.page.person.id == priya
    assert app.window.isVisible()


def test_done_from_the_tray_menu_keeps_the_promise(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    pid = promise(db, priya, app.clock() - HOUR, app.clock() - 2 * HOUR)
    app.feature.promises_changed()
    tray = app.feature.tray
    assert tray is not None
    assert tray.menu.actions()[0].text() == "1 promise due"
    assert tray.entry_menus[pid].title() == "Email Priya Nair: send the pricing"
    tray.action_for(pid, "done").trigger()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert service.get_promise(db, pid).status is PromiseStatus.DONE
    assert tray.due_count == 0
    assert tray.menu.actions()[0].text() == "Nothing due — all caught up"
    app.window.undo_stack.undo()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert service.get_promise(db, pid).status is PromiseStatus.OPEN


def test_snooze_an_hour_and_until_tomorrow_from_the_tray(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    first = promise(db, priya, app.clock() - HOUR, app.clock() - 2 * HOUR)
    second = promise(db, priya, app.clock() - HOUR, app.clock() - 2 * HOUR, what="call back")
    app.feature.promises_changed()
    tray = app.feature.tray
    assert tray is not None
    before = app.clock()
    tray.action_for(first, "snooze").trigger()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    snoozed = service.get_promise(db, first).snoozed_until
    assert snoozed is not None
    assert before + HOUR - SECOND <= snoozed <= app.clock() + HOUR
    tray.action_for(second, "tomorrow").trigger()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    tomorrow = service.get_promise(db, second).snoozed_until
    assert tomorrow == datetime(2026, 3, 6, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert tray.due_count == 0
    assert app.feature.scheduler.next_at == snoozed.replace(microsecond=0)


def test_the_next_line_says_the_promise_state(qtbot, db: Database, priya: int, make_relapp) -> None:
    """Issue 13: the tray's "Next:" line reads the one state rule, not the bare reminder
    time: a snoozed promise is "snoozed until …", an upcoming one "due …"."""
    app = make_relapp()
    first = promise(db, priya, app.clock() - HOUR, app.clock() - 2 * HOUR)
    app.feature.promises_changed()
    tray = app.feature.tray
    assert tray is not None
    tray.action_for(first, "snooze").trigger()  # an hour from 10:00
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert tray.due_count == 0
    texts = [a.text() for a in tray.menu.actions()]
    assert "Next: Email Priya Nair: send the pricing, snoozed until today at 11:00" in texts
    service.complete_promise(db, first, now=app.clock())
    promise(db, priya, app.clock() + 3 * HOUR, app.clock(), what="call back")
    app.feature.promises_changed()
    texts = [a.text() for a in tray.menu.actions()]
    assert "Next: Email Priya Nair: call back, due today at 13:00" in texts


def test_tray_menu_text_is_literal(qtbot, db: Database, make_relapp) -> None:
    evil = people.add_person(db, PersonDraft("<b>Eve</b> & Co")).id
    app = make_relapp()
    pid = promise(db, evil, app.clock() - HOUR, app.clock() - 2 * HOUR, what="a & b")
    app.feature.promises_changed()
    tray = app.feature.tray
    assert tray is not None
    assert tray.entry_menus[pid].title() == "Email <b>Eve</b> && Co: a && b"
    title = app.messages.calls[-1][0]
    assert "<b>" not in title
    assert notification_safe("Call Ann: the rates") == "Call Ann: the rates"


def test_the_badge_shows_on_the_icon(qapp) -> None:
    from relapp.ui import icons

    base = icons.app_icon()
    assert badge_icon(base, 0) is base
    plain = base.pixmap(32, 32).toImage()
    badged = badge_icon(base, 3).pixmap(32, 32).toImage()
    assert plain != badged
    corner = badged.pixelColor(27, 27)
    assert corner.red() > 150 and corner.green() < 100


def test_closing_the_window_keeps_relapp_in_the_tray_and_says_so_once(qtbot, make_relapp) -> None:
    app = make_relapp()
    app.window.close()
    assert not app.window.isVisible()
    assert app.messages.calls == [("Relapp is still running", app.messages.calls[0][1])]
    app.window.show()
    app.window.close()
    assert len(app.messages.calls) == 1
    app.feature.show_window()
    assert app.window.isVisible()
    app.window.quit()
    assert not app.window.isVisible()
    assert len(app.messages.calls) == 1
