"""The people list's keys between its parts: Down from the search box to the people
(or to the hits in "In your notes" when nobody matches), Down from the last person to
the hits, Up from the first person to the box, and Up from the first hit to the last
person. Mixed into ``PeopleListPanel`` (its ``search``, ``view``, ``model`` and hits).
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore  # QtCore.Qt on use, not at import (relapp/ui/qt_values.py)
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent


class ListKeys:
    search: Any
    view: Any
    model: Any
    hits: Any

    def _hit_count(self) -> int:
        raise NotImplementedError

    def _up_from_hits(self) -> None:
        if self.view.isVisible() and self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))
        else:
            self.search.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the search box to the people (or the hits when nobody matches);
        Down from the last person to the hits; Up from the first person to the box."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)  # type: ignore[misc]
        key, rows, keys = event.key(), self.model.rowCount(), QtCore.Qt.Key  # (qt_values)
        if watched is self.search and key == keys.Key_Down:
            if rows and self.view.isVisible():
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(self.model.index(0, 0))
                return True
            if self._hit_count():
                self.hits.enter(0)
                return True
        elif watched is self.view and rows:
            row = self.view.currentIndex().row()
            if key == keys.Key_Down and row == rows - 1 and self._hit_count():
                self.hits.enter(0)
                return True
            if key == keys.Key_Up and row == 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)  # type: ignore[misc]
