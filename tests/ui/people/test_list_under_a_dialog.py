"""A dialog opened over the window, or closed, does not repaint the people list.

Qt's item views repaint every cell on screen when their window gains or loses the
focus (a selected row is drawn in the palette's Inactive colours while the window is
not active), and the people list answers each cell in Python. An import opens a
progress dialog, closes it, opens the preview, closes it, opens another progress
dialog: five such repaints, each while a task runs Python on the worker, so each of the
list's ~200 entries into Python waits for the interpreter lock (issue 18: the window's
repaint as the import's progress dialog opened was the longest gap at planning's start).
Where the palette draws both the same, nothing on screen would change; where it does
not (a desktop palette with a grey inactive selection), the list is repainted as before.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from relapp.domain.model import PersonDraft
from relapp.storage import Database, bulk
from relapp.ui.importing.feature import ImportFeature
from relapp.ui.main_window import MainWindow

ASKED = {"multiData", "data", "headerData", "index"}


def cells_asked(model: object, action: Callable[[], None]) -> int:
    """How often the GUI thread asked ``model`` for a cell or a header while
    ``action()`` ran."""
    count = 0

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        nonlocal count
        asked = event == "call" and frame.f_code.co_name in ASKED
        if asked and frame.f_locals.get("self") is model:
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def a_window_of_people(qtbot, db: Database, window: MainWindow) -> None:
    with db.atomic():
        bulk.insert_people(
            db, [PersonDraft(f"Person {n:03}", organisation="Acme") for n in range(250)]
        )
    window.people_list.refresh_list()
    qtbot.waitUntil(lambda: window.runner.idle and window.people_list.model.rowCount() == 250)
    window.people_list.view.selectRow(2)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.wait(50)  # the window laid out again for the new count
    window.people_list.view.viewport().repaint()  # the first page read and painted


def open_and_close_a_progress_dialog(qtbot, qapp: QApplication, window: MainWindow) -> None:
    feature = window.features.get(ImportFeature)
    dialog = feature._progress("Reading cards.vcf…", threading.Event(), minimum_duration=0)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    for _ in range(3):
        qapp.processEvents()
    feature._end(dialog)
    window.activateWindow()  # as the desktop does (offscreen, nobody does)
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range(3):
        qapp.processEvents()


def test_a_dialog_over_the_window_asks_the_list_for_no_cell(
    qtbot, qapp: QApplication, db: Database, window: MainWindow
) -> None:
    a_window_of_people(qtbot, db, window)
    palette = window.people_list.view.palette()
    assert palette.isEqual(QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    model = window.people_list.model
    asked = cells_asked(model, lambda: open_and_close_a_progress_dialog(qtbot, qapp, window))
    assert asked == 0
    # the list itself still paints when it is asked to
    assert cells_asked(model, window.people_list.view.viewport().repaint) > 20


def test_with_the_list_in_focus_only_the_current_row_is_repainted(
    qtbot, qapp: QApplication, db: Database, window: MainWindow
) -> None:
    """The window's focus goes to the dialog and comes back: the list loses and regains
    the keyboard focus, which changes only how the current row is drawn."""
    a_window_of_people(qtbot, db, window)
    view = window.people_list.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.viewport().repaint()
    model = window.people_list.model
    row = view.currentIndex().row()
    assert row == 2
    row_rect = QRect(0, view.rowViewportPosition(row), view.viewport().width(), view.rowHeight(row))
    one_row = cells_asked(model, lambda: view.viewport().repaint(row_rect))
    asked = cells_asked(model, lambda: open_and_close_a_progress_dialog(qtbot, qapp, window))
    assert view.hasFocus()
    assert 0 < asked <= 2 * one_row  # the current row, once out and once back in


def test_with_a_grey_inactive_selection_the_list_is_repainted_as_before(
    qtbot, qapp: QApplication, db: Database, window: MainWindow
) -> None:
    a_window_of_people(qtbot, db, window)
    view = window.people_list.view
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, "#b0b0b0")
    view.setPalette(palette)
    view.viewport().repaint()
    asked = cells_asked(
        window.people_list.model, lambda: open_and_close_a_progress_dialog(qtbot, qapp, window)
    )
    assert asked > 20  # in the inactive colours, and again in the active ones
