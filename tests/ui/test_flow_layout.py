"""The flow layout (tag chips) places its items once per width until something in it
changes: Qt asks a hidden person page's height for a width at every layout of the
window (a ``QStackedWidget`` asks each of its pages), a dozen times a keystroke while
"In your notes" changes, and each answer was the items placed again in Python."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from relapp.ui.widgets.flow_layout import FlowLayout


def flow(qtbot, *texts: str) -> tuple[QWidget, FlowLayout, list[int]]:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = FlowLayout(holder)
    for text in texts:
        layout.addWidget(QLabel(text))
    placed: list[int] = []
    real = layout._place

    def counted(rect, *, move: bool) -> int:
        if not move:  # asked for a height (placing them for real is not counted)
            placed.append(rect.width())
        return real(rect, move=move)

    layout._place = counted  # type: ignore[method-assign]
    return holder, layout, placed


def test_the_height_for_a_width_is_worked_out_once(qtbot) -> None:
    _holder, layout, placed = flow(qtbot, "friends", "climbing", "book club", "neighbours")
    first = layout.heightForWidth(120)
    assert layout.heightForWidth(120) == first
    assert layout.heightForWidth(120) == first
    assert placed == [120]
    wide = layout.heightForWidth(1000)
    assert wide < first  # one line where 120 pixels needed several
    assert placed == [120, 1000]


def test_a_change_in_it_is_worked_out_again(qtbot) -> None:
    holder, layout, placed = flow(qtbot, "friends", "climbing")
    holder.show()
    placed.clear()  # what showing it asked
    one_line = layout.heightForWidth(400)
    label = layout.itemAt(1).widget()
    assert isinstance(label, QLabel)
    label.setText("a tag long enough to need a line of its own, surely, at this width")
    assert layout.heightForWidth(400) > one_line
    layout.addWidget(QLabel("more"))
    layout.heightForWidth(400)
    layout.clear()
    assert layout.heightForWidth(400) == 0
    assert placed == [400, 400, 400, 400]
