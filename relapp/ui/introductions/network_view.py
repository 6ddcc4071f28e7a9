"""The view over the network scene: drag to pan, wheel to zoom, click a person to open
them, hover for their name and how you met. Python runs on input events only (a click,
a wheel step, a mouse move), never while Qt repaints."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QToolTip, QWidget

from relapp.ui import theme
from relapp.ui.introductions.network_scene import NetworkScene

MIN_SCALE = 0.002
MAX_SCALE = 8.0
CLICK_SLOP = 4  # pixels a press may move and still be a click
HOVER_PX = 6  # how close to a node the pointer must be
FIT_MARGIN = 16  # pixels around the map when it is fitted in view
FIT_MAX = 1.5  # a small network is not blown up beyond this
FAST_ZOOM_NODES = 1000  # maps this big zoom in a quicker, rougher drawing
SETTLE_MS = 180


class NetworkView(QGraphicsView):
    nodeClicked = Signal(int)  # node index in the scene's graph
    nodeMenuRequested = Signal(int, QPoint)  # node, global position
    scaleChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setBackgroundBrush(theme.colour(theme.colours.NETWORK_BACKGROUND))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._press: QPoint | None = None
        self._hovered: int | None = None
        # While the wheel turns on a big map, draw without antialiasing (about twice as
        # fast); once it rests, draw it properly again.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    def network_scene(self) -> NetworkScene | None:
        scene = self.scene()
        return scene if isinstance(scene, NetworkScene) else None

    def set_network_scene(self, scene: NetworkScene) -> None:
        old = self.scene()
        self.setScene(scene)
        if old is not None and old is not scene:
            old.deleteLater()
        self._hovered = None
        self.fit_all()

    # --- zoom ------------------------------------------------------------------------
    def current_scale(self) -> float:
        return self.transform().m11()

    def fit_all(self) -> None:
        """The whole map in view, names included."""
        scene = self.network_scene()
        if scene is None:
            return
        rect = scene.nodes_rect()
        view = self.viewport().size()
        scale = FIT_MAX
        for _ in range(3):  # the names shown depend on the scale, and the scale on them
            left, right, top, bottom = scene.overhang(scale)
            room_x = max(view.width() - 2 * FIT_MARGIN - left - right, 40)
            room_y = max(view.height() - 2 * FIT_MARGIN - top - bottom, 40)
            scale = min(room_x / max(rect.width(), 1.0), room_y / max(rect.height(), 1.0), FIT_MAX)
        left, right, top, bottom = scene.overhang(scale)
        self.resetTransform()
        self.scale(scale, scale)
        shift = QPointF((right - left) / 2 / scale, (bottom - top) / 2 / scale)
        self.centerOn(rect.center() + shift)
        self._scale_changed()

    def zoom_to(self, scale: float) -> None:
        scale = min(max(scale, MIN_SCALE), MAX_SCALE)
        factor = scale / self.current_scale()
        self.scale(factor, factor)
        self._scale_changed()

    def zoom_by(self, factor: float) -> None:
        scene = self.network_scene()
        if scene is not None and scene.picture.graph.size >= FAST_ZOOM_NODES:
            self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            self._settle.start()
        self.zoom_to(self.current_scale() * factor)

    def _settled(self) -> None:
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.viewport().update()

    def settling(self) -> bool:
        return self._settle.isActive()

    def center_on_node(self, node: int, *, at_least: float = 0.0) -> None:
        scene = self.network_scene()
        if scene is None:
            return
        if self.current_scale() < at_least:
            anchor = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_to(at_least)
            self.setTransformationAnchor(anchor)
        self.centerOn(scene.node_pos(node))

    def _scale_changed(self) -> None:
        scene = self.network_scene()
        if scene is not None:
            scene.set_view_scale(self.current_scale())
        self.scaleChanged.emit(self.current_scale())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.25**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_0:
            self.fit_all()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_changed()

    # --- pointing --------------------------------------------------------------------
    def node_under(self, pos: QPoint) -> int | None:
        scene = self.network_scene()
        if scene is None:
            return None
        return scene.node_at(self.mapToScene(pos), HOVER_PX / max(self.current_scale(), 1e-9))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (pos - press).manhattanLength() > CLICK_SLOP:
            return
        node = self.node_under(pos)
        if node is not None:
            self.nodeClicked.emit(node)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        self.hover_at(event.position().toPoint())

    def hover_at(self, pos: QPoint) -> None:
        scene = self.network_scene()
        node = self.node_under(pos)
        if scene is None or node == self._hovered:
            return
        self._hovered = node
        scene.hover(node)
        self.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if node is not None else Qt.CursorShape.OpenHandCursor
        )
        if node is None:
            QToolTip.hideText()
            return
        QToolTip.showText(self.viewport().mapToGlobal(pos), self.tooltip_for(node), self.viewport())

    def tooltip_for(self, node: int) -> str:
        """Name and how you met, escaped: tooltips are rich text."""
        scene = self.network_scene()
        if scene is None:
            return ""
        graph = scene.picture.graph
        if graph.ids[node] is None:
            return "<b>You</b>"
        text = f"<b>{html.escape(graph.names[node])}</b>"
        if graph.met_how[node]:
            text += f"<br>{html.escape(graph.met_how[node])}"
        return text + "<br><i>Click to open</i>"

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().leaveEvent(event)
        scene = self.network_scene()
        if scene is not None:
            scene.hover(None)
        self._hovered = None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        node = self.node_under(event.pos())
        if node is not None:
            self.nodeMenuRequested.emit(node, event.globalPos())
            event.accept()

    def scene_point(self, node: int) -> QPoint:
        """Where a node is in viewport pixels (tests click there)."""
        scene = self.network_scene()
        point = scene.node_pos(node) if scene is not None else QPointF()
        return self.mapFromScene(point)
