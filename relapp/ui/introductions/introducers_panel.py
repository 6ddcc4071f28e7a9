""" "Who can introduce me to X?": pick a person, get the warmest shortest paths to them
through people you know, each step with how they know the one before and your last
contact with them. Double-click a step to open that person."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.services.network import IntroducersView, StepView, who_can_introduce
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.introductions.single_picker import SinglePersonPicker
from relapp.ui.person_page import section_title
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.plain_label import plain_label

_keys = itertools.count(1)
_PERSON_ROLE = Qt.ItemDataRole.UserRole
_PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class IntroducersPanel(QWidget):
    openPersonRequested = Signal(int)
    pathChosen = Signal(object)  # tuple of person ids from the first step to the target
    loaded = Signal(object)  # the IntroducersView shown

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._key = f"introducers-{next(_keys)}"
        self.view: IntroducersView | None = None
        self.picker = SinglePersonPicker(db, runner, placeholder=_("Type the name of someone…"))
        self.picker.changed.connect(self._target_changed)
        self.direct = plain_label(selectable=False)
        theme.set_style(self.direct, "color: $muted;")
        self.direct.hide()
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.currentItemChanged.connect(lambda current, _old: self._chosen(current))
        self.tree.hide()
        self.status = plain_label(
            _("Choose a person to see who you know that knows them."), selectable=False
        )
        theme.set_style(self.status, "color: $muted;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(section_title(_("Who can introduce me to…")))
        layout.addWidget(self.picker)
        layout.addWidget(self.direct)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addStretch(0)

    def find_for(self, person_id: int, name: str) -> None:
        """Show the paths to ``person_id`` (also picks them in the field)."""
        self.picker.set_person(person_id, name)

    def _target_changed(self) -> None:
        person_id = self.picker.person_id()
        self.tree.clear()
        self.tree.hide()
        self.direct.hide()
        if person_id is None:
            self.view = None
            self.status.setText(_("Choose a person to see who you know that knows them."))
            self.status.show()
            return
        self.status.setText(_("Looking for warm paths…"))
        self.status.show()
        db = self._db
        self._runner.submit(
            lambda: who_can_introduce(db, person_id),
            lambda view: self._arrived(person_id, view),
            lambda error: self.status.setText(_("Could not look: {error}").format(error=error)),
            key=self._key,
        )

    def _arrived(self, person_id: int, view: IntroducersView) -> None:
        if person_id != self.picker.person_id():
            return
        self.view = view
        now = datetime.now(UTC)
        if view.direct:
            self.direct.setText(
                _("You know {name} yourself: {how}.").format(name=view.target_name, how=view.direct)
            )
            self.direct.show()
        if not view.paths:
            self.status.setText(
                _("Nobody you know is linked to {name} yet.").format(name=view.target_name)
            )
        else:
            self.status.hide()
        self.tree.clear()
        for number, path in enumerate(view.paths, 1):
            via = " → ".join(step.name for step in path[:-1])
            top = QTreeWidgetItem([_("{number}. via {names}").format(number=number, names=via)])
            top.setData(0, _PATH_ROLE, tuple(step.person_id for step in path))
            for step in path:
                child = QTreeWidgetItem([self._step_text(step, now)])
                child.setData(0, _PERSON_ROLE, step.person_id)
                child.setData(0, _PATH_ROLE, tuple(s.person_id for s in path))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.setVisible(bool(view.paths))
        self.loaded.emit(view)

    @staticmethod
    def _step_text(step: StepView, now: datetime) -> str:
        return f"{step.name}\n{step.how} · {step.last_contact_text(now)}"

    def path_texts(self) -> list[list[str]]:
        """What the list shows: per path, its steps' text."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out.append([top.child(j).text(0) for j in range(top.childCount())])
        return out

    def _double_clicked(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, _PERSON_ROLE)
        if person_id is not None:
            self.openPersonRequested.emit(int(person_id))

    def _chosen(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, _PATH_ROLE) is not None:
            self.pathChosen.emit(tuple(item.data(0, _PATH_ROLE)))
