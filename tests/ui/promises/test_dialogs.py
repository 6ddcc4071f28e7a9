"""The log-interaction dialog's outreach warnings and promise row, and the promise dialog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import DueChoice, PromiseDraft, Promiser
from relapp.services import interactions, people
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.promises.promise_dialog import PromiseDialog
from relapp.ui.tasks import TaskRunner
from tests.ui.promises.conftest import START

HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def dialog_for(qtbot, app, person: int) -> InteractionDialog:
    window = app.window
    dialog = InteractionDialog(
        window.db, window.runner, (person,), None, window, extensions=window.dialog_extensions
    )
    qtbot.addWidget(dialog)
    dialog.when_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(START.timestamp())))
    return dialog


def warning_text(qtbot, dialog: InteractionDialog) -> str:
    qtbot.waitUntil(lambda: dialog.runner.idle)
    box = dialog.outreach_warnings  # type: ignore[attr-defined]
    return box.text.text() if box.isVisibleTo(dialog) else ""


def test_calling_someone_who_asked_for_email_warns_while_logging(
    qtbot, priya: int, make_relapp
) -> None:
    app = make_relapp()
    dialog = dialog_for(qtbot, app, priya)
    assert warning_text(qtbot, dialog) == ""
    dialog.set_channel(Channel.CALL)
    assert warning_text(qtbot, dialog) == (
        "Priya Nair asked not to be reached by phone; prefers email."
    )
    dialog.direction_buttons[Direction.INBOUND].setChecked(True)
    assert warning_text(qtbot, dialog) == ""  # she called you: nothing to warn about


def test_unanswered_streak_and_burst_warn_with_the_count(qtbot, db: Database, make_relapp) -> None:
    marcus = people.add_person(db, PersonDraft("Marcus Hill")).id
    for hours in (72, 48, 24, 3, 2):
        interactions.log_interaction(
            db,
            InteractionDraft(START - hours * HOUR, Channel.CALL, Direction.OUTBOUND, (marcus,)),
        )
    app = make_relapp()
    dialog = dialog_for(qtbot, app, marcus)
    dialog.set_channel(Channel.CALL)
    assert warning_text(qtbot, dialog).splitlines() == [
        "Your last 5 calls to Marcus Hill went unanswered. Maybe give it time?",
        "This would be 3 contacts to Marcus Hill in 4 hours.",
    ]


def test_and_i_promised_to_call_back_creates_the_promise_on_save(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    dialog = dialog_for(qtbot, app, priya)
    row = dialog.promise_row  # type: ignore[attr-defined]
    assert not row.what.isEnabled()
    row.check.setChecked(True)
    row.verb.setCurrentIndex(row.verb.findText("send"))
    row.what.setText("the pricing")
    row.due.set_choice(DueChoice.TOMORROW_MORNING)
    dialog.summary_edit.setText("Talked about the pilot")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.interaction is not None
    [entry] = service.open_promises_for(db, priya)
    p = entry.promise
    assert (p.promiser, p.what, p.channel) == (Promiser.ME, "send the pricing", Channel.EMAIL)
    assert p.due_at == datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert app.feature.scheduler.next_at == p.due_at


def test_without_the_tick_no_promise_is_made(qtbot, db: Database, priya: int, make_relapp):
    app = make_relapp()
    dialog = dialog_for(qtbot, app, priya)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.interaction is not None
    assert service.open_promises_for(db, priya) == []


def test_the_promise_dialog_offers_quick_due_times_and_warns_on_an_avoided_channel(
    qtbot, db: Database, priya: int, clock, runner: TaskRunner
) -> None:
    dialog = PromiseDialog(db, priya, clock, runner=runner)
    qtbot.addWidget(dialog)
    labels = [dialog.due.combo.itemText(i) for i in range(dialog.due.combo.count())]
    assert labels == [
        "Later today — today at 13:30",  # three hours on, rounded up
        "Tomorrow morning — tomorrow at 09:00",
        "Thursday at 3 — today at 15:00",
        "In a week — Thu 12 Mar at 10:00",
        "A date and time…",
    ]
    assert dialog.channel() is Channel.EMAIL
    assert not dialog.warning.isVisibleTo(dialog)
    dialog.set_channel(Channel.CALL)
    assert dialog.warning.isVisibleTo(dialog)
    assert "asked not to be reached by phone" in dialog.warning.text.text()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.promise is None  # nothing said about what
    assert dialog.error_label.text() == "Say what was promised."
    dialog.what_edit.setText("call back with the rates")
    dialog.due.set_choice(DueChoice.WEEKDAY_AT_HOUR)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.promise is not None
    assert dialog.promise.due_at == datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def test_editing_a_promise_keeps_its_time_unless_changed(
    qtbot, db: Database, priya: int, clock, runner: TaskRunner
) -> None:
    due = START + 5 * HOUR
    p = service.create_promise(
        db, PromiseDraft(priya, Promiser.THEM, "send the quotes", None, due), now=START
    )
    dialog = PromiseDialog(db, priya, clock, p, runner=runner)
    qtbot.addWidget(dialog)
    assert dialog.theirs.isChecked()
    assert dialog.what_edit.text() == "send the quotes"
    assert dialog.due.choice() is DueChoice.CUSTOM
    dialog.what_edit.setText("send the revised quotes")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.promise is not None
    assert (dialog.promise.what, dialog.promise.due_at) == ("send the revised quotes", due)


def test_without_a_tray_reminders_show_in_the_window_and_closing_quits(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp(tray=False)
    assert app.feature.tray is None
    assert app.feature.in_window is not None
    service.create_promise(
        db,
        PromiseDraft(priya, Promiser.ME, "send the pricing", Channel.EMAIL, app.clock() - HOUR),
        now=app.clock() - 2 * HOUR,
    )
    app.feature.promises_changed()
    box = app.feature.in_window.box
    assert box is not None
    assert box.isVisible()
    assert box.text() == "Email Priya Nair: send the pricing\n\nprefers email, not phone"
    assert not box.isModal()
    app.feature.in_window.open_button.click()
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    assert app.window.page.person.id == priya
    assert app.feature.shell.keeps_running_on_close() is False
    app.window.close()
    assert not app.window.isVisible()
