"""Recurring promises in the window (the Repeat chooser, Done in the Due view and its
undo, cancelling one or the series) and birthday notices raised at the set time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtGui import QKeySequence

from relapp.domain.model import Birthday, Channel, PersonDraft
from relapp.domain.occasions import OccasionSettings
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.domain.recurrence import Repeat, rule_for
from relapp.services import occasions, people
from relapp.services import promises as service
from relapp.storage import Database, promises_repo
from relapp.ui.promises import actions as actions_module
from relapp.ui.promises.due_view import DUE_ROLE
from relapp.ui.promises.promise_dialog import PromiseDialog
from relapp.ui.promises.repeat_chooser import CUSTOM
from relapp.ui.tasks import TaskRunner
from tests.ui.promises.conftest import START

SUNDAY = datetime(2026, 3, 8, 18, 0, tzinfo=UTC)
WEEKLY = rule_for(Repeat.WEEKLY, SUNDAY)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def weekly(db: Database, person: int, due: datetime = START - timedelta(hours=2)) -> int:
    rule = rule_for(Repeat.WEEKLY, due)
    draft = PromiseDraft(person, Promiser.ME, "call Mum", Channel.CALL, due, recurrence=rule)
    return service.create_promise(db, draft, now=START - timedelta(days=2)).id


def test_the_repeat_chooser_saves_a_rule_and_says_it_in_words(
    qtbot, db: Database, priya: int, runner: TaskRunner
) -> None:
    dialog = PromiseDialog(db, priya, lambda: START, runner=runner)
    qtbot.addWidget(dialog)
    dialog.what_edit.setText("call")
    dialog.due.set_due(SUNDAY)
    repeat = dialog.repeat
    labels = [repeat.combo.itemText(i) for i in range(repeat.combo.count())]
    assert labels == [
        "Never",
        "Daily",
        "Weekly on Sunday",
        "Monthly on the 8th",
        "Yearly on 8 March",
        "Custom…",
    ]
    assert not repeat.words.isVisibleTo(dialog)
    repeat.combo.setCurrentIndex(repeat.combo.findData(Repeat.WEEKLY.value))
    assert repeat.words.text() == "Repeats every Sunday at 18:00"
    dialog.save()
    qtbot.waitUntil(lambda: dialog.promise is not None)
    assert dialog.promise is not None
    assert service.get_promise(db, dialog.promise.id).recurrence == WEEKLY

    again = PromiseDialog(db, priya, lambda: START, dialog.promise, runner=runner)
    qtbot.addWidget(again)
    assert again.repeat.combo.currentData() == Repeat.WEEKLY.value
    assert again.repeat.words.text() == "Repeats every Sunday at 18:00"
    again.repeat.combo.setCurrentIndex(again.repeat.combo.findData(CUSTOM))
    again.repeat.every_spin.setValue(2)
    assert again.repeat.words.text() == "Repeats every 2 weeks on Sunday at 18:00"
    again.save()
    qtbot.waitUntil(lambda: again.promise is not None)
    stored = service.get_promise(db, dialog.promise.id).recurrence
    assert stored == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;BYHOUR=18;BYMINUTE=0"


def test_done_in_the_due_view_schedules_the_next_one_and_undo_takes_both_back(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    pid = weekly(db, priya)
    app = make_relapp()
    view = app.feature.due_view
    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.refresh()
    item = view.item_for(pid)
    assert item is not None
    assert item.data(0, DUE_ROLE).endswith("repeats every Thursday at 08:00")
    done = next(a for a in view.menu_for(item).actions() if a.objectName() == "done")
    with qtbot.waitSignal(view.loaded, timeout=3000):
        done.trigger()
    assert service.get_promise(db, pid).status is PromiseStatus.DONE
    (following,) = promises_repo.open_promises(db)
    assert following.due_at == datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    assert view.item_for(following.id) is not None

    undo = app.window.undo_action
    assert undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)  # Ctrl+Z
    with qtbot.waitSignal(view.loaded, timeout=3000):
        undo.trigger()
    assert service.get_promise(db, pid).status is PromiseStatus.OPEN
    assert [p.id for p in promises_repo.open_promises(db)] == [pid]
    assert app.window.undo_stack.count() == 1  # one step: done and the next occurrence


def test_the_persons_section_says_the_rule_in_words(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    weekly(db, priya, START + timedelta(days=3))  # Sunday 8 March, 10:00
    app = make_relapp()
    section = app.feature.section
    section.show_person(people.get_person(db, priya))
    assert section.when_texts() == ["by call · due Sunday at 10:00 · repeats every Sunday at 10:00"]


@pytest.mark.parametrize(("whole", "left"), [(False, 1), (True, 0)])
def test_cancelling_asks_this_one_or_the_whole_series(
    qtbot, db: Database, priya: int, make_relapp, monkeypatch, whole: bool, left: int
) -> None:
    pid = weekly(db, priya)
    asked: list[str] = []

    def answer(_parent, what: str) -> bool:
        asked.append(what)
        return whole

    monkeypatch.setattr(actions_module, "ask_series", answer)
    app = make_relapp()
    app.feature.actions.cancel(pid)
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert asked == ["call Mum"]
    assert service.get_promise(db, pid).status is PromiseStatus.CANCELLED
    assert len(promises_repo.open_promises(db)) == left


def test_a_birthday_is_announced_at_the_set_time_once(qtbot, db: Database, make_relapp) -> None:
    ann = people.add_person(db, PersonDraft("Ann Lee", birthday=Birthday(3, 5, 1990))).id
    at = (START + timedelta(minutes=1)).time()  # 10:01 local (UTC)
    occasions.set_settings(db, OccasionSettings(time(at.hour, at.minute)))
    app = make_relapp()
    reminders = app.feature.occasions
    assert app.messages.calls == []
    assert reminders.next_at == START + timedelta(minutes=1)
    assert reminders.armed
    app.clock.jump(timedelta(seconds=58))  # the machine slept: the heartbeat notices
    app.feature.scheduler.heartbeat()
    assert app.messages.calls == []  # 10:00:58 is not 10:01 yet
    qtbot.waitUntil(lambda: bool(app.messages.calls), timeout=6000)
    assert app.clock() >= START + timedelta(minutes=1)
    assert app.messages.calls == [("Ann Lee's birthday is today", "Turns 36. Say happy birthday?")]
    qtbot.waitUntil(lambda: app.window.runner.idle)
    reminders.sweep()
    assert len(app.messages.calls) == 1
    app.feature.scheduler.stop()
    again = make_relapp()  # after a restart: not again
    assert again.messages.calls == []
    assert ann


def test_a_birthday_missed_while_closed_is_announced_at_start(
    qtbot, db: Database, make_relapp
) -> None:
    people.add_person(db, PersonDraft("Bo Chan", birthday=Birthday(3, 4)))
    people.add_person(db, PersonDraft("Cy Old", birthday=Birthday(2, 20)))  # too long ago
    app = make_relapp()
    qtbot.waitUntil(lambda: bool(app.messages.calls), timeout=3000)
    assert app.messages.calls == [("Bo Chan's birthday was yesterday", "Not too late to say it.")]


def test_a_birthday_that_passed_while_relapp_ran_is_not_caught_up_at_the_next_start(
    qtbot, db: Database, make_relapp
) -> None:
    people.add_person(db, PersonDraft("Bo Chan", birthday=Birthday(3, 4)))
    service.set_last_seen(db, START - timedelta(hours=20))  # ran on the 4th until 14:00
    app = make_relapp()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    app.feature.occasions.sweep()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert app.messages.calls == []


def test_a_birthday_added_today_after_the_time_is_announced_at_once(
    qtbot, db: Database, make_relapp
) -> None:
    app = make_relapp()  # 10:00, the notices' time (09:00) has passed
    assert app.messages.calls == []
    dee = people.add_person(db, PersonDraft("Dee Ray", birthday=Birthday(3, 5))).id
    app.window.data_changed((dee,))
    assert app.messages.calls == [("Dee Ray's birthday is today", "Say happy birthday?")]
    qtbot.waitUntil(lambda: app.window.runner.idle)
    app.window.data_changed((dee,))
    assert len(app.messages.calls) == 1


def test_the_person_page_shows_the_anniversary(qtbot, db: Database, make_relapp) -> None:
    from PySide6.QtWidgets import QFormLayout

    wed = people.add_person(db, PersonDraft("Wed Ding", anniversary=Birthday(6, 19, 2010))).id
    app = make_relapp()
    app.window.open_person(wed)
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    form = app.window.page.facts_form
    rows = {
        form.itemAt(i, QFormLayout.ItemRole.LabelRole).widget().text(): form.itemAt(
            i, QFormLayout.ItemRole.FieldRole
        )
        .widget()
        .text()
        for i in range(form.rowCount())
    }
    assert rows["Anniversary"] == "19 June 2010"


def test_the_time_set_in_settings_is_when_a_birthday_notifies(
    qtbot, db: Database, make_relapp
) -> None:
    """Issue 17: "on the morning of the day (time in Settings)": the time typed in
    Settings ▸ Reminders and Warnings… re-arms the notices for it, and the notice comes
    then (the other tests set the time through the service)."""
    from PySide6.QtCore import QTime, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from relapp.ui.outreach.settings_dialog import OutreachSettingsDialog

    people.add_person(db, PersonDraft("Ann Lee", birthday=Birthday(3, 6, 1990)))  # tomorrow
    app = make_relapp()  # 10:00 on 5 March; the default time (09:00) has passed
    reminders = app.feature.occasions
    assert reminders.next_at == datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    edited: list[OccasionSettings] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OutreachSettingsDialog):
            QTimer.singleShot(30, fill)
            return
        dialog.occasion_time.setTime(QTime(10, 1))
        dialog.days_before.setValue(1)
        edited.append(dialog.occasion_settings())
        dialog.save()

    QTimer.singleShot(30, fill)
    (action,) = [
        a for a in app.window.findChildren(QAction) if a.text() == "&Reminders and Warnings…"
    ]
    action.trigger()
    assert edited == [OccasionSettings(time(10, 1), 1)]
    assert occasions.settings(db) == OccasionSettings(time(10, 1), 1)
    qtbot.waitUntil(lambda: reminders.next_at == START + timedelta(minutes=1), timeout=4000)
    assert app.messages.calls == []
    app.clock.jump(timedelta(seconds=58))  # as the test above: the heartbeat notices
    app.feature.scheduler.heartbeat()
    qtbot.waitUntil(lambda: bool(app.messages.calls), timeout=6000)  # at 10:01
    assert app.messages.calls == [
        ("Ann Lee's birthday is tomorrow", "Turns 36. Say happy birthday?")
    ]
