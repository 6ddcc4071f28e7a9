"""The few values of Qt's ``Qt`` namespace that the window's first paint needs, as ints.

PySide6 makes the ``Qt`` namespace's 93 enums all at once, the first time anything
uses ``Qt``: importing the name, passing one of its values, or Qt handing one to Python
(a model's ``headerData`` gets a ``Qt.Orientation``, its ``sort`` a ``Qt.SortOrder``).
``Qt.Key`` alone has 471 members; all of them cost 125 million instructions, a fifth of
a bare window's whole start (issue 18: start-up within 1.5x a bare window). So what the
first paint builds sets them through the widgets' Qt properties
(``QObject.setProperty`` takes an int for an enum property: ``set_qt_property``) and
compares item roles as ints; what comes after the first paint uses ``Qt`` as usual.
tests/ui/test_qt_values.py checks each value against ``Qt``'s own, and
tests/ui/test_startup_imports.py that ``Qt`` is not made before the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

# Qt.AlignmentFlag
ALIGN_LEFT = 0x0001
ALIGN_HCENTER = 0x0004
ALIGN_VCENTER = 0x0080
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER
# Qt.TextFormat.PlainText
PLAIN_TEXT = 0
# Qt.Orientation
HORIZONTAL = 1
VERTICAL = 2
# Qt.ToolButtonStyle.ToolButtonTextBesideIcon
TEXT_BESIDE_ICON = 2
# Qt.ItemDataRole
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
USER_ROLE = 0x0100
# Qt.SortOrder (``order.value``)
ASCENDING = 0
DESCENDING = 1


def set_qt_property(target: QObject, name: str, value: int) -> None:
    """Set the Qt property ``name`` (an enum or flags property) of ``target`` to
    ``value``; a name that is no property of ``target`` is an error, not a new dynamic
    property."""
    if target.metaObject().indexOfProperty(name) < 0 or not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__} has no Qt property {name!r} to set to {value}")
