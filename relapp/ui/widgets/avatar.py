"""A round picture of a person: their photo, or their initials on a colour of their own."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QImageReader,
    QPainter,
    QPainterPath,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

_PALETTE = ("#00897b", "#3949ab", "#8e24aa", "#f4511e", "#6d4c41", "#546e7a", "#c0ca33", "#d81b60")
MAX_PHOTO_PIXELS = 4096 * 4096


def initials(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


PHOTO_ALLOCATION_LIMIT_MB = 64


def decode_photo(data: bytes, max_pixels: int = MAX_PHOTO_PIXELS) -> QImage | None:
    """Decode photo bytes from a file, or None. The size the image declares is checked
    before anything is decoded, and Qt refuses to allocate more than
    ``PHOTO_ALLOCATION_LIMIT_MB``: a tiny file that claims 50,000 x 50,000 pixels is
    never expanded."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAllocationLimit(PHOTO_ALLOCATION_LIMIT_MB)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > max_pixels:
        return None
    image = reader.read()
    return None if image.isNull() else image


class Avatar(QWidget):
    def __init__(self, size: int = 64, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._name = ""
        self._photo: QPixmap | None = None
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_person(self, name: str, photo: bytes | None) -> None:
        self._name = name
        self._photo = None
        if photo:
            image = decode_photo(photo)
            if image is not None:
                self._photo = QPixmap.fromImage(
                    image.scaled(
                        QSize(self._size, self._size) * 2,
                        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        self.update()

    def has_photo(self) -> bool:
        return self._photo is not None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, self._size, self._size)
        clip = QPainterPath()
        clip.addEllipse(rect)
        painter.setClipPath(clip)
        if self._photo is not None:
            source = QRectF(self._photo.rect())
            side = min(source.width(), source.height())
            source = QRectF(
                source.center().x() - side / 2, source.center().y() - side / 2, side, side
            )
            painter.drawPixmap(rect, self._photo, source)
            return
        colour = _PALETTE[zlib.crc32(self._name.encode()) % len(_PALETTE)]
        painter.fillRect(rect, QColor(colour))
        font = QFont(self.font())
        font.setPixelSize(int(self._size * 0.38))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(self._name))
