"""Table models whose cells a paint asks for in one call each.

While a task runs Python on the worker (planning an import, a capture, a sync), each
call Qt makes into Python on the GUI thread has to take the interpreter lock back from
the worker first, so a repaint costs the window in proportion to how often it enters
Python, not only to its own work. Qt's delegate asks a cell for seven roles per paint,
and its ``index()`` asks ``rowCount`` and ``columnCount`` each time: about ten entries
a cell, over a thousand for a screen of the people list (issue 18). ``OneCallCells``
answers the seven roles in one ``multiData`` call and makes an index in one call.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QModelRoleDataSpan, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex


class OneCallCells:
    """Mixed in before ``QAbstractTableModel`` by a flat table model (no children)."""

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        model: Any = self
        if parent.isValid() or not (
            0 <= row < model.rowCount() and 0 <= column < model.columnCount()
        ):
            return QModelIndex()
        return model.createIndex(row, column)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:
        """Every role asked of ``index`` at once, each answered by ``data()``."""
        model: Any = self
        for role_data in roles:
            value = model.data(index, role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)
