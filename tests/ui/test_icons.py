"""Every channel and direction has a drawable icon, and a missing icon never crashes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging

import pytest
from PySide6.QtGui import QColor, QIcon, QImage

from relapp.domain.model import Channel, Direction
from relapp.ui import icons


def _drawn_pixels(icon: QIcon, size: int) -> int:
    image = icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).alpha() > 0
    )


@pytest.mark.parametrize("channel", list(Channel))
def test_every_channel_has_an_icon_that_draws(qapp, channel: Channel) -> None:
    icon = icons.channel_icon(channel)
    assert not icon.isNull()
    assert _drawn_pixels(icon, 24) > 0


@pytest.mark.parametrize("direction", list(Direction))
def test_every_direction_has_an_icon_that_draws(qapp, direction: Direction) -> None:
    icon = icons.direction_icon(direction)
    assert not icon.isNull()
    assert _drawn_pixels(icon, 24) > 0


@pytest.mark.parametrize(
    "name", ["person-add", "log-interaction", "search", "archive", "undo", "warning"]
)
def test_every_action_icon_draws(qapp, name: str) -> None:
    assert _drawn_pixels(icons.icon(name), 16) > 0


@pytest.mark.parametrize("size", [16, 512])
def test_app_icon_fills_most_of_its_square_at_any_size(qapp, size: int) -> None:
    assert _drawn_pixels(icons.app_icon(), size) > 0.7 * size * size


def test_a_missing_icon_is_empty_and_logged_not_fatal(
    qapp, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="relapp.ui.icons"):
        missing = icons.icon("no-such-icon")
    assert missing.isNull()
    assert "no-such-icon" in caplog.text


def test_a_line_icon_is_rendered_from_its_svg_once_per_size_not_on_every_paint(
    qapp, monkeypatch
) -> None:
    """The "In your notes" list paints a channel icon on every hit of every keystroke:
    the SVG is rendered once for a size (and scheme), then drawn as a pixmap."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    renders: list[int] = []
    original = QSvgRenderer.render

    def counted(self, *args):  # type: ignore[no-untyped-def]
        renders.append(1)
        return original(self, *args)

    monkeypatch.setattr(QSvgRenderer, "render", counted)
    # A fresh icon, not the cached one: another test may have painted it at 18 px.
    icon = icons._load.__wrapped__(f"channels/{Channel.EMAIL.value}")
    image = QImage(200, 40, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    for n in range(10):
        icon.paint(painter, QRect(n * 18, 0, 18, 18))
    icon.paint(painter, QRect(0, 18, 22, 22))  # another size: rendered once more
    painter.end()
    assert len(renders) == 2
    drawn = QColor(image.pixel(9 * 18 + 9, 9)).alpha() > 0 or any(
        QColor(image.pixel(9 * 18 + x, y)).alpha() > 0 for x in range(18) for y in range(18)
    )
    assert drawn  # the tenth copy is drawn too
