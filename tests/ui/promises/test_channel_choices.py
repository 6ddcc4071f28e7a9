"""Listening to how people want to be reached, in the dialogs: a new promise goes their
preferred way, and a contact or promise on a channel they avoid (or after an unanswered
streak) offers explicit, keyboard-reachable choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import DueChoice, Promiser
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


def log_dialog(qtbot, app, person: int) -> InteractionDialog:
    window = app.window
    dialog = InteractionDialog(
        window.db, window.runner, (person,), None, window, extensions=window.dialog_extensions
    )
    qtbot.addWidget(dialog)
    dialog.when_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(START.timestamp())))
    dialog.show()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    return dialog


def settled(qtbot, dialog: QWidget) -> None:
    qtbot.waitUntil(lambda: dialog.runner.idle)  # type: ignore[attr-defined]
    qtbot.wait(10)


def history(db: Database, person: int) -> list[tuple[Channel, str]]:
    return [
        (e.interaction.channel, e.interaction.summary)
        for e in interactions.history_page(db, person, 0, 50)
    ]


def tab_chain(dialog: QWidget, start: QWidget) -> list[QWidget]:
    """The widgets Tab reaches from ``start``, in order, once round."""
    seen: list[QWidget] = []
    widget = start.nextInFocusChain()
    while widget is not start and len(seen) < 500:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.window() is dialog
        ):
            seen.append(widget)
        widget = widget.nextInFocusChain()
    return seen


def press_mnemonic(dialog: QWidget, button: QAbstractButton) -> None:
    """Alt + the underlined letter of ``button`` (shortcuts need the window active)."""
    dialog.activateWindow()
    QTest.qWaitForWindowActive(dialog)
    assert dialog.isActiveWindow()
    text = button.text()
    letter = text[text.index("&") + 1].upper()
    key = getattr(Qt.Key, f"Key_{letter}")
    # Through the window, as a real key press comes (shortcuts are matched there).
    QTest.keyClick(dialog.windowHandle(), key, Qt.KeyboardModifier.AltModifier)
    QTest.qWait(250)  # a mnemonic clicks as animateClick() does, 100 ms later


# --- the promise made while logging ------------------------------------------------------


def test_the_promise_while_logging_goes_by_email_for_someone_who_avoids_calls(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    row = dialog.promise_row  # type: ignore[attr-defined]
    row.check.setChecked(True)
    row.what.setText("the pricing")
    dialog.summary_edit.setText("Talked about the pilot")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.interaction is not None
    [entry] = service.open_promises_for(db, priya)
    assert entry.promise.channel is Channel.EMAIL
    assert "call" not in entry.promise.what


def test_choosing_calls_for_the_promise_warns_as_logging_does(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    row = dialog.promise_row  # type: ignore[attr-defined]
    box = dialog.outreach_warnings  # type: ignore[attr-defined]
    row.check.setChecked(True)
    row.what.setText("about the rates")
    row.set_channel(Channel.CALL)
    settled(qtbot, dialog)
    assert box.isVisible()
    assert box.text.text() == "Priya Nair asked not to be reached by phone; prefers email."
    press_mnemonic(dialog, box.use_button)
    assert row.channel() is Channel.EMAIL
    settled(qtbot, dialog)
    assert not box.isVisible()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    [entry] = service.open_promises_for(db, priya)
    assert entry.promise.channel is Channel.EMAIL


# --- the avoided-channel choices while logging ---------------------------------------------


def test_the_avoided_channel_choices_are_reachable_by_tab_and_by_their_letters(
    qtbot, priya: int, make_relapp
) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    dialog.set_channel(Channel.CALL)
    settled(qtbot, dialog)
    box = dialog.outreach_warnings  # type: ignore[attr-defined]
    assert box.isVisible()
    buttons = [box.use_button, box.go_button, box.cancel_button]
    assert [b.text().replace("&", "") for b in buttons] == [
        "Use email instead",
        "Log anyway",
        "Cancel",
    ]
    assert not box.remind_button.isVisible()  # no unanswered streak
    reachable = tab_chain(dialog, dialog.summary_edit)
    assert all(b in reachable for b in buttons)
    # The choice replaces the plain Log button: no way past the warning without choosing.
    assert not dialog.save_button.isVisible()
    letters = [b.text()[b.text().index("&") + 1].lower() for b in buttons[:2]]
    assert len(set(letters)) == 2


def test_use_email_instead_switches_the_channel_and_logs_by_email(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    dialog.set_channel(Channel.CALL)
    dialog.summary_edit.setText("about the pilot")
    settled(qtbot, dialog)
    box = dialog.outreach_warnings  # type: ignore[attr-defined]
    press_mnemonic(dialog, box.use_button)
    assert dialog.channel() is Channel.EMAIL
    settled(qtbot, dialog)
    assert not box.isVisible()
    assert dialog.save_button.isVisible()
    assert history(db, priya) == []  # switching stores nothing
    QTest.keyClick(dialog.summary_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert dialog.interaction is not None
    assert history(db, priya) == [(Channel.EMAIL, "about the pilot")]


def test_log_anyway_logs_the_call(qtbot, db: Database, priya: int, make_relapp) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    dialog.set_channel(Channel.CALL)
    dialog.summary_edit.setText("she rang back")
    settled(qtbot, dialog)
    press_mnemonic(dialog, dialog.outreach_warnings.go_button)  # type: ignore[attr-defined]
    assert dialog.interaction is not None
    assert history(db, priya) == [(Channel.CALL, "she rang back")]


def test_cancel_stores_nothing(qtbot, db: Database, priya: int, make_relapp) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    dialog.set_channel(Channel.CALL)
    dialog.summary_edit.setText("about the pilot")
    row = dialog.promise_row  # type: ignore[attr-defined]
    row.check.setChecked(True)
    row.what.setText("the pricing")
    settled(qtbot, dialog)
    cancel = dialog.outreach_warnings.cancel_button  # type: ignore[attr-defined]
    cancel.setFocus()
    QTest.keyClick(cancel, Qt.Key.Key_Space)
    assert not dialog.isVisible()
    assert dialog.interaction is None
    assert history(db, priya) == []
    assert service.open_promises_for(db, priya) == []


# --- the unanswered streak ---------------------------------------------------------------


def test_remind_me_to_follow_up_later_makes_a_promise_and_logs_nothing(
    qtbot, db: Database, make_relapp
) -> None:
    marcus = people.add_person(db, PersonDraft("Marcus Hill", preferred_channel=Channel.MESSAGE)).id
    for hours in (96, 72, 48):
        interactions.log_interaction(
            db,
            InteractionDraft(START - hours * HOUR, Channel.MESSAGE, Direction.OUTBOUND, (marcus,)),
        )
    app = make_relapp()
    dialog = log_dialog(qtbot, app, marcus)
    settled(qtbot, dialog)
    box = dialog.outreach_warnings  # type: ignore[attr-defined]
    assert box.isVisible()
    assert box.remind_button.isVisible()
    assert box.remind_button.text().replace("&", "") == "Remind me to follow up later"
    assert not box.use_button.isVisible()  # messages are what he prefers
    assert box.remind_button in tab_chain(dialog, dialog.summary_edit)
    press_mnemonic(dialog, box.remind_button)
    assert not dialog.isVisible()
    assert dialog.interaction is None
    assert len(history(db, marcus)) == 3  # nothing logged
    [entry] = service.open_promises_for(db, marcus)
    p = entry.promise
    assert (p.promiser, p.channel) == (Promiser.ME, Channel.MESSAGE)
    assert p.what == "follow up (your last 3 tries went unanswered)"
    assert p.due_at == datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
    assert app.feature.scheduler.next_at == p.due_at


# --- the New Promise dialog --------------------------------------------------------------


def promise_dialog(qtbot, db: Database, person: int, clock) -> PromiseDialog:
    runner = TaskRunner()
    dialog = PromiseDialog(db, person, clock, runner=runner)
    runner.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_new_promise_never_defaults_to_an_avoided_channel(qtbot, db: Database, clock) -> None:
    odd = people.add_person(
        db,
        PersonDraft(
            "Odd Data", preferred_channel=Channel.CALL, avoid_channels=frozenset({Channel.CALL})
        ),
    ).id
    dialog = promise_dialog(qtbot, db, odd, clock)
    assert dialog.channel() is None  # "Any way", not the avoided phone
    assert not dialog.warning.isVisible()


def test_the_promise_dialog_offers_the_same_choices(qtbot, db: Database, priya: int, clock) -> None:
    dialog = promise_dialog(qtbot, db, priya, clock)
    assert dialog.channel() is Channel.EMAIL
    dialog.what_edit.setText("call back with the rates")
    dialog.set_channel(Channel.CALL)
    box = dialog.warning
    assert box.isVisible()
    assert box.text.text() == "Priya Nair asked not to be reached by phone; prefers email."
    assert [b.text().replace("&", "") for b in (box.use_button, box.go_button)] == [
        "Use email instead",
        "Add anyway",
    ]
    assert not box.remind_button.isVisible()
    assert {box.use_button, box.go_button, box.cancel_button} <= set(
        tab_chain(dialog, dialog.what_edit)
    )
    press_mnemonic(dialog, box.use_button)
    assert dialog.channel() is Channel.EMAIL
    assert not box.isVisible()
    assert service.open_promises_for(db, priya) == []
    dialog.set_channel(Channel.CALL)
    press_mnemonic(dialog, box.go_button)
    assert dialog.promise is not None
    [entry] = service.open_promises_for(db, priya)
    assert entry.promise.channel is Channel.CALL


def test_cancel_in_the_promise_dialog_stores_nothing(
    qtbot, db: Database, priya: int, clock
) -> None:
    dialog = promise_dialog(qtbot, db, priya, clock)
    dialog.what_edit.setText("call back with the rates")
    dialog.set_channel(Channel.CALL)
    dialog.warning.cancel_button.click()
    assert not dialog.isVisible()
    assert dialog.promise is None
    assert service.open_promises_for(db, priya) == []


# --- polish: nothing clipped, nothing squeezed -------------------------------------------


def test_by_when_is_not_clipped_with_a_date_and_time(
    qtbot, db: Database, priya: int, clock
) -> None:
    dialog = promise_dialog(qtbot, db, priya, clock)
    dialog.set_channel(Channel.CALL)
    dialog.due.set_choice(DueChoice.CUSTOM)
    qtbot.wait(10)
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_the_log_dialog_grows_when_a_warning_appears(qtbot, priya: int, make_relapp) -> None:
    app = make_relapp()
    dialog = log_dialog(qtbot, app, priya)
    settled(qtbot, dialog)
    notes_before, height_before = dialog.notes_edit.height(), dialog.height()
    dialog.set_channel(Channel.CALL)
    settled(qtbot, dialog)
    assert dialog.outreach_warnings.isVisible()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.height() > height_before)
    assert dialog.notes_edit.height() >= notes_before
    for widget in dialog.findChildren(QLabel):
        if widget.isVisible():
            assert widget.height() >= widget.minimumSizeHint().height(), widget.text()
