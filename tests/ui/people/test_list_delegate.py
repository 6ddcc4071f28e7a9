"""The people list's own painter (``ui/people/list_delegate.py``) draws every cell as
Qt's delegate would, pixel for pixel, and without asking the model for roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QStyledItemDelegate, QTableView

from relapp.domain.model import PersonRow
from relapp.ui.people.list_delegate import PeopleListDelegate
from relapp.ui.people.list_table import people_table, use_people_model
from relapp.ui.people_model import PeopleListModel

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
NAMES = [
    "Ada Lovelace",
    "Łukasz Sato",
    "Émile Ågren",
    "José Naidoo",
    "Zoë Brontë-Ørsted",
    "Ngô Bảo Châu",  # letters past Latin Extended: left to Qt
    "王小明",  # another font: left to Qt
    "Ἀριστοτέλης",
    "A name far too long to fit in the name column of the list, which Qt elides",
    "",
    "Quentin Fernández-Llewellyn of the Long Organisation Names",
    "O'Brien, Siobhán",
    "ffi fl ligatures office",
    "Ahmed \u0639\u0644\u064a",  # right-to-left letters: left to Qt
]


def rows() -> list[PersonRow]:
    made = []
    for n in range(60):
        name = NAMES[n % len(NAMES)] + ("" if n < len(NAMES) else f" {n}")
        organisation = ["Acme", "", "Ünïcødé GmbH & Co. KG, Zweigstelle Nord"][n % 3]
        when = None if n % 4 == 0 else NOW - timedelta(days=n * 7, hours=n)
        made.append(PersonRow(n + 1, name, organisation, when))
    return made


def table(qtbot, font_size: int | None = None) -> tuple[QTableView, PeopleListModel]:
    found = {row.id: row for row in rows()}
    model = PeopleListModel(lambda ids: {i: found[i] for i in ids if i in found})
    model.now = lambda: NOW
    model.set_ids(list(found), found)
    view = people_table(24)
    if font_size is not None:
        font = QFont(view.font())
        font.setPointSize(font_size)
        view.setFont(font)
    use_people_model(view, model)
    qtbot.addWidget(view)
    view.resize(520, 900)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def painted(view: QTableView) -> QImage:
    viewport = view.viewport()
    return viewport.grab().toImage()


@pytest.mark.parametrize("font_size", [None, 13])
def test_the_list_paints_the_same_pixels_as_qts_delegate(qtbot, font_size) -> None:
    view, model = table(qtbot, font_size)
    assert isinstance(view.itemDelegate(), PeopleListDelegate)
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        model.index(3, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    ours = painted(view)
    view.setItemDelegate(QStyledItemDelegate(view))
    qts = painted(view)
    assert ours.size() == qts.size()
    different = [
        (x, y)
        for y in range(0, qts.height())
        for x in range(0, qts.width())
        if ours.pixel(x, y) != qts.pixel(x, y)
    ]
    assert different == []


def test_a_plain_cell_is_painted_without_asking_the_model_for_roles(qtbot) -> None:
    view, model = table(qtbot)
    asked: list[int] = []
    real = model.multiData

    def counted(index, roles) -> None:
        asked.append(index.row())
        real(index, roles)

    model.multiData = counted  # type: ignore[method-assign]
    view.viewport().repaint()
    shown = view.rowAt(view.viewport().height() - 1) + 1
    assert shown > 20
    # Only the cells left to Qt: letters another font draws ("Ngô Bảo Châu", "王小明",
    # "Ἀριστοτέλης", right-to-left), each in its name column.
    assert len(asked) < shown // 2, asked
    assert model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "Ada Lovelace"
