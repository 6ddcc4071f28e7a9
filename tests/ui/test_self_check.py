"""``relapp --self-check`` runs every step, times it, and fails loudly on a broken step."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from relapp import self_check
from relapp.self_check import CheckFailed, CheckState, run_steps
from relapp.ui.self_check import distinct_colours


def test_the_whole_self_check_passes_from_source(qapp) -> None:
    out = io.StringIO()
    assert self_check.main(out) == 0
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("ok ") for line in lines) == len(self_check.STEPS)
    assert " ms " in lines[1]
    assert lines[-1].startswith("self-check passed")


def test_a_failing_step_stops_the_check_and_says_why(tmp_path: Path) -> None:
    ran: list[str] = []

    def good(state: CheckState) -> str:
        ran.append("good")
        return "fine"

    def bad(state: CheckState) -> str:
        raise CheckFailed("the list shows 0 people, expected 2")

    def never(state: CheckState) -> str:
        ran.append("never")
        return ""

    out = io.StringIO()
    results = run_steps((("good", good), ("bad", bad), ("never", never)), tmp_path, out)
    assert [r.ok for r in results] == [True, False]
    assert ran == ["good"]
    assert "FAIL bad" in out.getvalue()
    assert "expected 2" in out.getvalue()


def test_a_blank_image_has_one_colour_and_a_drawing_has_more(qapp) -> None:
    blank = QImage(100, 80, QImage.Format.Format_ARGB32)
    blank.fill(QColor("white"))
    assert distinct_colours(blank) == 1
    for x in range(100):
        blank.setPixelColor(x, 40, QColor(x * 2, 0, 0))
    assert distinct_colours(blank) > 8
    assert distinct_colours(QImage()) == 0


def test_the_check_says_qt_own_words_and_fails_where_they_are_missing(qapp, monkeypatch) -> None:
    from relapp.ui import self_check as ui_check

    assert ui_check.qt_words() == "Qt's Cancel reads 'Cancel'"  # English: nothing to find
    monkeypatch.setattr(ui_check, "locale_name", lambda: "de")  # German, no Qt translation
    with pytest.raises(ui_check.WindowLooksWrong, match=r"qtbase_de\.qm"):
        ui_check.qt_words()
