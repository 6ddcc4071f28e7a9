"""Big QPainterPaths built from numpy arrays in one call.

Adding thousands of lines or circles one ``lineTo`` at a time is slow in Python, and on
PySide6 6.12 with Python 3.11 every such call also drops a reference to None (see
``relapp.ui.widgets.refguard``). Instead the path is written in QDataStream's format
(element count, then type, x, y for each element, then the current subpath start and the
fill rule) and read back in one go.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, Qt
from PySide6.QtGui import QPainterPath

_MOVE, _LINE, _CURVE, _CURVE_DATA = 0, 1, 2, 3
_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
_KAPPA = 4 * (math.sqrt(2) - 1) / 3  # control-point distance of a quarter circle


def _path(elements: np.ndarray, subpath_start: int, fill: Qt.FillRule) -> QPainterPath:
    path = QPainterPath()
    if elements.size == 0:
        return path
    head = np.array([elements.size], ">i4").tobytes()
    tail = np.array([subpath_start, fill.value], ">i4").tobytes()
    stream = QDataStream(QByteArray(head + elements.tobytes() + tail))
    stream >> path
    return path


def lines_path(start: np.ndarray, end: np.ndarray) -> QPainterPath:
    """Separate straight lines from ``start[i]`` to ``end[i]`` ((n, 2) arrays)."""
    n = len(start)
    elements = np.zeros(2 * n, _ELEMENT)
    elements["type"][1::2] = _LINE
    elements["x"][0::2], elements["y"][0::2] = start[:, 0], start[:, 1]
    elements["x"][1::2], elements["y"][1::2] = end[:, 0], end[:, 1]
    return _path(elements, max(0, 2 * n - 2), Qt.FillRule.OddEvenFill)


def triangles_path(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> QPainterPath:
    """Closed triangles with corners ``a[i]``, ``b[i]``, ``c[i]``."""
    n = len(a)
    elements = np.zeros(4 * n, _ELEMENT)
    elements["type"] = _LINE
    elements["type"][0::4] = _MOVE
    for offset, corner in enumerate((a, b, c, a)):
        elements["x"][offset::4], elements["y"][offset::4] = corner[:, 0], corner[:, 1]
    return _path(elements, max(0, 4 * n - 4), Qt.FillRule.WindingFill)


def circles_path(center: np.ndarray, radius: np.ndarray | float) -> QPainterPath:
    """Circles as four cubic Bézier quarters each (as ``addEllipse`` makes them)."""
    n = len(center)
    r = np.broadcast_to(np.asarray(radius, float), (n,))
    k = _KAPPA * r
    cx, cy = center[:, 0], center[:, 1]
    # Start at the right; quarters go down, left, up and back (Qt's y axis points down).
    points = [
        (cx + r, cy),
        (cx + r, cy + k), (cx + k, cy + r), (cx, cy + r),
        (cx - k, cy + r), (cx - r, cy + k), (cx - r, cy),
        (cx - r, cy - k), (cx - k, cy - r), (cx, cy - r),
        (cx + k, cy - r), (cx + r, cy - k), (cx + r, cy),
    ]  # fmt: skip
    elements = np.zeros(13 * n, _ELEMENT)
    kinds = [_MOVE] + [_CURVE, _CURVE_DATA, _CURVE_DATA] * 4
    for offset, ((x, y), kind) in enumerate(zip(points, kinds, strict=True)):
        elements["type"][offset::13] = kind
        elements["x"][offset::13], elements["y"][offset::13] = x, y
    return _path(elements, max(0, 13 * n - 13), Qt.FillRule.WindingFill)
