"""The Due view and the person page's open promises."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from relapp.domain.model import Channel, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.promises.due_view import PROMISE_ROLE
from tests.ui.promises.conftest import START

HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def add(db: Database, person: int, who: Promiser, what: str, due, channel=Channel.EMAIL) -> int:
    draft = PromiseDraft(person, who, what, channel, due)
    return service.create_promise(db, draft, now=START - 48 * HOUR).id


@pytest.fixture
def board(db: Database, priya: int) -> dict[str, int]:
    dan = people.add_person(db, PersonDraft("Dan Whitaker", preferred_channel=Channel.CALL)).id
    jeff = people.add_person(db, PersonDraft("Jeff Park")).id
    return {
        "late": add(db, priya, Promiser.ME, "send the pilot results", START - 26 * HOUR),
        "today": add(db, dan, Promiser.ME, "ask about Tulsa", START + 4 * HOUR, None),
        "later": add(db, jeff, Promiser.ME, "meet for lunch", START + 50 * HOUR, Channel.MEETING),
        "owed": add(db, dan, Promiser.THEM, "send the quotes", START + 24 * HOUR, None),
        "priya": priya,
        "dan": dan,
    }


def load(qtbot, app) -> None:
    view = app.feature.due_view
    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.refresh()


def test_due_view_lists_overdue_today_upcoming_and_what_others_owe(
    qtbot, board: dict[str, int], make_relapp
) -> None:
    app = make_relapp()
    load(qtbot, app)
    assert app.feature.due_view.rows() == {
        "Overdue · 1": ["Email Priya Nair: send the pilot results"],
        "Today · 1": ["Call Dan Whitaker: ask about Tulsa"],
        "Upcoming · 1": ["Meet Jeff Park: meet for lunch"],
        "Others owe you · 1": ["Dan Whitaker owes you: send the quotes"],
    }
    item = app.feature.due_view.item_for(board["late"])
    assert item is not None
    assert item.data(0, PROMISE_ROLE) == board["late"]
    tabs = app.window.left_tabs
    assert tabs.tabText(tabs.indexOf(app.feature.due_view)) == "Due · 1"


def test_a_row_opens_its_person_and_its_menu_keeps_the_promise(
    qtbot, db: Database, board: dict[str, int], make_relapp
) -> None:
    app = make_relapp()
    view = app.feature.due_view
    app.window.left_tabs.setCurrentWidget(view)
    load(qtbot, app)
    item = view.item_for(board["late"])
    assert item is not None
    view.tree.itemClicked.emit(item, 0)
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    assert app.window.page.person.id == board["priya"]
    assert app.window.left_tabs.currentWidget() is view  # the list stays in view
    menu = view.menu_for(item)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert list(actions) == ["open", "done", "done-log", "snooze", "tomorrow", "edit", "cancel"]
    with qtbot.waitSignal(view.loaded, timeout=3000):
        actions["done"].trigger()
    assert service.get_promise(db, board["late"]).status is PromiseStatus.DONE
    assert "Overdue · 1" not in view.rows()
    menu = view.menu_for(view.item_for(board["owed"]))
    with qtbot.waitSignal(view.loaded, timeout=3000):
        next(a for a in menu.actions() if a.objectName() == "cancel").trigger()
    assert service.get_promise(db, board["owed"]).status is PromiseStatus.CANCELLED


def test_nothing_open_shows_a_friendly_empty_view(qtbot, make_relapp) -> None:
    app = make_relapp()
    load(qtbot, app)
    assert app.feature.due_view.empty.isVisibleTo(app.feature.due_view)
    assert "No open promises" in app.feature.due_view.empty.text()


def test_the_person_page_shows_open_promises_both_ways_with_done_and_snooze(
    qtbot, db: Database, board: dict[str, int], make_relapp
) -> None:
    app = make_relapp()
    app.window.open_person(board["dan"])
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    section = app.feature.section
    assert section.title.text() == "Open promises · 2"
    texts = [label.text() for label in section.findChildren(QLabel, "what")]
    assert texts == ["ask about Tulsa", "send the quotes"]
    whens = [label.text() for label in section.findChildren(QLabel, "when")]
    assert whens[0] == "due today at 14:00"
    row = section.findChild(QLabel, "what").parentWidget()
    row.findChild(QPushButton, "done").click()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert service.get_promise(db, board["today"]).status is PromiseStatus.DONE
    qtbot.waitUntil(lambda: section.title.text() == "Open promises · 1")
    snooze = section.findChild(QPushButton, "snooze")
    snooze.menu().actions()[0].trigger()  # 1 hour
    qtbot.waitUntil(lambda: app.window.runner.idle)
    snoozed = service.get_promise(db, board["owed"]).snoozed_until
    assert snoozed is not None
    assert snoozed > START + HOUR - timedelta(seconds=5)


def test_new_promise_from_the_person_page(
    qtbot, db: Database, priya: int, make_relapp, monkeypatch
) -> None:
    from relapp.ui.promises import promise_dialog

    def fill_and_save(dialog: promise_dialog.PromiseDialog) -> int:
        dialog.theirs.setChecked(True)
        dialog.what_edit.setText("send the signed contract")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.runner.idle)
        return dialog.result()

    monkeypatch.setattr(promise_dialog.PromiseDialog, "exec", fill_and_save)
    app = make_relapp()
    app.window.open_person(priya)
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    section = app.feature.section
    assert section.title.text() == "No open promises"
    qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
    [entry] = service.open_promises_for(db, priya)
    assert entry.promise.promiser is Promiser.THEM
    assert entry.promise.what == "send the signed contract"
    assert entry.promise.channel is Channel.EMAIL  # her preferred channel
    qtbot.waitUntil(lambda: section.title.text() == "Open promises · 1")


def test_done_and_log_records_the_interaction_and_undoes_in_one_step(
    qtbot, db: Database, board: dict[str, int], make_relapp, monkeypatch
) -> None:
    from relapp.services import interactions
    from relapp.ui.interaction_dialog import InteractionDialog

    seen: list[tuple[str, str]] = []

    def log_it(dialog: InteractionDialog) -> int:
        seen.append((dialog.channel().value, dialog.summary_edit.text()))
        dialog.save()
        qtbot.waitUntil(lambda: dialog.runner.idle)
        return dialog.result()

    monkeypatch.setattr(InteractionDialog, "exec", log_it)
    app = make_relapp()
    app.feature.actions.done_and_log(board["late"])
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert seen == [("email", "Send the pilot results")]
    assert service.get_promise(db, board["late"]).status is PromiseStatus.DONE
    assert interactions.history_count(db, board["priya"]) == 1
    app.window.undo_stack.undo()
    qtbot.waitUntil(lambda: app.window.runner.idle)
    assert service.get_promise(db, board["late"]).status is PromiseStatus.OPEN
    assert interactions.history_count(db, board["priya"]) == 0


def test_a_promise_without_a_channel_keeps_its_title_in_line(
    qtbot, db: Database, board: dict[str, int], make_relapp
) -> None:
    """No channel and no preferred one: no icon. Seen in the e2e pictures of 10,000 people:
    its title started in the icon's place, left of every other title in the list."""
    ana = people.add_person(db, PersonDraft("Ana Lee")).id
    add(db, ana, Promiser.ME, "send the pricing", START - 30 * HOUR, None)
    app = make_relapp()
    load(qtbot, app)
    tree = app.feature.due_view.tree
    tree.resize(360, 400)
    tree.show()
    qtbot.waitExposed(tree)
    shot = tree.viewport().grab().toImage()
    starts = {}
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for n in range(group.childCount()):
            item = group.child(n)
            rect = tree.visualItemRect(item)
            background = shot.pixelColor(rect.right() - 2, rect.top() + 2)
            starts[item.text(0)] = next(
                x
                for x in range(rect.left(), rect.right())
                if any(
                    shot.pixelColor(x, y) != background for y in range(rect.top(), rect.bottom())
                )
            )
    without = starts.pop("Contact Ana Lee: send the pricing")
    assert starts and all(without >= start + 20 for start in starts.values()), (without, starts)


def test_the_rows_are_worded_on_the_worker_not_the_gui_thread(
    qtbot, board: dict[str, int], make_relapp, monkeypatch
) -> None:
    """Issue 18: wording 800 rows (reminder line, when due, repeat rule, late or not)
    took 47-67 ms of the GUI thread on a full-size database at every refresh (after an
    import: a stall of its own). The task that reads the board words it too."""
    import sys
    import threading

    from relapp.services.promises import PromiseEntry

    threads: list[str] = []  # the threads that worded a row for the Due view
    reminder = PromiseEntry.reminder

    def recorded(self: PromiseEntry) -> tuple[str, str]:
        caller = sys._getframe(1).f_code.co_filename
        if caller.endswith(("due_view.py", "due_lines.py")):
            threads.append(threading.current_thread().name)
        return reminder(self)

    monkeypatch.setattr(PromiseEntry, "reminder", recorded)
    app = make_relapp()
    load(qtbot, app)
    assert app.feature.due_view.rows()["Today · 1"] == ["Call Dan Whitaker: ask about Tulsa"]
    assert len(threads) >= 4
    assert threading.main_thread().name not in threads
