"""The capture preview's list of people offered as new: a capture of 100,000 mails
offers a thousand and more, and the list is built on the GUI thread. Seen in
bench.capture_stall (20,000 mails, 1,035 offered): building the preview took 46-79 ms
of the GUI thread's CPU, over the 50 ms budget, most of it one checkable item per
person made up front. The rows are now made when shown."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from relapp.domain.capture.me import Me
from relapp.domain.capture.plan import CapturePlan, NewPerson
from relapp.ui.capture.preview_dialog import CapturePreviewDialog
from relapp.ui.capture.preview_people import PreviewPeople

OFFERED = 5_000
NOBODY = PreviewPeople((), 0, 0)  # no one known named


def plan(offered: int) -> CapturePlan:
    people = tuple(
        NewPerson(-(n + 1), f"email:p{n}@example.org", f"Person {n}", written_to=2 + n % 50)
        for n in range(offered)
    )
    return CapturePlan(offered=people, me=Me(("me@example.com",)), records=offered, files=("x",))


def test_thousands_offered_build_in_a_frame_and_tick_like_a_list(qtbot) -> None:
    big = plan(OFFERED)
    CapturePreviewDialog(plan(3), NOBODY, None).deleteLater()  # first use paid elsewhere
    started = time.thread_time()
    dialog = CapturePreviewDialog(big, NOBODY, None)
    took_ms = (time.thread_time() - started) * 1000
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert took_ms < 50, f"building the preview took {took_ms:.0f} ms of CPU"
    model = dialog.offered.model()
    assert model.rowCount() == OFFERED
    first = model.index(0, 0)
    assert first.data() == "Person 0 <p0@example.org> — you wrote to them 2 times"
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked  # off
    assert dialog.chosen_people() == []
    assert model.setData(
        model.index(4_999, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert model.setData(first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.chosen_people() == [-1, -5_000]  # in the list's order
    assert model.setData(first, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.chosen_people() == [-5_000]
    assert model.flags(first) & Qt.ItemFlag.ItemIsUserCheckable
