"""The ints the window's first paint uses instead of ``Qt``'s enums (relapp/ui/qt_values.py)
are ``Qt``'s own values, and setting one through a widget's property sets that enum."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QToolBar

from relapp.ui import qt_values


def test_each_value_is_qts_own() -> None:
    assert Qt.AlignmentFlag.AlignLeft == qt_values.ALIGN_LEFT
    assert Qt.AlignmentFlag.AlignHCenter == qt_values.ALIGN_HCENTER
    assert Qt.AlignmentFlag.AlignVCenter == qt_values.ALIGN_VCENTER
    assert Qt.AlignmentFlag.AlignCenter == qt_values.ALIGN_CENTER
    assert Qt.TextFormat.PlainText.value == qt_values.PLAIN_TEXT
    assert Qt.Orientation.Horizontal.value == qt_values.HORIZONTAL
    assert Qt.Orientation.Vertical.value == qt_values.VERTICAL
    assert Qt.ToolButtonStyle.ToolButtonTextBesideIcon.value == qt_values.TEXT_BESIDE_ICON
    assert Qt.ItemDataRole.DisplayRole == qt_values.DISPLAY_ROLE
    assert Qt.ItemDataRole.ToolTipRole == qt_values.TOOLTIP_ROLE
    assert Qt.ItemDataRole.UserRole == qt_values.USER_ROLE
    assert Qt.SortOrder.AscendingOrder.value == qt_values.ASCENDING
    assert Qt.SortOrder.DescendingOrder.value == qt_values.DESCENDING


def test_a_value_set_through_a_property_is_the_enum(qapp) -> None:
    splitter, label, tools = QSplitter(), QLabel(), QToolBar()
    qt_values.set_qt_property(splitter, "orientation", qt_values.VERTICAL)
    qt_values.set_qt_property(label, "textFormat", qt_values.PLAIN_TEXT)
    qt_values.set_qt_property(label, "alignment", qt_values.ALIGN_CENTER)
    qt_values.set_qt_property(tools, "toolButtonStyle", qt_values.TEXT_BESIDE_ICON)

    assert splitter.orientation() == Qt.Orientation.Vertical
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert tools.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_a_name_that_is_no_property_is_an_error_not_a_new_property(qapp) -> None:
    label = QLabel()
    with pytest.raises(ValueError, match="QLabel has no Qt property 'alignement'"):
        qt_values.set_qt_property(label, "alignement", qt_values.ALIGN_CENTER)
    assert label.dynamicPropertyNames() == []
