"""Item views that are not repainted when their window gains or loses the focus, unless
that changes their colours.

Qt's item views repaint their whole viewport, and their headers, whenever the window is
activated or deactivated (``QAbstractItemView::viewportEvent``), because a selected row
is drawn in the palette's Inactive colours while the window is not active; and a view
with the keyboard focus repaints it all again when the focus leaves with the window and
comes back. Every dialog opened over the window, and every one closed, is such a change;
an import opens and closes five (two progress dialogs, the preview). A repaint of a view
over a Python model asks it for every cell on screen, and while a task runs Python on the
worker each of those calls waits for the interpreter lock (issue 18: the people list's
repaint as the import's progress dialog opened was the longest gap at the start of
planning).

Relapp's own palettes (and Fusion's) draw both groups alike, so nothing on screen would
change but the current row's focus: the events are not passed on to the view and its
parts, and only the current row is repainted. Under a palette whose Inactive colours
differ (a desktop's, with a grey inactive selection), the view is repainted as Qt would.
"""

from __future__ import annotations

from PySide6 import QtCore  # QtCore.Qt on use, not at import (relapp/ui/qt_values.py)
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTableView

_ACTIVATION = (QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate)
_FOCUS = (QEvent.Type.FocusIn, QEvent.Type.FocusOut)


class _SkipSameColourRepaint(QObject):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVATION:
            return self._same_colours()
        if (
            kind in _FOCUS
            and isinstance(event, QFocusEvent)
            and event.reason() == QtCore.Qt.FocusReason.ActiveWindowFocusReason
            and self._same_colours()
        ):
            self._repaint_current_row()
            return True
        return False

    def _same_colours(self) -> bool:
        palette = self.view.palette()
        return palette.isEqual(QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)

    def _repaint_current_row(self) -> None:
        """What the focus changes: the current row's focus frame (and the view's own
        frame, drawn without the model)."""
        view = self.view
        view.update()
        current = view.currentIndex()
        if not current.isValid():
            return
        cell = view.visualRect(current)
        if isinstance(view, QTableView):
            cell = QRect(0, cell.top(), view.viewport().width(), cell.height())
        view.viewport().update(cell)


def repaint_only_for_new_colours(view: QAbstractItemView) -> None:
    """Repaint ``view`` when its window is (de)activated only where that changes how it
    looks (see the module's text)."""
    view.installEventFilter(_SkipSameColourRepaint(view))
