"""The theme's start makes no style object (PySide's QStyle type costs 50 million
instructions, a twelfth of a bare window's start): it knows Fusion's standard palette by
its Highlight, and leaves the check boxes' edges (which ask which style is in use) for
after the window's first paint (``finish_start``)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from relapp.ui import theme
from relapp.ui.theme import scheme


def test_fusions_highlight_is_the_one_qt_gives() -> None:
    standard = scheme.fusion_palette()
    assert standard.color(QPalette.ColorRole.Highlight) == QColor(scheme.FUSION_HIGHLIGHT)
    assert scheme._fusions_own(standard)
    assert not scheme._fusions_own(scheme.light_palette())


def test_the_light_palette_from_fusions_own_is_the_same(qapp) -> None:
    assert scheme.light_palette(scheme.fusion_palette()) == scheme.light_palette()


def test_the_check_boxes_edges_wait_for_the_end_of_the_start(qapp, scheme) -> None:
    scheme("light")
    app = QApplication.instance()
    wanted = theme.scheme.indicator_palette(app.palette())
    QApplication.setPalette(app.palette(), "QCheckBox")  # as before any refresh
    theme.watcher().refresh(edges=False)
    assert QApplication.palette("QCheckBox") != wanted
    theme.finish_start()
    assert QApplication.palette("QCheckBox") == wanted
    assert not theme.watcher().edges_pending
