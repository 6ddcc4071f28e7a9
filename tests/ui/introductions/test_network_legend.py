"""The network's legend: the coloured dots say which node is which, and the words beside
them read in both schemes. Seen in the e2e pictures (tests/e2e/test_screens_every_view.py):
the words were painted in the nodes' orange, 3.3:1 on the light window (AA asks 4.5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel

from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.theme.contrast import BODY_TEXT
from tests.e2e import pictures
from tests.ui.introductions.test_network_page import opened, story


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_legend_words_read_beside_their_coloured_dots(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks, scheme: str
) -> None:
    story(db, folks)
    theme.force(scheme)
    try:
        page = opened(qtbot, window, feature)
        window.resize(1200, 700)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        shot = window.grab().toImage().convertToFormat(pictures.QImage.Format.Format_RGB32)
        words = {"you", "made introductions", "introduced"}
        found = {}
        for label in page.findChildren(QLabel):
            text = label.text().replace("●", "").strip()
            if text in words and label.isVisible():
                at = label.mapTo(window, label.rect().topLeft())
                found[text] = pictures.text_contrast(shot, QRect(at, label.size()))[0]
        assert set(found) == words
        faint = {text: round(ratio, 2) for text, ratio in found.items() if ratio < BODY_TEXT}
        assert faint == {}, f"legend words under AA in {scheme}: {faint}"
        dots = [label for label in page.findChildren(QLabel) if label.text() == "●"]
        assert len(dots) == 3 and all(dot.styleSheet() for dot in dots)  # the colours stay
    finally:
        theme.force("light")
        theme.force(None)
