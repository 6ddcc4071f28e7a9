"""Which names the network view can show at each zoom level without them overlapping.

Labels sit to the right of their node and keep their size on screen while the view
zooms, so zoomed out there is room for few of them and zoomed in for all. For each of
a few zoom levels, labels are placed greedily in order of importance (you first, then
the best linked people), each on the first free side of its node (right, left, below,
above); one that would cover a label already placed, or a node, is left out.
Computed once per layout, off the GUI thread; zooming then only switches between sets.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

GAP = 4.0  # pixels between a node and its label


def zoom_levels(fit_scale: float, *, steps: int = 18, factor: float = 1.25) -> np.ndarray:
    """View scales (pixels per scene unit) from the whole graph on screen, zooming in."""
    return fit_scale * factor ** np.arange(-1, steps - 1, dtype=float)


class Side(enum.IntEnum):
    """Where a name goes beside its node, in the order they are tried."""

    RIGHT = 0
    LEFT = 1
    BELOW = 2
    ABOVE = 3


@dataclass(frozen=True)
class LabelLevel:
    """The names shown at one zoom level, and on which side of their node."""

    shown: np.ndarray  # bool per node
    side: np.ndarray  # a Side per node (meaningful where shown)


def label_levels(
    positions: np.ndarray,
    widths: np.ndarray,
    height: float,
    order: np.ndarray,
    scales: Sequence[float] | np.ndarray,
    node_radius: np.ndarray | float,
) -> list[LabelLevel]:
    """For each scale, the labels shown at that scale and where.

    ``positions`` are node centres in scene units; ``widths`` and ``height`` label sizes
    in pixels; ``node_radius`` in scene units; ``order`` node indices, most important
    first. A label may sit right, left, below or above its node, whichever is free
    first; it never covers another label or another node."""
    radius = np.broadcast_to(np.asarray(node_radius, float), (len(positions),))
    levels: list[LabelLevel] = []
    for scale in scales:
        levels.append(_place(positions * scale, radius * scale, widths, height, order))
        if levels[-1].shown.all():
            levels.extend(levels[-1] for _ in range(len(scales) - len(levels)))
            break
    return levels


def _candidates(
    x: float, y: float, r: float, w: float, h: float
) -> list[tuple[float, float, float, float]]:
    """(left, right, top, bottom) of a label of size w x h on each side of a node."""
    return [
        (x + r + GAP, x + r + GAP + w, y - h / 2, y + h / 2),
        (x - r - GAP - w, x - r - GAP, y - h / 2, y + h / 2),
        (x - w / 2, x + w / 2, y + r + 1, y + r + 1 + h),
        (x - w / 2, x + w / 2, y - r - 1 - h, y - r - 1),
    ]


class _Grid:
    """Rectangles filed by the grid cells they touch, to find overlaps quickly."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        x0, x1, y0, y1 = box
        c = self.cell
        return [
            (cx, cy)
            for cx in range(int(x0 // c), int(x1 // c) + 1)
            for cy in range(int(y0 // c), int(y1 // c) + 1)
        ]

    def free(self, box: tuple[float, float, float, float], ignore: object = None) -> bool:
        x0, x1, y0, y1 = box
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if other is ignore:
                    continue
                if x0 < other[1] and other[0] < x1 and y0 < other[3] and other[2] < y1:
                    return False
        return True

    def add(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)


def _place(
    screen: np.ndarray, radius_px: np.ndarray, widths: np.ndarray, height: float, order: np.ndarray
) -> LabelLevel:
    count = len(screen)
    shown = np.zeros(count, bool)
    side = np.zeros(count, np.int8)
    cell = max(float(np.median(widths)) if count else 1.0, height, 1.0)
    grid = _Grid(cell)
    xs, ys = screen[:, 0].tolist(), screen[:, 1].tolist()
    rs = np.maximum(radius_px, 1.5).tolist()
    discs = [(xs[i] - rs[i], xs[i] + rs[i], ys[i] - rs[i], ys[i] + rs[i]) for i in range(count)]
    for disc in discs:
        grid.add(disc)
    ws = widths.tolist()
    for node in order.tolist():
        for index, box in enumerate(_candidates(xs[node], ys[node], rs[node], ws[node], height)):
            if grid.free(box, ignore=discs[node]):
                grid.add(box)
                shown[node] = True
                side[node] = index
                break
    return LabelLevel(shown, side)
