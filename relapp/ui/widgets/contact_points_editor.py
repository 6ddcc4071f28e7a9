"""An editable list of a person's emails, phones, links, addresses and handles.

Each row is a kind, a label (home, work, mobile, ... or anything typed) and a value.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.contact_labels import label_key, label_text
from relapp.domain.i18n import N_, _
from relapp.domain.model import ContactKind, ContactPoint

_LABELS = {
    ContactKind.EMAIL: ("home", "work", "other"),
    ContactKind.PHONE: ("mobile", "home", "work", "other"),
    ContactKind.URL: ("home", "work", "blog", "other"),
    ContactKind.ADDRESS: ("home", "work", "other"),
    ContactKind.SOCIAL: ("linkedin", "mastodon", "other"),
}
_PLACEHOLDERS = {
    ContactKind.EMAIL: "name@example.com",
    ContactKind.PHONE: "+1 415 555 0100",
    ContactKind.URL: "https://example.com",
    ContactKind.ADDRESS: N_("street, city, country"),
    ContactKind.SOCIAL: "@handle",
}


class ContactRow(QWidget):
    """One email, phone, link, address or handle: kind, label, value, remove."""

    changed = Signal()

    def __init__(self, kind: ContactKind, value: str = "", label: str = "") -> None:
        super().__init__()
        self.kind_combo = QComboBox()
        for each in ContactKind:
            self.kind_combo.addItem(each.label, each)
        self.kind_combo.setAccessibleName(_("Kind"))
        self.label_combo = QComboBox()
        self.label_combo.setEditable(True)
        self.label_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_combo.setAccessibleName(_("Label"))
        self.label_combo.setMinimumContentsLength(8)
        self.value_edit = QLineEdit(value)
        self.value_edit.setAccessibleName(_("Value"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.label_combo)
        layout.addWidget(self.value_edit, 1)
        layout.addWidget(self.remove_button)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self._kind_changed()
        self.label_combo.setEditText(label_text(label))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.kind_combo.currentIndexChanged.connect(self.changed)
        self.value_edit.textChanged.connect(self.changed)

    def kind(self) -> ContactKind:
        return ContactKind(self.kind_combo.currentData())

    def point(self) -> ContactPoint:
        return ContactPoint(
            self.kind(), self.value_edit.text().strip(), label_key(self.label_combo.currentText())
        )

    def _kind_changed(self) -> None:
        text = self.label_combo.currentText()
        self.label_combo.clear()
        self.label_combo.addItems([label_text(key) for key in _LABELS[self.kind()]])
        self.label_combo.setEditText(text)
        self.value_edit.setPlaceholderText(_(_PLACEHOLDERS[self.kind()]))


class ContactPointsEditor(QWidget):
    """A small editable list of contact rows with "Add email/phone/other" buttons."""

    changed = Signal()  # a value or kind changed, or a row went
    rowsChanged = Signal()  # a row was added or removed (tab order)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ContactRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_email_button = QPushButton(_("Add &email"))
        self.add_phone_button = QPushButton(_("Add &phone"))
        self.add_other_button = QPushButton(_("Add ot&her"))
        self.add_other_button.setToolTip(_("A web site, an address or a social handle"))
        buttons = QHBoxLayout()
        for button, kind in (
            (self.add_email_button, ContactKind.EMAIL),
            (self.add_phone_button, ContactKind.PHONE),
            (self.add_other_button, ContactKind.URL),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, kind=kind: self.add_row(kind))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        layout.addLayout(buttons)

    def add_row(
        self, kind: ContactKind, value: str = "", label: str = "", *, focus: bool = True
    ) -> ContactRow:
        row = ContactRow(kind, value, label)
        row.changed.connect(self.changed)
        row.remove_button.clicked.connect(lambda: self.remove_row(row))
        self._rows_layout.addWidget(row)
        self.rows.append(row)
        self.rowsChanged.emit()
        if focus:
            row.value_edit.setFocus()
        return row

    def remove_row(self, row: ContactRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.rowsChanged.emit()
        self.changed.emit()

    def set_points(self, points: Sequence[ContactPoint]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for point in points:
            self.add_row(point.kind, point.value, point.label, focus=False)

    def points(self) -> tuple[ContactPoint, ...]:
        """The filled-in rows, in order."""
        return tuple(p for p in (row.point() for row in self.rows) if p.value)

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for row in self.rows:
            chain += [row.kind_combo, row.label_combo, row.value_edit, row.remove_button]
        return [*chain, self.add_email_button, self.add_phone_button, self.add_other_button]
