"""What a screenshot shows, measured from its pixels (Qt's QImage, no other library):
how much it varies, how bright its background is, where it is painted bright, and how
text stands out from what is drawn under it (WCAG contrast, relapp/ui/theme/contrast.py)."""

from __future__ import annotations

import statistics
from array import array
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage

from relapp.ui.theme.contrast import luminance, ratio

RGB = tuple[int, int, int]
BLOCK = 16  # pixels a side of the squares the picture is judged in


def load(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull(), f"{path.name} is no picture"
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _rgb(value: int) -> RGB:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def _row(image: QImage, y: int, x: int, width: int) -> array:
    line = array("I")
    line.frombytes(bytes(image.constScanLine(y))[x * 4 : (x + width) * 4])
    return line


def _small(image: QImage) -> QImage:
    return image.scaled(
        max(1, image.width() // BLOCK),
        max(1, image.height() // BLOCK),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def blocks(image: QImage) -> list[float]:
    """The relative luminance (0 black .. 1 white) of each BLOCK-square, averaged."""
    small = _small(image)
    return [
        luminance(_rgb(v)) for y in range(small.height()) for v in _row(small, y, 0, small.width())
    ]


def spread(image: QImage) -> float:
    """The standard deviation of the squares' grey level (0 .. 1, as stored): about 0 for
    a blank picture, in either scheme."""
    small = _small(image)
    levels = [
        sum(_rgb(v)) / 765 for y in range(small.height()) for v in _row(small, y, 0, small.width())
    ]
    return statistics.pstdev(levels)


def colours_in(image: QImage, rect: QRect) -> Counter[int]:
    rect = rect.intersected(image.rect())
    counts: Counter[int] = Counter()
    for y in range(rect.top(), rect.bottom() + 1):
        counts.update(_row(image, y, rect.left(), rect.width()))
    return counts


def text_contrast(image: QImage, rect: QRect) -> tuple[float, RGB, RGB]:
    """The contrast of text drawn in ``rect``: its background (the colour most drawn
    there) against its ink (the drawn colour that stands out most from it)."""
    counts = colours_in(image, rect)
    if not counts:
        return 21.0, (0, 0, 0), (0, 0, 0)
    background = _rgb(counts.most_common(1)[0][0])
    best, ink = 1.0, background
    for value in counts:
        colour = _rgb(value)
        found = ratio(colour, background)
        if found > best:
            best, ink = found, colour
    return best, ink, background
