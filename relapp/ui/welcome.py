"""The first-run welcome's actions: import a vCard, add a person, or open the demo.

The welcome page is the main window's ``welcome`` (an EmptyState), shown while the database
has nobody in it. Importing is a feature that may or may not be installed, so its action
is looked up in the File menu when the button is pressed, by object name or by its text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QProcess
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStatusBar

from relapp.domain.i18n import _
from relapp.paths import AppPaths
from relapp.ui.empty_states import EmptyState

IMPORT_OBJECT_NAMES = ("import-vcard", "import", "file-import", "importAction")
StartDetached = Callable[[str, Sequence[str]], bool]


class MainWindow(Protocol):
    """What the welcome uses of the main window."""

    paths: AppPaths
    menus: dict[str, QMenu]

    def statusBar(self) -> QStatusBar: ...


def welcome_page(window: MainWindow, new_person: Callable[[], None]) -> EmptyState:
    """The right-hand page while the database has nobody in it."""
    return EmptyState(
        _("Welcome to Relapp"),
        _(
            "Relapp remembers the people you know: how you met, who introduced you, "
            "everything that passed between you, and what you promised.\n\n"
            "Bring in your address book from a vCard file, start with someone you talked "
            "to this week, or look around the demo first."
        ),
        [
            (_("Import a vCard…"), lambda: import_vcard(window)),
            (_("Add a person…"), new_person),
            (_("Open the demo"), lambda: open_demo(window)),
        ],
    )


def nothing_selected_page() -> EmptyState:
    return EmptyState(
        _("Nobody selected"),
        _(
            "Choose someone on the left, or press Ctrl+F to search by name, email, "
            "phone number, organisation, tag or note."
        ),
        [],
    )


def _plain(text: str) -> str:
    return text.replace("&", "").strip().lower()


def find_import_action(window: MainWindow) -> QAction | None:
    """File ▸ Import… if a feature added it (searched in submenus too)."""
    menu = window.menus.get("file")
    if menu is None:
        return None
    found: list[QAction] = []
    pending = list(menu.actions())
    while pending:
        action = pending.pop(0)
        submenu = action.menu()
        if submenu is not None:
            pending.extend(submenu.actions())
        elif not action.isSeparator() and action.isEnabled():
            found.append(action)
    for action in found:  # by name, then "Import vCards…" before e.g. "Imports…"
        if action.objectName() in IMPORT_OBJECT_NAMES:
            return action
    for action in found:
        text = _plain(action.text())
        if text.startswith("import") and "vcard" in text:
            return action
    return next((a for a in found if _plain(a.text()).startswith("import")), None)


def import_vcard(window: MainWindow) -> bool:
    """Trigger File ▸ Import…; says so in the status bar when there is no import."""
    action = find_import_action(window)
    if action is None:
        window.statusBar().showMessage(_("Importing vCards is not available in this build."), 8000)
        return False
    action.trigger()
    return True


def demo_command(window: MainWindow) -> tuple[str, list[str]]:
    """How to start Relapp on the demo database beside this data folder."""
    data_dir = window.paths.data_dir
    if window.paths.data_dir.name == "demo":  # already the demo: its parent is the data folder
        data_dir = data_dir.parent
    args = ["--demo", "--data-dir", str(data_dir)]
    if getattr(sys, "frozen", False):
        return sys.executable, args
    return sys.executable, ["-m", "relapp", *args]


def _start_detached(program: str, args: Sequence[str]) -> bool:
    started, _pid = QProcess.startDetached(program, list(args))
    return bool(started)


def open_demo(window: MainWindow, start: StartDetached = _start_detached) -> bool:
    """Start a separate Relapp on the demo database (this window stays as it is)."""
    program, args = demo_command(window)
    if start(program, args):
        window.statusBar().showMessage(_("Opening the demo in a new window…"), 8000)
        return True
    window.statusBar().showMessage(_("The demo could not be started."), 8000)
    return False
