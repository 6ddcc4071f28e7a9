"""The four main flows with the keyboard alone (qtbot.keyClick / keyClicks, no mouse):
find a person, log a contact, make a promise, mark it done; each write is checked in
the database."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import interactions, people, promises
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.tasks import TaskRunner

MAX_TABS = 120


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _in_dialog(qtbot, keys: Callable[[QWidget], None]) -> list[QWidget]:
    """Run ``keys(dialog)`` once the next modal dialog is up (it is opened by a key)."""
    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if dialog is None or focus is None or not dialog.isAncestorOf(focus):
            if dialog is not None and dialog.isVisible():
                dialog.activateWindow()  # what a window manager does for a new window
            QTimer.singleShot(30, poll)
            return
        seen.append(dialog)
        keys(dialog)
        # a dialog the keys did not close fails the test instead of waiting forever
        guard = QTimer(dialog)  # dies with the dialog
        guard.setSingleShot(True)
        guard.timeout.connect(dialog.close)
        guard.start(8000)

    QTimer.singleShot(30, poll)
    return seen


def _back_in(qtbot, window: QWidget) -> None:
    """After a dialog closes the window manager gives the window the focus back; the
    offscreen platform has none, so the test does what it would."""

    def active() -> bool:
        window.activateWindow()
        return QApplication.focusWidget() is not None

    qtbot.waitUntil(active)
    assert window.isAncestorOf(_focus())


def _tab_to(qtbot, window: QWidget, found: Callable[[QWidget], bool]) -> QWidget:
    """Press Tab until ``found(focus)``; with no focus (the focused row was rebuilt) the
    key goes to the window, which starts its focus chain again."""
    visited: list[str] = []
    for _ in range(MAX_TABS):
        focus = QApplication.focusWidget()
        if focus is not None and found(focus):
            return focus
        visited.append(f"{type(focus).__name__}:{focus.objectName() if focus else ''}")
        qtbot.keyClick(focus or window, Qt.Key.Key_Tab)
    raise AssertionError(f"not reached with {MAX_TABS} presses of Tab: {visited}")


def test_find_log_promise_and_done_with_the_keyboard_alone(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> None:
    people.add_person(db, PersonDraft("Ben Harlow"))
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: window.list_loaded and runner.idle)

    # 1. Find a person: Ctrl+F, the name, Return.
    qtbot.keyClick(_focus(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _focus() is window.search
    qtbot.keyClicks(_focus(), "carol")
    qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() == 1)
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == carol)

    # 2. Log a contact: Ctrl+L, a summary (the dialog starts there), Return.
    def log(dialog: QWidget) -> None:
        qtbot.keyClicks(_focus(), "Called about the renewal")
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)

    opened = _in_dialog(qtbot, log)
    qtbot.keyClick(_focus(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: interactions.history_count(db, carol) == 1, timeout=5000)
    assert opened and not opened[0].isVisible()
    logged = interactions.history_page(db, carol, 0, 1)[0].interaction
    assert logged.summary == "Called about the renewal"
    _back_in(qtbot, window)

    # 3. Make a promise: Ctrl+Shift+P, what (the dialog starts there), Return.
    def promise(dialog: QWidget) -> None:
        qtbot.keyClicks(_focus(), "send the pricing")
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)

    opened = _in_dialog(qtbot, promise)
    qtbot.keyClick(
        _focus(),
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: len(promises.open_promises_for(db, carol)) == 1, timeout=5000)
    made = promises.open_promises_for(db, carol)[0].promise
    assert made.what == "send the pricing" and made.done_at is None
    _back_in(qtbot, window)

    # 4. Mark it done: Tab to its Done button on the page, Space.
    qtbot.waitUntil(
        lambda: (
            (button := window.page.findChild(QPushButton, "done")) is not None
            and button.isVisible()
        )
    )
    _back_in(qtbot, window)
    done = _tab_to(qtbot, window, lambda w: isinstance(w, QPushButton) and w.objectName() == "done")
    assert "send the pricing" in done.accessibleName()  # which promise a reader hears
    qtbot.keyClick(done, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: promises.open_promises_for(db, carol) == [], timeout=5000)
    assert promises.get_promise(db, made.id).done_at is not None
