"""Dropping vCard files on the window (import them) or on a person's page (add the cards
to that person), with a highlight that shows where the drop will land.

A drop is always a copy: the action is set to ``Qt.CopyAction`` before it is accepted,
so the program the files come from never deletes them, and the files are only read.
Only local ``.vcf``/``.vcard`` files, folders (their vCard files, read on the worker; a
folder is imported, never added to the person under it) and vCard data dragged out of
another program are taken; dragging anything else over the window shows why it is not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget

from relapp.domain.i18n import _, ngettext
from relapp.services.importing.folders import is_vcard_name

VCARD_MIME_TYPES = ("text/vcard", "text/x-vcard", "text/directory")


def _takes(url: QUrl) -> bool:
    """A local vCard file, or a folder (the vCard files in it are read on the worker;
    a folder the capture takes, a Maildir, never reaches this filter)."""
    if not url.isLocalFile():
        return False
    path = url.toLocalFile()
    return is_vcard_name(path) or os.path.isdir(path)


def vcard_files(mime: QMimeData) -> list[str]:
    """Local vCard files and folders among dropped URLs, in order, each once."""
    found: list[str] = []
    for url in mime.urls() if mime.hasUrls() else ():
        if _takes(url) and url.toLocalFile() not in found:
            found.append(url.toLocalFile())
    return found


def other_files(mime: QMimeData) -> list[str]:
    return [
        Path(url.toLocalFile()).name or url.toString()
        for url in (mime.urls() if mime.hasUrls() else ())
        if not _takes(url)
    ]


def vcard_data(mime: QMimeData) -> bytes:
    """vCard text dragged out of another program (no file), if any."""
    for kind in VCARD_MIME_TYPES:
        if mime.hasFormat(kind):
            return bytes(mime.data(kind).data())
    return b""


class DropOverlay(QWidget):
    """A translucent highlight with a dashed border and a caption, over a widget."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.caption = ""
        self.hide()

    def show_over(self, target: QWidget, caption: str) -> None:
        parent = self.parentWidget()
        assert parent is not None
        top_left = target.mapTo(parent, target.rect().topLeft())
        self.setGeometry(QRect(top_left, target.size()))
        self.caption = caption
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.palette().highlight().color()
        fill = QColor(accent)
        fill.setAlpha(40)
        painter.fillRect(self.rect(), fill)
        pen = QPen(accent, 3, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(4, 4, -5, -5), 10, 10)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        text_width = min(metrics.horizontalAdvance(self.caption) + 40, self.width() - 40)
        box = QRect(0, 0, max(text_width, 80), metrics.height() + 24)
        box.moveCenter(self.rect().center())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().base())
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(self.palette().text().color())
        caption = metrics.elidedText(self.caption, Qt.TextElideMode.ElideMiddle, box.width() - 20)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, caption)
        painter.end()


OnFiles = Callable[[list[str]], None]
OnData = Callable[[bytes], None]
OnPersonFiles = Callable[[list[str], int], None]


class DropHandler(QObject):
    """Event filter for the main window and the person page.

    Over the window, a drop imports the files (``on_files``); over the page of a person,
    it adds the cards to that person (``on_person_files``). ``caption_for_person(id)``
    names the person for the highlight.
    """

    def __init__(
        self,
        window: QWidget,
        page: QWidget,
        *,
        on_files: OnFiles,
        on_data: OnData,
        on_person_files: OnPersonFiles,
        current_person: Callable[[], tuple[int, str] | None],
        tell: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.page = page
        self._on_files = on_files
        self._on_data = on_data
        self._on_person_files = on_person_files
        self._current_person = current_person
        self._tell = tell
        self.overlay = DropOverlay(window)

    def install(self) -> None:
        for widget in (self.window, self.page):
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)

    def _person_target(self, watched: QObject, files: list[str]) -> tuple[int, str] | None:
        """The person the files would be added to: the page's, unless a folder is among
        them (a folder is a whole address book, imported)."""
        if not all(is_vcard_name(f) for f in files):  # a folder among them
            return None
        if watched is self.page and self.page.isVisible():
            return self._current_person()
        return None

    def _caption(self, mime: QMimeData, watched: QObject) -> str | None:
        files = vcard_files(mime)
        data = vcard_data(mime) if not files else b""
        if not files and not data:
            return None
        person = self._person_target(watched, files)
        if person is not None:
            return _("Drop to add to {name}").format(name=person[1])
        if data:
            return _("Drop to import this contact")
        if len(files) == 1:
            return _("Drop to import {file}").format(file=Path(files[0]).name)
        return ngettext(
            "Drop to import {n} vCard file", "Drop to import {n} vCard files", len(files)
        ).format(n=len(files))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent | QDragMoveEvent
        ):
            caption = self._caption(event.mimeData(), watched)
            if caption is None:
                if kind == QEvent.Type.DragEnter and event.mimeData().hasUrls():
                    self._tell(_("Only vCard files (.vcf) can be dropped here to import them."))
                self.overlay.hide()
                return False
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            files = vcard_files(event.mimeData())
            target = self.page if self._person_target(watched, files) is not None else self.window
            area = target if target is self.page else self._window_area()
            self.overlay.show_over(area, caption)
            return True
        if kind == QEvent.Type.DragLeave:
            self.overlay.hide()
            return False
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            return self._drop(watched, event)
        return False

    def _window_area(self) -> QWidget:
        central = getattr(self.window, "centralWidget", None)
        widget = central() if callable(central) else None
        return widget if isinstance(widget, QWidget) else self.window

    def _drop(self, watched: QObject, event: QDropEvent) -> bool:
        self.overlay.hide()
        mime = event.mimeData()
        files = vcard_files(mime)
        data = vcard_data(mime) if not files else b""
        if not files and not data:
            return False
        event.setDropAction(Qt.DropAction.CopyAction)  # never a move: the files stay
        event.accept()
        ignored = other_files(mime)
        if ignored:
            self._tell(
                _("Left out what is not a vCard file: {files}").format(files=", ".join(ignored[:3]))
            )
        person = self._person_target(watched, files)
        # Handled once the drop has returned: the source program is not kept waiting.
        if person is not None and files:
            QTimer.singleShot(0, lambda: self._on_person_files(files, person[0]))
        elif files:
            QTimer.singleShot(0, lambda: self._on_files(files))
        else:
            QTimer.singleShot(0, lambda: self._on_data(data))
        return True
