"""The main window's menu bar and toolbar, laid out from lists of actions.

Features add to these menus through the shell (``Shell.menu``/``add_actions``); the
Settings menu is made when a feature first asks for it (``WindowShell.menu``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from relapp.domain.i18n import N_, _
from relapp.ui import icons

TITLES = {
    "file": N_("&File"),
    "edit": N_("&Edit"),
    "person": N_("&Person"),
    "view": N_("&View"),
    "help": N_("&Help"),
}
Layout = Sequence[QAction | None]  # None: a separator


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[..., object],
    shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    icon_name: str = "",
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(shortcut)
    if icon_name:
        action.setIcon(icons.icon(icon_name))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def _fill(target: QMenu | QToolBar, layout: Layout) -> None:
    for action in layout:
        if action is None:
            target.addSeparator()
        else:
            target.addAction(action)


def build_menus(
    window: QMainWindow, menus: dict[str, Layout], toolbar: Layout
) -> tuple[dict[str, QMenu], QToolBar]:
    """The menu bar (``menus`` by id, in the order of ``TITLES``) and the toolbar."""
    bar = window.menuBar()
    made: dict[str, QMenu] = {}
    for menu_id, title in TITLES.items():
        made[menu_id] = bar.addMenu(_(title))
        _fill(made[menu_id], menus.get(menu_id, ()))
    tools = window.addToolBar(_("Main"))
    tools.setObjectName("main-toolbar")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    _fill(tools, toolbar)
    return made, tools
