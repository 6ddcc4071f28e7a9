"""What the test X server's screen shows, read through Xlib with ctypes (``XGetImage`` of
the root window: a few milliseconds, where ImageMagick's ``import`` takes a process and
a PNG), for tests that wait until the app has drawn what an action changed instead of
sleeping a fixed time."""

from __future__ import annotations

import ctypes
import ctypes.util
import time

import numpy as np

ALL_PLANES = ctypes.c_ulong(-1).value
Z_PIXMAP = 2
# As XServer.differs: a change of more than this many pixels is a change; a text cursor
# blinking (a line of a few pixels) is not.
CHANGED_PIXELS = 500


class _XImage(ctypes.Structure):  # Xlib.h, up to the fields read here
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


def _xlib() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11")
    if name is None:
        raise RuntimeError("libX11 is not installed")
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultScreen.argtypes = [ctypes.c_void_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XGetImage.restype = ctypes.POINTER(_XImage)
    xlib.XGetImage.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_ulong,
        ctypes.c_int,
    ]
    xlib.XDestroyImage.argtypes = [ctypes.POINTER(_XImage)]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return xlib


class Screen:
    """The screen of ``display``: its pixels now, and waits on them."""

    def __init__(self, display: str) -> None:
        self._xlib = _xlib()
        self._connection = self._xlib.XOpenDisplay(display.encode())
        if not self._connection:
            raise RuntimeError(f"cannot open the display {display}")
        screen = self._xlib.XDefaultScreen(self._connection)
        self._root = self._xlib.XDefaultRootWindow(self._connection)
        self._size = (
            self._xlib.XDisplayWidth(self._connection, screen),
            self._xlib.XDisplayHeight(self._connection, screen),
        )

    def close(self) -> None:
        if self._connection:
            self._xlib.XCloseDisplay(self._connection)
            self._connection = None

    def pixels(self) -> np.ndarray:
        """The screen as rows of 32-bit pixels (a copy)."""
        width, height = self._size
        image = self._xlib.XGetImage(
            self._connection, self._root, 0, 0, width, height, ALL_PLANES, Z_PIXMAP
        )
        if not image:
            raise RuntimeError("XGetImage of the root window failed")
        try:
            header = image.contents
            assert header.bits_per_pixel == 32, header.bits_per_pixel
            data = ctypes.string_at(header.data, header.bytes_per_line * header.height)
            rows = np.frombuffer(data, dtype=np.uint32).reshape(header.height, -1)
            return rows[:, : header.width].copy()
        finally:
            self._xlib.XDestroyImage(image)

    def settle(
        self,
        changed_from: np.ndarray | None = None,
        *,
        still: float = 0.5,
        timeout: float = 60.0,
        what: str = "the screen",
    ) -> np.ndarray:
        """Wait until the screen differs from ``changed_from`` (when given) by more than
        a few pixels and has then stayed so for ``still`` seconds: what an action drew
        is drawn. Returns the screen."""
        deadline = time.monotonic() + timeout
        last = self.pixels()
        since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.pixels()
            if changed(last, now):
                last, since = now, time.monotonic()
                continue
            moved = changed_from is None or changed(changed_from, now)
            if moved and time.monotonic() - since >= still:
                return now
        change = "change and " if changed_from is not None else ""
        raise AssertionError(f"{what} did not {change}settle within {timeout:.0f} s")


def changed(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape != b.shape or int(np.count_nonzero(a != b)) > CHANGED_PIXELS
