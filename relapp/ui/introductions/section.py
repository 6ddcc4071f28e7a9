"""The person page's "Introductions" section: who introduced them to you, whom they
introduced you to, whom you introduced them to, and introductions they made among your
contacts. Every name opens that person; each row has a menu to edit or delete it."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import day_text
from relapp.domain.i18n import N_, _
from relapp.domain.introductions import Introduction, Related
from relapp.services.introductions import IntroductionsView, introductions_of
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets import refguard
from relapp.ui.widgets.flow_layout import FlowLayout
from relapp.ui.widgets.plain_label import plain_label
from relapp.ui.widgets.user_text import PersonLink

_keys = itertools.count(1)

# (group, heading); {name} is the person whose page it is.
GROUPS = (
    ("introduced_to_you_by", N_("Introduced to you by")),
    ("introduced_you_to", N_("Introduced you to")),
    ("you_introduced_them_to", N_("You introduced them to")),
    ("they_introduced", N_("Introductions they made")),
    ("introduced_to_others", N_("Others introduced them to")),
)


def _heading(text: str) -> QLabel:
    label = plain_label(text, wrap=False, selectable=False)
    theme.set_style(label, "color: $muted; margin-top: 4px;")
    return label


class IntroductionsSection(QWidget):
    """Follows the page's person; emits what the user wants done."""

    openPersonRequested = Signal(int)
    recordRequested = Signal(int)  # for this person
    editRequested = Signal(object)  # an Introduction
    deleteRequested = Signal(object)  # an Introduction
    introducersRequested = Signal(int)  # "who can introduce me?" for this person
    loaded = Signal()

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._key = f"introductions-section-{next(_keys)}"
        self.person_id: int | None = None
        self.view: IntroductionsView | None = None
        self.links: list[PersonLink] = []

        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(1)
        self.empty = plain_label(_("No introductions recorded yet."), selectable=False)
        theme.set_style(self.empty, "color: $muted;")
        self.record_button = QPushButton(_("Record introduction…"))
        self.record_button.setToolTip(
            _("Who introduced you, or whom they introduced (Ctrl+Shift+I)")
        )
        self.record_button.clicked.connect(self._record)
        self.introducers_button = QPushButton(_("Who can introduce me?"))
        self.introducers_button.setToolTip(_("Warm paths to this person through people you know"))
        self.introducers_button.clicked.connect(self._introducers)
        buttons_box = QWidget()
        buttons = FlowLayout(buttons_box, spacing=6)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.introducers_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.empty)
        layout.addLayout(self.rows)
        layout.addSpacing(4)
        layout.addWidget(buttons_box)

    def show_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        if person_id is None:
            return
        db = self._db
        self._runner.submit(
            lambda: introductions_of(db, person_id),
            lambda view: self._arrived(person_id, view),
            lambda _error: None,
            key=self._key,
        )

    def _arrived(self, person_id: int, view: IntroductionsView) -> None:
        if person_id == self.person_id:
            self.set_view(view)

    def set_view(self, view: IntroductionsView) -> None:
        refguard.reserve(2000)
        self.view = view
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.links = []
        relations = view.relations
        self.empty.setVisible(not relations)
        for group, heading in GROUPS:
            related: tuple[Related, ...] = getattr(relations, group)
            if not related:
                continue
            self.rows.addWidget(_heading(_(heading)))
            for item in related:
                self.rows.addWidget(self._row(group, item, view))
        self.loaded.emit()

    def _row(self, group: str, related: Related, view: IntroductionsView) -> QWidget:
        """Names (each a link) and a menu; when and where below, wrapped."""
        row = QWidget()
        names_box = QWidget()
        flow = FlowLayout(names_box, spacing=4)
        joiner = {"they_introduced": "to", "introduced_to_others": "by"}.get(group)
        for index, pid in enumerate(related.people):
            if index and joiner:
                flow.addWidget(plain_label(joiner, wrap=False, selectable=False))
            link = PersonLink(pid, view.names.get(pid, _("someone")))
            link.clicked.connect(lambda _=False, p=pid: self.openPersonRequested.emit(p))
            self.links.append(link)
            flow.addWidget(link)
        more = QToolButton()
        more.setText("⋯")
        more.setAutoRaise(True)
        more.setToolTip(_("Edit or delete this introduction"))
        names = ", ".join(view.names.get(pid, _("someone")) for pid in related.people)
        more.setAccessibleName(_("Edit or delete the introduction: {names}").format(names=names))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setStyleSheet("QToolButton::menu-indicator { image: none; }")  # "⋯" says it
        menu = QMenu(more)
        intro = related.introduction
        menu.addAction(_("Edit…"), lambda: self.editRequested.emit(intro))
        menu.addAction(_("Delete"), lambda: self.deleteRequested.emit(intro))
        more.setMenu(menu)
        flow.addWidget(more)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(8, 0, 0, 2)
        layout.setSpacing(0)
        layout.addWidget(names_box)
        details = self._details(related.introduction)
        if details:
            detail = plain_label(details, selectable=False)
            theme.set_style(detail, "color: $muted;")
            layout.addWidget(detail)
        return row

    @staticmethod
    def _details(intro: Introduction) -> str:
        parts = []
        if intro.occurred_on is not None:
            parts.append(day_text(intro.occurred_on))
        if intro.context:
            parts.append(intro.context)
        return " · ".join(parts)

    def link_names(self) -> list[str]:
        return [link.name for link in self.links]

    def _record(self) -> None:
        if self.person_id is not None:
            self.recordRequested.emit(self.person_id)

    def _introducers(self) -> None:
        if self.person_id is not None:
            self.introducersRequested.emit(self.person_id)
