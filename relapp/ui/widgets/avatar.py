"""A round picture of a person: their photo, or their initials on a colour of their own.

Photos are decoded off the GUI thread, at display size: a 4096 x 4096 photo took a second
of the GUI thread every time its person opened. ``set_person`` shows the initials at once
and hands the bytes to the avatar's own worker (a ``TaskRunner``, so a long import on the
window's worker does not hold photos up); the decoded picture replaces the initials when it
is ready, if the avatar still shows the same photo. ``QImageReader`` and ``QImage`` are
reentrant (Qt documents them for use in worker threads), and the worker touches nothing
else of Qt. The last few decoded photos are kept, so going back to a person shows their
photo at once.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from collections import OrderedDict

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QImage,
    QImageReader,
    QPainter,
    QPainterPath,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from relapp.ui import theme
from relapp.ui.tasks import TaskRunner

MAX_PHOTO_PIXELS = 4096 * 4096


def initials(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


PHOTO_ALLOCATION_LIMIT_MB = 64


_CACHED = 32


def decode_photo(
    data: bytes, max_pixels: int = MAX_PHOTO_PIXELS, fill: int | None = None
) -> QImage | None:
    """Decode photo bytes from a file, or None. The size the image declares is checked
    before anything is decoded, and Qt refuses to allocate more than
    ``PHOTO_ALLOCATION_LIMIT_MB``: a tiny file that claims 50,000 x 50,000 pixels is
    never expanded. With ``fill``, the image is decoded at the size that covers a
    ``fill`` x ``fill`` square (JPEG decodes at that size directly, which is fast).
    Safe on a worker thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAllocationLimit(PHOTO_ALLOCATION_LIMIT_MB)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > max_pixels:
        return None
    if fill is not None and min(size.width(), size.height()) > fill:
        reader.setScaledSize(size.scaled(fill, fill, Qt.AspectRatioMode.KeepAspectRatioByExpanding))
    image = reader.read()
    buffer.close()
    return None if image.isNull() else image


class _DecodedPhotos:
    """The last few photos decoded, by a hash of their bytes; used on worker threads
    (hashing and decoding there too: both take tens of milliseconds for a big photo)."""

    def __init__(self, size: int = _CACHED) -> None:
        self._size = size
        self._images: OrderedDict[tuple[bytes, int], QImage | None] = OrderedDict()
        self._lock = threading.Lock()

    def decode(self, data: bytes, fill: int) -> QImage | None:
        key = (hashlib.blake2b(data, digest_size=16).digest(), fill)
        with self._lock:
            if key in self._images:
                self._images.move_to_end(key)
                return self._images[key]
        image = decode_photo(data, fill=fill)
        with self._lock:
            self._images[key] = image
            while len(self._images) > self._size:
                self._images.popitem(last=False)
        return image


_CACHE = _DecodedPhotos()


class Avatar(QWidget):
    def __init__(self, size: int = 64, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._name = ""
        self._photo: QPixmap | None = None
        self._wanted: object | None = None  # the decoding that is still wanted, if any
        self._runner: TaskRunner | None = None
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_person(self, name: str, photo: bytes | None) -> None:
        """Show a person; their photo appears when decoded (the initials until then)."""
        self._name = name
        self._photo = None
        self._wanted = None
        if photo:
            if self._runner is None:
                self._runner = TaskRunner(self)
            self._wanted = ticket = object()
            fill = self._size * 2
            self._runner.submit(
                lambda: _CACHE.decode(photo, fill),
                lambda image: self._decoded(ticket, image),
                key="photo",
            )
        self.update()

    def _decoded(self, ticket: object, image: QImage | None) -> None:
        if ticket is self._wanted:
            self._wanted = None
            self._show(image)
            self.update()

    def _show(self, image: QImage | None) -> None:
        if image is None:
            return
        side = self._size * 2
        if min(image.width(), image.height()) > side:
            image = image.scaled(
                QSize(side, side),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._photo = QPixmap.fromImage(image)

    def has_photo(self) -> bool:
        return self._photo is not None

    def decoding(self) -> bool:
        """True while a photo is being decoded for this avatar."""
        return self._wanted is not None

    def photo_size(self) -> QSize:
        return self._photo.size() if self._photo is not None else QSize()

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
        avatars = theme.colours.AVATARS
        pick = avatars[zlib.crc32(self._name.encode()) % len(avatars)]
        painter.fillRect(rect, theme.colour(pick))
        font = QFont(self.font())
        font.setPixelSize(int(self._size * 0.38))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(theme.colour(theme.colours.ON_COLOUR))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(self._name))
