"""Who introduced whom, installed into the main window.

``install(window)`` adds the brief on top of every person page, the "Introductions"
section, Person ▸ Record Introduction… (Ctrl+Shift+I), View ▸ Network (Ctrl+Shift+N,
created when first opened), and the brief beside an outbound contact being logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from relapp.domain.changes import Changes
from relapp.domain.introductions import Introduction, describe
from relapp.domain.model import Direction, Person
from relapp.services import introductions
from relapp.ui import undo_commands
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.introductions import undo
from relapp.ui.introductions.brief_panel import BriefPanel
from relapp.ui.introductions.dialog import IntroductionDialog, person_creator
from relapp.ui.introductions.section import IntroductionsSection

if TYPE_CHECKING:
    from relapp.ui.introductions.network_page import NetworkPage
    from relapp.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    IntroductionsFeature(window)


def feature_of(window: QWidget) -> IntroductionsFeature | None:
    return window.findChild(IntroductionsFeature, IntroductionsFeature.NAME)


def brief_in_dialog(dialog: InteractionDialog) -> None:
    """The brief beside a new contact being logged, while it goes from you to them."""
    if dialog.original is not None:
        return
    panel = BriefPanel(
        dialog.db, dialog.runner, columns=1, title="Before you reach out", links=False
    )
    dialog.extras.addWidget(panel)
    dialog.brief_panel = panel  # type: ignore[attr-defined]
    panel.show_person(dialog.main_id)

    def follow() -> None:
        panel.setVisible(dialog.direction() is Direction.OUTBOUND)

    dialog.changed.connect(follow)
    follow()


class IntroductionsFeature(QObject):
    NAME = "introductions-feature"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName(self.NAME)
        self.window = window
        self.network_page: NetworkPage | None = None
        db, runner, page = window.db, window.runner, window.page

        self.brief = BriefPanel(db, runner, settings=window.settings)
        page.add_top_section(self.brief)
        # Never an empty frame: hidden until the first brief arrives; after that a new
        # one replaces the old only when it is ready (a save never blanks it).
        self.brief.hide()
        self.brief.loaded.connect(lambda _brief: self.brief.show())
        self.brief.openPersonRequested.connect(window.open_person)

        self.section = IntroductionsSection(db, runner)
        page.add_detail_section("Introductions", self.section)
        self.section.openPersonRequested.connect(window.open_person)
        self.section.recordRequested.connect(self.record)
        self.section.editRequested.connect(self.edit)
        self.section.deleteRequested.connect(self.delete)
        self.section.introducersRequested.connect(self.who_can_introduce)
        page.personShown.connect(self._person_shown)

        self.record_action = QAction("Record &Introduction…", window)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.record_action.setStatusTip("Who introduced you to whom, or whom you introduced")
        self.record_action.triggered.connect(lambda: self.record(window.current_person_id()))
        window.menus["person"].addSeparator()
        window.menus["person"].addAction(self.record_action)

        self.network_action = QAction("&Network", window)
        self.network_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.network_action.setStatusTip("Who introduced whom, as a map with you in the middle")
        self.network_action.triggered.connect(self.open_network)
        window.menus["view"].addAction(self.network_action)

        if brief_in_dialog not in InteractionDialog.extensions:
            InteractionDialog.extensions.append(brief_in_dialog)
        window.changed.connect(self._changed)

    # --- following the window ----------------------------------------------------------
    def _person_shown(self, person: Person) -> None:
        self.brief.show_person(person.id)
        self.section.show_person(person.id)

    def _changed(self, changes: Changes) -> None:
        """The network shows introductions and people's names."""
        if not (changes.introductions or changes.persons or changes.everyone):
            return
        if self.network_page is not None:
            self.network_page.mark_stale()

    # --- commands ----------------------------------------------------------------------
    def _creator(self):  # type: ignore[no-untyped-def]
        window = self.window

        def created(person: Person) -> None:
            window.undo_stack.push(
                undo_commands.person_added(window, person.id, person.display_name)
            )
            window.data_changed((person.id,))

        return person_creator(window.db, window.runner, created)

    def record(self, person_id: int | None = None) -> Introduction | None:
        window = self.window
        dialog = IntroductionDialog(
            window.db, window.runner, window, person_id=person_id, creator=self._creator()
        )
        if not dialog.exec() or dialog.introduction is None:
            return None
        intro = dialog.introduction
        window.undo_stack.push(undo.recorded(window, intro))
        window.data_changed(intro.people())
        names = introductions.names_of(window.db, intro)
        window.statusBar().showMessage(f"Recorded: {describe(intro, names)}", 6000)
        return intro

    def edit(self, intro: Introduction) -> None:
        window = self.window
        before_channel = undo.channel_of(window.db, intro)
        dialog = IntroductionDialog(
            window.db, window.runner, window, introduction=intro, creator=self._creator()
        )
        if not dialog.exec() or dialog.introduction is None:
            return
        after = dialog.introduction
        window.undo_stack.push(
            undo.edited(window, intro, after, before_channel, undo.channel_of(window.db, after))
        )
        window.data_changed(tuple(dict.fromkeys((*intro.people(), *after.people()))))

    def delete(self, intro: Introduction) -> None:
        window = self.window
        window.undo_stack.push(undo.deleted(window, intro))
        window.statusBar().showMessage("Deleted the introduction. Press Ctrl+Z to undo.", 8000)

    def open_network(self) -> NetworkPage:
        if self.network_page is None:
            from relapp.ui.introductions.network_page import NetworkPage

            self.network_page = NetworkPage(self.window.db, self.window.runner)
            self.network_page.openPersonRequested.connect(self.window.open_person)
            self.window.add_right_page(self.network_page)
        self.window.show_right_page(self.network_page)
        self.network_page.view.setFocus()
        return self.network_page

    def who_can_introduce(self, person_id: int) -> None:
        page = self.open_network()
        name = self.window.page.person.display_name if self.window.page.person else ""
        page.find_introducers(person_id, name)
