"""The application's icons: hand-drawn SVGs under ``resources/icons``, loaded once each.

Qt renders an SVG icon lazily at whatever size a widget asks for, so one file serves the
16 px menu entry and the 512 px launcher alike. A missing file is logged and gives an
empty icon: a lost icon must never stop the app.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from relapp.paths import resources_dir
from relapp.ui import theme

if TYPE_CHECKING:
    from relapp.domain.model import Channel, Direction

log = logging.getLogger(__name__)

APP_ICON = "relapp"
# Pre-rendered sizes of the app icon (packaging/make-icons), crisp where SVG scaling is not.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icons_dir() -> Path:
    return resources_dir() / "icons"


@functools.cache
def _load(relative: str) -> QIcon:
    path = icons_dir() / f"{relative}.svg"
    if not path.is_file():
        log.warning("icon %s is missing (looked for %s)", relative, path)
        return QIcon()
    text = path.read_text(encoding="utf-8", errors="replace")
    if theme.colours.ICON_STROKE.light in text:  # line icons: drawn in the scheme's colour
        return QIcon(_SchemeIcon(text))
    loaded = QIcon(str(path))
    if loaded.isNull():
        log.warning("icon %s could not be read from %s", relative, path)
    return loaded


class _SchemeIcon(QIconEngine):
    """A line icon whose strokes take the colour of the scheme in use when drawn (the
    files' dark slate would vanish on a dark background)."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self.svg = svg
        self.renderers: dict[str, QSvgRenderer] = {}
        # Rendered once per (colour, size, pixel ratio, mode), then drawn as a pixmap:
        # a list paints the same channel icons on every row of every keystroke.
        self.rendered: dict[tuple[str, int, int, float, bool], QPixmap] = {}

    def _renderer(self) -> QSvgRenderer:
        stroke = theme.value(theme.colours.ICON_STROKE)
        if stroke not in self.renderers:
            text = self.svg.replace(theme.colours.ICON_STROKE.light, stroke)
            self.renderers[stroke] = QSvgRenderer(QByteArray(text.encode()))
        return self.renderers[stroke]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        disabled = mode == QIcon.Mode.Disabled
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        stroke = theme.value(theme.colours.ICON_STROKE)
        key = (stroke, rect.width(), rect.height(), ratio, disabled)
        pixmap = self.rendered.get(key)
        if pixmap is None:
            pixmap = self._render(QSize(round(rect.width() * ratio), round(rect.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            if len(self.rendered) > 64:  # sizes come and go (a launcher's zoom): bounded
                self.rendered.clear()
            self.rendered[key] = pixmap
        if disabled:
            painter.save()
            painter.setOpacity(0.4)
            painter.drawPixmap(rect.topLeft(), pixmap)
            painter.restore()
        else:
            painter.drawPixmap(rect.topLeft(), pixmap)

    def _render(self, size: QSize) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(theme.TRANSPARENT)
        painter = QPainter(pixmap)
        self._renderer().render(painter, QRectF(QRect(QPoint(0, 0), size)))
        painter.end()
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(theme.TRANSPARENT)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _SchemeIcon(self.svg)


@functools.cache
def icon(name: str) -> QIcon:
    """An action icon by file name, e.g. ``icon("search")`` or ``icon("person-add")``."""
    return _load(name)


# The pixel ratios a ``rendered_icon`` is drawn at (Qt scales the nearest for others).
RENDERED_RATIOS = (1.0, 2.0)


def rendered_icon(name: str, size: int) -> QIcon:
    """``icon(name)`` drawn now, in the scheme in use, at ``size`` px and each of
    ``RENDERED_RATIOS``: a plain pixmap icon that Qt paints without calling back into
    Python. For a line edit's action: Qt paints it on a private widget class, and the
    first ``painter.device()`` asked of one makes PySide create every widget type it
    might be (82 million instructions, an eighth of a bare window's start). Made again
    by its owner when the scheme changes (``theme.on_change``)."""
    path = icons_dir() / f"{name}.svg"
    if not path.is_file():
        return _load(name)  # logged; an empty icon
    engine = _SchemeIcon(path.read_text(encoding="utf-8", errors="replace"))
    drawn = QIcon()
    for ratio in RENDERED_RATIOS:
        pixels = round(size * ratio)
        pixmap = engine._render(QSize(pixels, pixels))
        pixmap.setDevicePixelRatio(ratio)
        drawn.addPixmap(pixmap)
    return drawn


def app_icon_png(size: int) -> Path:
    """The pre-rendered app icon at ``size`` px, in the freedesktop hicolor layout."""
    return icons_dir() / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ICON}.png"


@functools.cache
def app_icon() -> QIcon:
    """The PNG sizes (crisp at 16-512 px: window, tray, taskbar); the SVG if they are missing."""
    loaded = QIcon()
    for size in APP_ICON_SIZES:
        png = app_icon_png(size)
        if png.is_file():
            loaded.addFile(str(png), QSize(size, size))
    return loaded if not loaded.isNull() else _load(APP_ICON)


@functools.cache
def channel_icon(channel: Channel) -> QIcon:
    from relapp.domain.model import Channel  # with the first icon of a channel

    return _load(f"channels/{Channel(channel).value}")


@functools.cache
def direction_icon(direction: Direction | str) -> QIcon:
    from relapp.domain.model import Direction

    return _load(f"direction/{Direction(direction).value}")
