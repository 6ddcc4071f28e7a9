"""The main window's menu bar and toolbar, laid out from lists of actions.

Features add to these menus through the shell (``Shell.menu``/``add_actions``); the
Settings menu is made when a feature first asks for it (``WindowShell.menu``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from relapp.domain.i18n import N_, _
from relapp.ui import icons
from relapp.ui.qt_values import TEXT_BESIDE_ICON, set_qt_property

TITLES = {
    "file": N_("&File"),
    "edit": N_("&Edit"),
    "person": N_("&Person"),
    "view": N_("&View"),
    "help": N_("&Help"),
}
Layout = Sequence[QAction | None]  # None: a separator


Keys = QKeySequence | QKeySequence.StandardKey | str  # a str: "Ctrl+L"


def set_shortcut(action: QAction, keys: Keys) -> None:
    """``action.setShortcut(keys)``, without the ``Qt`` namespace: choosing among the
    overloads of ``setShortcut`` (and of ``QKeySequence``'s constructor) asks whether the
    argument is a ``Qt.Key``, which makes its 93 enums (``relapp/ui/qt_values.py``);
    ``setShortcuts`` with a list does not. A standard key: its first binding, as
    ``QKeySequence(key)`` is."""
    if isinstance(keys, QKeySequence.StandardKey):
        action.setShortcuts(QKeySequence.keyBindings(keys)[:1])
    elif isinstance(keys, str):
        native = QKeySequence.SequenceFormat.NativeText  # as QKeySequence(keys) reads it
        action.setShortcuts([QKeySequence.fromString(keys, native)])
    else:
        action.setShortcuts([keys])


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[..., object],
    shortcut: Keys | None = None,
    icon_name: str = "",
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        set_shortcut(action, shortcut)
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
    set_qt_property(tools, "toolButtonStyle", TEXT_BESIDE_ICON)  # before the first paint
    _fill(tools, toolbar)
    return made, tools
