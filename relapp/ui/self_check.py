"""The Qt half of ``relapp --self-check``: build the real main window offscreen and paint it."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QElapsedTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from relapp.domain.i18n import ENGLISH, locale_name
from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui import icons

LIST_TIMEOUT_MS = 10_000
# A painted window has text, icons and frames: far more than a handful of colours.
MIN_COLOURS = 8


def distinct_colours(image: QImage, grid: int = 64) -> int:
    """How many different colours a ``grid`` × ``grid`` sample of the image has."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return 0
    seen: set[int] = set()
    for gy in range(grid):
        y = gy * (image.height() - 1) // max(grid - 1, 1)
        for gx in range(grid):
            x = gx * (image.width() - 1) // max(grid - 1, 1)
            seen.add(image.pixel(x, y))
    return len(seen)


class WindowLooksWrong(Exception):
    """The window did not show what it should (the self-check reports it as failed)."""


def qt_words() -> str:
    """Qt's own word on a Cancel button, in the language in use: outside English, the
    check fails when Qt's translation was not found (qtbase_<lang>.qm left out of the
    bundle, or not where ``qt_translations`` looks)."""
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    language = locale_name()
    if language != ENGLISH and cancel == "Cancel":
        raise WindowLooksWrong(f"Qt's own words are not in {language!r} (qtbase_{language}.qm?)")
    return f"Qt's Cancel reads {cancel!r}"


def render_main_window(db: Database, paths: AppPaths, expected_people: int) -> str:
    """Show the main window offscreen, wait for its list, grab it; raise if it looks wrong."""
    from relapp.ui.app import create_application, open_window

    started = time.perf_counter()
    create_application()
    if icons.app_icon().isNull():
        raise WindowLooksWrong("the application icon is missing (resources/icons not bundled?)")
    words = qt_words()
    window = open_window(db, paths)
    try:
        window.show()
        timer = QElapsedTimer()
        timer.start()
        while not window.list_loaded and timer.elapsed() < LIST_TIMEOUT_MS:
            QApplication.processEvents()
            window.runner.wait(20)
        shown_ms = (time.perf_counter() - started) * 1000
        if not window.list_loaded:
            raise WindowLooksWrong(f"the people list did not load within {LIST_TIMEOUT_MS} ms")
        rows = window.model.rowCount()
        if rows != expected_people:
            raise WindowLooksWrong(f"the list shows {rows} people, expected {expected_people}")
        image = window.grab().toImage()
        colours = distinct_colours(image)
        if colours < MIN_COLOURS:
            raise WindowLooksWrong(f"the window looks blank ({colours} colours)")
        return (
            f"{image.width()}x{image.height()}, {colours} colours, {rows} people listed, "
            f"window ready in {shown_ms:.0f} ms, {words}"
        )
    finally:
        window.runner.wait(5000)
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def render_person_chart(db: Database, person_id: int) -> str:
    """Draw one person's health chart offscreen (pyqtgraph and the Qt modules it needs:
    a bundle that left one out fails here, not when a user opens a person); raise if
    it looks wrong."""
    from datetime import UTC, datetime

    from relapp.services import health
    from relapp.ui.app import create_application
    from relapp.ui.health.person_chart import PersonChartView

    create_application()
    chart = health.person_chart(db, person_id, datetime.now(UTC))
    view = PersonChartView()
    try:
        view.resize(640, 220)
        view.set_chart(chart)
        view.show()
        QApplication.processEvents()
        image = view.grab().toImage()
        colours = distinct_colours(image)
        if colours < MIN_COLOURS:
            raise WindowLooksWrong(f"the health chart looks blank ({colours} colours)")
        return f"{image.width()}x{image.height()}, {colours} colours"
    finally:
        view.close()
        view.deleteLater()
        QApplication.processEvents()
