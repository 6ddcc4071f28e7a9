"""``plain_label``, the one helper for labels of user text: markup shows literally, and
the options the person page, the About box, the promises section and the import
preview need (wrap, selectable, bold)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relapp.ui.widgets.plain_label import plain_label


def test_markup_shows_literally_and_the_defaults_wrap_and_select(qtbot) -> None:
    label = plain_label("<b>Ann</b> & <i>co</i>")
    qtbot.addWidget(label)
    assert label.textFormat() is Qt.TextFormat.PlainText
    assert label.text() == "<b>Ann</b> & <i>co</i>"
    assert label.wordWrap()
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not label.font().bold()


def test_each_option_does_what_it_says(qtbot) -> None:
    still = plain_label("Open promises", wrap=False, selectable=False)
    bold = plain_label("Ann Lee", bold=True)
    qtbot.addWidget(still)
    qtbot.addWidget(bold)
    assert not still.wordWrap()
    assert not still.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert still.textFormat() is Qt.TextFormat.PlainText
    assert bold.font().bold() and bold.wordWrap()
