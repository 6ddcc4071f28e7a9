"""Photos from files are decoded with a cap: a small file that claims a huge image is
refused before it is expanded; garbage is no photo; a normal photo shows."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

from relapp.ui.widgets.avatar import Avatar, decode_photo


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024 * 1024, 9)  # a megabyte of zeros, tiny compressed
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def real_png(size: int = 32) -> bytes:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def test_a_png_claiming_50000_by_50000_pixels_is_refused_fast(qtbot) -> None:
    data = png_claiming(50_000, 50_000)
    assert len(data) < 10_000
    started = time.process_time()  # CPU: a wall clock also counts other processes' turns
    assert decode_photo(data) is None
    assert time.process_time() - started < 1.0
    avatar = Avatar(64)
    qtbot.addWidget(avatar)
    avatar.set_person("Ada", data)
    qtbot.waitUntil(lambda: not avatar.decoding())  # decoded off the GUI thread
    assert not avatar.has_photo()


def test_a_large_claim_under_the_pixel_cap_is_bounded_by_the_allocation_limit(qapp) -> None:
    assert decode_photo(png_claiming(20_000, 20_000), max_pixels=10**9) is None


def test_a_normal_photo_shows(qtbot) -> None:
    image = decode_photo(real_png())
    assert image is not None and image.width() == 32
    avatar = Avatar(64)
    qtbot.addWidget(avatar)
    avatar.set_person("Ada", real_png())
    qtbot.waitUntil(avatar.has_photo)  # decoded off the GUI thread


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=2048))
def test_random_bytes_are_no_photo_and_no_crash(qapp, data: bytes) -> None:
    decode_photo(data)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 2000), st.binary(min_size=1, max_size=16))
def test_damaged_real_photos_never_crash(qapp, at: int, garbage: bytes) -> None:
    data = bytearray(real_png())
    at %= len(data)
    data[at : at + len(garbage)] = garbage
    decode_photo(bytes(data))


def test_decoding_a_bomb_takes_little_memory(qapp) -> None:
    tracemalloc.start()
    try:
        decode_photo(png_claiming(50_000, 50_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024
