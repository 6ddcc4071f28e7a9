"""``window_menus.set_shortcut`` gives an action the shortcut ``setShortcut`` would,
without asking PySide6 for the ``Qt`` namespace (relapp/ui/qt_values.py): a standard key
(its first binding), a sequence written out, or a ``QKeySequence``."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence

from relapp.ui.window_menus import set_shortcut

KEYS = [
    QKeySequence.StandardKey.New,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Find,
    QKeySequence.StandardKey.Quit,
    "Ctrl+L",
    "Ctrl+Shift+Del",
    QKeySequence("Ctrl+E"),
]


def _id(keys: object) -> str:
    """A name that is the same in every process (a ``QKeySequence``'s repr has an address,
    and pytest-xdist needs its workers to collect the same ids)."""
    return keys.toString() if isinstance(keys, QKeySequence) else str(keys)


@pytest.mark.parametrize("keys", KEYS, ids=_id)
def test_the_shortcut_is_the_one_set_shortcut_gives(qapp, keys) -> None:
    ours, qts = QAction("ours"), QAction("Qt's")
    set_shortcut(ours, keys)
    qts.setShortcut(QKeySequence(keys))
    assert ours.shortcut() == qts.shortcut()  # (Quit has none on some platforms)
    assert ours.shortcuts() == qts.shortcuts()
