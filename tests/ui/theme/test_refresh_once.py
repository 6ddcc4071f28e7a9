"""A change of scheme re-styles every widget once: the palettes the refresh sets are
announced after it (posted events), and those echoes start no second refresh over every
widget (at start-up the window's first paint waited for one, for nothing). A palette
someone else sets still does."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from relapp.ui import theme


def test_a_change_of_scheme_refreshes_once_and_a_palette_from_outside_again(
    qtbot, scheme, monkeypatch
) -> None:
    scheme("light")
    watcher = theme.watcher()
    refreshed: list[bool] = []
    done = watcher._refresh
    monkeypatch.setattr(watcher, "_refresh", lambda: (refreshed.append(True), done())[1])
    label = QLabel("muted")
    qtbot.addWidget(label)
    theme.set_style(label, "color: $muted;")

    scheme("dark")
    qtbot.wait(100)  # the posted palette events arrive

    assert refreshed == [True]
    assert theme.colours.MUTED.dark in label.styleSheet()

    other = QPalette(QApplication.palette())
    other.setColor(QPalette.ColorRole.Highlight, QColor("#123456"))
    QApplication.setPalette(other)
    qtbot.waitUntil(lambda: len(refreshed) == 2, timeout=2000)
