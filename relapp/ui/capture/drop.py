"""Dropping mail, calendar or chat archives on the window starts a capture.

An event filter beside the vCard import's (``ui/importing/drop.py``), installed after
it so it sees a drag first: it takes a drop only when every dropped local file or folder
is a history archive (by its content: ``services.capture.sources.detect``), and leaves
anything else (vCards, a mix) to the import. A drop is always a copy; the files are only
read, after the drop has returned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from relapp.services.capture import sources


def local_paths(mime: QMimeData) -> list[str]:
    found: list[str] = []
    for url in mime.urls() if mime.hasUrls() else ():
        if not url.isLocalFile():
            return []  # something from the web: not an archive on this machine
        path = url.toLocalFile()
        if path not in found:
            found.append(path)
    return found


class CaptureDrop(QObject):
    def __init__(
        self,
        widgets: tuple[QWidget, ...],
        on_archives: Callable[[list[str]], None],
    ) -> None:
        super().__init__(widgets[0])
        self.widgets = widgets
        self._on_archives = on_archives
        self._known: tuple[tuple[str, ...], list[str]] = ((), [])

    def install(self) -> None:
        for widget in self.widgets:
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)

    def archives(self, mime: QMimeData) -> list[str]:
        """The dropped paths when all are archives, else [] (remembered per drag: a
        drag moves many times over the window)."""
        paths = tuple(local_paths(mime))
        if paths != self._known[0]:
            found = list(paths) if paths and all(_is_archive(p) for p in paths) else []
            self._known = (paths, found)
        return self._known[1]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent | QDragMoveEvent
        ):
            if not self.archives(event.mimeData()):
                return False
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            found = self.archives(event.mimeData())
            if not found:
                return False
            event.setDropAction(Qt.DropAction.CopyAction)  # never a move
            event.accept()
            QTimer.singleShot(0, lambda: self._on_archives(found))
            return True
        return False


def _is_archive(name: str) -> bool:
    return sources.detect(Path(name)) is not None
