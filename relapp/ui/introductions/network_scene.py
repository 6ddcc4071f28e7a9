"""The network as a QGraphicsScene that stays smooth at thousands of people.

Nothing here is drawn by Python code while you pan or zoom: arrows and nodes are path
items, one per tile of the map (about TILE_ITEMS arrows or nodes each) and kind of
node, built from numpy arrays in one call each, so only the tiles in view are drawn;
names are Qt's own text items, cached as pixmaps. Which names show depends on the zoom
level (``NetworkPicture.labels``); only switching level runs Python, and arrowheads too
small to see are hidden when zoomed out.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from relapp.domain.network_labels import Side
from relapp.services.network import NetworkPicture, label_text
from relapp.ui import theme
from relapp.ui.introductions.qpaths import circles_path, lines_path, triangles_path
from relapp.ui.theme import colours
from relapp.ui.widgets import refguard

UNIT = 48.0  # scene units per layout unit (the ideal link length)
ARROW_LENGTH = 0.22 * UNIT
ARROW_WIDTH = 0.16 * UNIT
LABEL_GAP = 3.0  # pixels between a node and its name
MIN_ARROW_PX = 3.0  # arrowheads shorter than this on screen are not drawn

# Colours: theme.colours.NETWORK_*, read when a scene is built (a new scheme builds anew).

Z_EDGES, Z_NODES, Z_MARKS, Z_LABELS = 0, 1, 2, 3
TILE_ITEMS = 20


def _tiles(points: np.ndarray, count: int) -> np.ndarray:
    """A tile number per point on a ``count`` x ``count`` grid over the points."""
    if count <= 1 or len(points) == 0:
        return np.zeros(len(points), np.int64)
    low = points.min(0)
    span = np.maximum(points.max(0) - low, 1e-9)
    cell = np.minimum((points - low) / span * count, count - 1).astype(np.int64)
    return cell[:, 0] * count + cell[:, 1]


class NetworkScene(QGraphicsScene):
    """Draws a ``NetworkPicture``. ``set_view_scale`` picks the names to show."""

    def __init__(self, picture: NetworkPicture, font: QFont, parent=None) -> None:
        super().__init__(parent)
        self.picture = picture
        self.font = QFont(font)
        self.points = picture.positions * UNIT
        self.radius = picture.radius * UNIT
        graph = picture.graph
        self.you = graph.index_of(None)
        self.introducers = np.zeros(graph.size, bool)
        self.introducers[graph.src] = True
        self._labels: dict[int, QGraphicsRectItem] = {}
        self._sides = np.full(graph.size, -1, np.int64)  # where each shown name sits
        self._shown = np.zeros(graph.size, bool)
        self._forced: set[int] = set()
        self._level = -1
        self._metrics = QFontMetricsF(self.font)
        self._widths: np.ndarray | None = None
        self._arrowheads: list[QGraphicsPathItem] = []
        self._arrowheads_shown = True
        # Tiles of about TILE_ITEMS arrows or nodes each: zoomed in, only the few tiles in
        # view are drawn.
        tile_count = int(
            np.clip(round(math.sqrt(max(graph.size, graph.edge_count) / TILE_ITEMS)), 1, 32)
        )
        refguard.reserve(40 * tile_count * tile_count)
        self._add_edges(tile_count)
        self._add_nodes(tile_count)
        self._add_marks()
        rect = self.nodes_rect()
        margin = max(rect.width(), rect.height(), 6 * UNIT)  # room to pan past the edges
        self.setSceneRect(rect.adjusted(-margin, -margin, margin, margin))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    def nodes_rect(self) -> QRectF:
        """The rectangle the nodes take (scene units)."""
        if not len(self.points):
            return QRectF(-UNIT, -UNIT, 2 * UNIT, 2 * UNIT)
        low = (self.points - self.radius[:, None]).min(0).tolist()
        high = (self.points + self.radius[:, None]).max(0).tolist()
        return QRectF(low[0], low[1], high[0] - low[0], high[1] - low[1])

    # --- building ------------------------------------------------------------------
    def _tile(self, item: QGraphicsItem, z: int) -> QGraphicsItem:
        """A tile is drawn straight from its path (no pixmap cache): measured, caching
        big paths costs more when zooming (every cache is redrawn) than it saves when
        panning (Qt scrolls what is on screen and draws only the strip that comes in)."""
        item.setZValue(z)
        self.addItem(item)
        return item

    def _add_edges(self, tile_count: int) -> None:
        graph = self.picture.graph
        if graph.edge_count == 0:
            return
        src, dst = graph.src.astype(np.int64), graph.dst.astype(np.int64)
        start, end = self.points[src], self.points[dst]
        delta = end - start
        length = np.sqrt((delta**2).sum(1))
        ok = length > self.radius[src] + self.radius[dst] + 1e-6
        src, dst, start, end = src[ok], dst[ok], start[ok], end[ok]
        delta, length = delta[ok], length[ok][:, None]
        unit = delta / length
        normal = np.stack([-unit[:, 1], unit[:, 0]], 1)
        tail = start + unit * self.radius[src][:, None]
        tip = end - unit * self.radius[dst][:, None]
        base = tip - unit * ARROW_LENGTH
        line_end = np.where(
            (length[:, 0] > self.radius[src] + self.radius[dst] + ARROW_LENGTH)[:, None],
            base,
            tip,
        )
        tiles = _tiles((start + end) / 2, tile_count)
        edge = theme.colour(colours.NETWORK_EDGE)
        pen = QPen(edge, 1.0)  # 1 px cosmetic: the raster engine's fast line path
        pen.setCosmetic(True)
        arrow_brush = QBrush(edge.darker(115) if not theme.is_dark() else edge.lighter(115))
        for tile in np.unique(tiles).tolist():
            mine = tiles == tile
            lines = QGraphicsPathItem(lines_path(tail[mine], line_end[mine]))
            lines.setPen(pen)
            self._tile(lines, Z_EDGES)
            half = normal[mine] * (ARROW_WIDTH / 2)
            heads = QGraphicsPathItem(
                triangles_path(tip[mine], base[mine] + half, base[mine] - half)
            )
            heads.setPen(QPen(Qt.PenStyle.NoPen))
            heads.setBrush(arrow_brush)
            self._tile(heads, Z_EDGES)
            self._arrowheads.append(heads)

    def _add_nodes(self, tile_count: int) -> None:
        graph = self.picture.graph
        kind = np.where(self.introducers, 1, 2)
        if self.you is not None:
            kind[self.you] = 0
        tiles = _tiles(self.points, tile_count)
        outline = QPen(theme.colour(colours.NETWORK_OUTLINE), 1.0)
        outline.setCosmetic(True)
        kinds = (colours.NETWORK_YOU, colours.NETWORK_INTRODUCER, colours.NETWORK_PERSON)
        for which, pair in enumerate(kinds):
            colour = theme.colour(pair)
            for tile in np.unique(tiles[kind == which]).tolist():
                mine = (kind == which) & (tiles == tile)
                item = QGraphicsPathItem(circles_path(self.points[mine], self.radius[mine]))
                item.setPen(outline)
                item.setBrush(QBrush(colour))
                self._tile(item, Z_NODES)
        if graph.center != self.you and graph.size:
            ring = self._ring(graph.center, theme.colour(colours.NETWORK_CENTRE), 3.0)
            ring.show()

    def _ring(self, node: int, colour: QColor, width: float) -> QGraphicsEllipseItem:
        ring = QGraphicsEllipseItem()
        pen = QPen(colour, width)
        pen.setCosmetic(True)
        ring.setPen(pen)
        ring.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        ring.setZValue(Z_MARKS)
        self.addItem(ring)
        self._place_ring(ring, node)
        ring.hide()
        return ring

    def _place_ring(self, ring: QGraphicsEllipseItem, node: int) -> None:
        x, y = self.points[node].tolist()
        r = float(self.radius[node]) * 1.6
        ring.setRect(QRectF(x - r, y - r, 2 * r, 2 * r))

    def _add_marks(self) -> None:
        highlight, hover = (
            theme.colour(colours.NETWORK_HIGHLIGHT),
            theme.colour(colours.NETWORK_HOVER),
        )
        self.highlight_ring = self._ring(0, highlight, 3.0) if len(self.points) else None
        self.hover_ring = self._ring(0, hover, 1.5) if len(self.points) else None
        self.path_item = QGraphicsPathItem()
        pen = QPen(theme.colour(colours.NETWORK_PATH), 4.0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.path_item.setPen(pen)
        self.path_item.setZValue(Z_MARKS)
        self.addItem(self.path_item)

    # --- names -----------------------------------------------------------------------
    def _label(self, node: int) -> QGraphicsRectItem:
        label = self._labels.get(node)
        if label is not None:
            return label
        text = QGraphicsSimpleTextItem(label_text(self.picture.graph.names[node]))
        text.setFont(self.font)
        text.setBrush(QBrush(theme.colour(colours.NETWORK_LABEL)))
        box = text.boundingRect()
        back = QGraphicsRectItem(QRectF(0, 0, box.width() + 4, box.height()))
        back.setPen(QPen(Qt.PenStyle.NoPen))
        back.setBrush(QBrush(theme.colour(colours.NETWORK_LABEL_BACK)))
        text.setParentItem(back)
        text.setPos(2, 0)
        back.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        back.setZValue(Z_LABELS + (1 if node == self.you else 0))
        back.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.addItem(back)
        self._labels[node] = back
        return back

    def _place_label(self, node: int, side: int) -> None:
        """Put a name on one side of its node: the anchor is on the node's edge (scene
        units), the offset from it in pixels (the label ignores the zoom)."""
        label = self._label(node)
        if self._sides[node] == side:
            return
        self._sides[node] = side
        x, y = self.points[node].tolist()
        r = float(self.radius[node])
        w, h = label.rect().width(), label.rect().height()
        anchor, offset = {
            Side.RIGHT: ((x + r, y), (LABEL_GAP, -h / 2)),
            Side.LEFT: ((x - r, y), (-LABEL_GAP - w, -h / 2)),
            Side.BELOW: ((x, y + r), (-w / 2, 1)),
            Side.ABOVE: ((x, y - r), (-w / 2, -1 - h)),
        }[Side(side)]
        label.setPos(QPointF(*anchor))
        label.setTransform(QTransform.fromTranslate(*offset))

    def set_view_scale(self, scale: float) -> bool:
        """Show the names that fit at ``scale`` (view pixels per scene unit); True when
        the set changed."""
        self._show_arrowheads(scale * ARROW_LENGTH >= MIN_ARROW_PX)
        if not self.picture.labels:
            return False
        level = self.picture.level_for(scale * UNIT)
        if level == self._level:
            return False
        self._level = level
        self._apply_labels()
        return True

    def _show_arrowheads(self, shown: bool) -> None:
        """Arrowheads smaller than a few pixels are noise: they go when zoomed out."""
        if shown == self._arrowheads_shown:
            return
        self._arrowheads_shown = shown
        refguard.reserve(2 * len(self._arrowheads))
        for item in self._arrowheads:
            item.setVisible(shown)

    def arrowheads_shown(self) -> bool:
        return self._arrowheads_shown

    def _apply_labels(self) -> None:
        level = self.picture.labels[self._level]
        wanted = level.shown.copy()
        sides = level.side.astype(np.int64)
        for node in self._forced:
            wanted[node] = True
        if self.you is not None:
            wanted[self.you] = True
        side = np.where(level.shown, sides, Side.RIGHT)
        show = np.flatnonzero(wanted & (~self._shown | (side != self._sides)))
        hide = np.flatnonzero(self._shown & ~wanted)
        refguard.reserve(12 * (len(show) + len(hide)))
        for node in hide.tolist():
            self._labels[node].hide()
        for node in show.tolist():
            self._place_label(node, int(side[node]))
            self._labels[node].show()
        self._shown = wanted

    def force_labels(self, nodes: set[int]) -> None:
        """Names shown whatever the zoom (the highlighted node, a path)."""
        self._forced = set(nodes)
        if self._level >= 0:
            self._apply_labels()

    def shown_labels(self) -> list[int]:
        return np.flatnonzero(self._shown).tolist()

    def overhang(self, scale: float) -> tuple[float, float, float, float]:
        """How far (pixels) the names shown at ``scale`` stick out beyond the nodes'
        rectangle: left, right, top, bottom. Used to fit the whole map in view."""
        if not self.picture.labels or not len(self.points):
            return (0.0, 0.0, 0.0, 0.0)
        level = self.picture.labels[self.picture.level_for(scale * UNIT)]
        shown = level.shown.copy()
        if self.you is not None:
            shown[self.you] = True
        nodes = np.flatnonzero(shown)
        if self._widths is None:
            self._widths = np.array(
                [
                    self._metrics.horizontalAdvance(label_text(n)) + 4
                    for n in self.picture.graph.names
                ]
            )
        w, h = self._widths[nodes], self._metrics.height()
        x, y = self.points[nodes, 0] * scale, self.points[nodes, 1] * scale
        r = self.radius[nodes] * scale
        side = np.where(level.shown[nodes], level.side[nodes], Side.RIGHT)
        left = np.select(
            [side == Side.RIGHT, side == Side.LEFT],
            [x + r + LABEL_GAP, x - r - LABEL_GAP - w],
            x - w / 2,
        )
        top = np.select(
            [side == Side.BELOW, side == Side.ABOVE], [y + r + 1, y - r - 1 - h], y - h / 2
        )
        rect = self.nodes_rect()
        return (
            max(0.0, rect.left() * scale - float(left.min())),
            max(0.0, float((left + w).max()) - rect.right() * scale),
            max(0.0, rect.top() * scale - float(top.min())),
            max(0.0, float((top + h).max()) - rect.bottom() * scale),
        )

    # --- finding and marking ----------------------------------------------------------
    def node_at(self, pos: QPointF, tolerance: float) -> int | None:
        """The node under ``pos`` (scene units), within ``tolerance`` beyond its edge."""
        if not len(self.points):
            return None
        d2 = ((self.points - (pos.x(), pos.y())) ** 2).sum(1)
        node = int(np.argmin(d2))
        reach = float(self.radius[node]) + tolerance
        return node if d2[node] <= reach * reach else None

    def node_pos(self, node: int) -> QPointF:
        x, y = self.points[node].tolist()
        return QPointF(x, y)

    def highlight(self, node: int | None) -> None:
        if self.highlight_ring is None:
            return
        if node is None:
            self.highlight_ring.hide()
            return
        self._place_ring(self.highlight_ring, node)
        self.highlight_ring.show()

    def hover(self, node: int | None) -> None:
        if self.hover_ring is None:
            return
        if node is None:
            self.hover_ring.hide()
            return
        self._place_ring(self.hover_ring, node)
        self.hover_ring.show()

    def show_path(self, nodes: list[int]) -> None:
        """Draw a warm path through ``nodes`` (indices of this scene)."""
        path = QPainterPath()
        for i, node in enumerate(nodes):
            point = self.node_pos(node)
            if i == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        self.path_item.setPath(path)
