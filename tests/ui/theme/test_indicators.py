"""Check boxes and radio buttons show their box in both schemes: the edge of an unticked
indicator stands out from the window at 3:1 at least (WCAG 1.4.11, the parts of a
control one must see). Seen in the e2e pictures: in the dark scheme Fusion drew them in
the Base colour with an outline darker than the window, 1.2:1, all but invisible."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from relapp.ui import theme
from relapp.ui.theme import contrast


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


@pytest.mark.parametrize("name", ["light", "dark"])
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_unticked_box_stands_out_from_the_window(qtbot, scheme, name: str, kind) -> None:
    scheme(name)
    holder = QWidget()
    qtbot.addWidget(holder)
    box = kind("Include archived people")
    QVBoxLayout(holder).addWidget(box)
    holder.show()
    qtbot.waitExposed(holder)
    QApplication.processEvents()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    element = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if kind is QCheckBox
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    where: QRect = box.style().subElementRect(element, option, box)
    shot = box.grab().toImage()
    window = _rgb(holder.palette().color(QPalette.ColorRole.Window))
    best = max(
        contrast.ratio(_rgb(shot.pixelColor(x, y)), window)
        for x in range(where.left(), where.right() + 1)
        for y in range(where.top(), where.bottom() + 1)
    )
    assert best >= contrast.LARGE_TEXT, f"{kind.__name__} in {name}: {best:.2f}"
    qtbot.wait(100)  # the palette set for the indicators asks for no refresh after refresh
    assert not theme.watcher().pending
