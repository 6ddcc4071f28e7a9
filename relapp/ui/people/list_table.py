"""The people list's table, built in two steps so that the window's first paint needs
neither Python nor the ``Qt`` namespace (``relapp/ui/qt_values.py``).

A table view, not a tree view: on every new result a QTreeView asks the model about
each row (300,000 Python calls for 100,000 people, 0.76 s); a table view asks only
about the rows on screen (7 ms). ``people_table`` makes the view over a model of the
column names alone: the first paint shows the header and no rows (the list is read
after it). The people's model itself names its columns through ``headerData`` (which
screen readers ask for), and Qt hands that a ``Qt.Orientation``: PySide would make the
``Qt`` namespace's 93 enums for it, so ``use_people_model`` sets it, with sorting by the
header (whose first ``sort`` hands the model a ``Qt.SortOrder``), after the first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from relapp.domain.i18n import _
from relapp.domain.timefmt import DAY, ago
from relapp.ui.people_model import PeopleListModel
from relapp.ui.qt_values import ALIGN_LEFT, ALIGN_VCENTER, set_qt_property


def people_table(row_height: int) -> QTableView:
    """The table, laid out, over the column names alone (``use_people_model``)."""
    view = QTableView()
    view.setAccessibleName(_("People"))
    view.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
    names = QStandardItemModel(0, len(PeopleListModel.HEADERS), view)
    names.setHorizontalHeaderLabels(PeopleListModel.labels())
    view.setModel(names)  # as many columns as the people's: the sections below stay
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setCornerButtonEnabled(False)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(row_height)
    columns = view.horizontalHeader()
    columns.setHighlightSections(False)
    set_qt_property(columns, "defaultAlignment", ALIGN_LEFT | ALIGN_VCENTER)
    columns.setStretchLastSection(False)
    columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    columns.resizeSection(1, 120)
    # Wide enough for the longest "last contact" words in the language in use.
    longest = view.fontMetrics().horizontalAdvance(ago(330 * DAY))
    columns.resizeSection(2, max(100, longest + 12))
    return view


def use_people_model(view: QTableView, model: PeopleListModel) -> None:
    """The people's model in the table, painted by the list's own delegate (its plain
    cells: ``list_delegate``), sorted by name as the list is (the indicator, then
    sorting by the header, which sorts the model by the indicator at once)."""
    from PySide6.QtCore import Qt  # after the first paint (see the module's text)

    from relapp.ui.people.list_delegate import PeopleListDelegate

    view.setModel(model)
    view.setItemDelegate(PeopleListDelegate(model, view))
    view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
