"""The Today list cuts each reason to two wrapped lines as it paints a row. It measured
the text again after dropping each word from the end: 413 text layouts for the ten
rows of the full-size list, 30 of the 87 ms of GUI-thread CPU its first paint took
under load (bench.window_stalls, issue 18). The cut is found by halving now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from relapp.ui.health import today_view

WORDS = " ".join(f"word{n}" for n in range(120))


def linear_cut(text: str, font: QFont, width: int) -> str:
    """The cut as it was found before: the most words (then "…") that fit two lines."""
    metrics = QFontMetrics(font)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)

    def fits(candidate: str) -> bool:
        bound = metrics.boundingRect(0, 0, width, 10_000, flags, candidate)
        return bound.height() <= metrics.height() * 2 + 1

    if fits(text):
        return text
    words = text.split()
    while words:
        words.pop()
        if fits(" ".join(words) + "…"):
            return " ".join(words) + "…"
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def test_a_long_reason_is_cut_to_two_lines_with_a_few_measurements(qtbot, monkeypatch) -> None:
    font = QFont()
    measured: list[str] = []

    class Counting(QFontMetrics):
        def boundingRect(self, *args):  # type: ignore[no-untyped-def,override]
            measured.append(str(args[-1]))
            return super().boundingRect(*args)

    monkeypatch.setattr(today_view, "QFontMetrics", Counting)
    for width in (120, 300, 700):
        measured.clear()
        cut = today_view._two_lines(WORDS, font, width)
        assert cut == linear_cut(WORDS, font, width)
        assert cut.endswith("…") and len(cut) < len(WORDS)
        assert len(measured) <= 10, f"{len(measured)} measurements at width {width}"
    assert today_view._two_lines("short", font, 300) == "short"
