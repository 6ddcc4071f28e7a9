"""Who introduced whom, installed through the shell.

``install(shell)`` adds the brief on top of every person page, the "Introductions"
section, Person ▸ Record Introduction… (Ctrl+Shift+I), View ▸ Network (Ctrl+Shift+N,
created when first opened), and the brief beside an outbound contact being logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from relapp.domain.changes import Changes
from relapp.domain.i18n import N_, _
from relapp.domain.introductions import Introduction, describe
from relapp.domain.model import Direction, Person
from relapp.services import introductions, people
from relapp.ui import undo_commands
from relapp.ui.brief.panel import BriefPanel
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.introductions import undo
from relapp.ui.introductions.dialog import IntroductionDialog, person_creator
from relapp.ui.introductions.section import IntroductionsSection
from relapp.ui.shell import Shell

if TYPE_CHECKING:
    from relapp.ui.introductions.network_page import NetworkPage


def install(shell: Shell) -> IntroductionsFeature:
    return IntroductionsFeature(shell)


def brief_in_dialog(dialog: InteractionDialog) -> None:
    """The brief beside a new contact being logged, while it goes from you to them."""
    if dialog.original is not None:
        return
    panel = BriefPanel(
        dialog.db, dialog.runner, columns=1, title=N_("Before you reach out"), links=False
    )
    dialog.extras.addWidget(panel)
    dialog.brief_panel = panel  # type: ignore[attr-defined]
    panel.show_person(dialog.main_id)

    def follow() -> None:
        panel.setVisible(dialog.direction() is Direction.OUTBOUND)

    dialog.changed.connect(follow)
    follow()


class IntroductionsFeature(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.network_page: NetworkPage | None = None
        db, runner = shell.db, shell.runner

        self.brief = BriefPanel(db, runner, settings=shell.settings)
        shell.add_top_section(self.brief)
        # Never an empty frame: hidden until the first brief arrives; after that a new
        # one replaces the old only when it is ready (a save never blanks it).
        self.brief.hide()
        self.brief.loaded.connect(lambda _brief: self.brief.show())
        self.brief.openPersonRequested.connect(shell.open_person)

        self.section = IntroductionsSection(db, runner)
        shell.add_detail_section(_("Introductions"), self.section)
        self.section.openPersonRequested.connect(shell.open_person)
        self.section.recordRequested.connect(self.record)
        self.section.editRequested.connect(self.edit)
        self.section.deleteRequested.connect(self.delete)
        self.section.introducersRequested.connect(self.who_can_introduce)
        shell.personShown.connect(self._person_shown)

        self.record_action = QAction(_("Record &Introduction…"), shell.widget)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.record_action.setStatusTip(_("Who introduced you to whom, or whom you introduced"))
        self.record_action.triggered.connect(lambda: self.record(shell.current_person_id()))
        shell.add_actions("person", self.record_action, separate=True)

        self.network_action = QAction(_("&Network"), shell.widget)
        self.network_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.network_action.setStatusTip(_("Who introduced whom, as a map with you in the middle"))
        self.network_action.triggered.connect(self.open_network)
        shell.add_actions("view", self.network_action)

        shell.add_dialog_extension(brief_in_dialog)
        shell.changed.connect(self._changed)

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
        shell = self.shell

        def created(person: Person) -> None:
            shell.undo_stack.push(undo_commands.person_added(shell, person.id, person.display_name))
            shell.announce(people.changes((person.id,), tags=True))

        return person_creator(shell.db, shell.runner, created)

    def record(self, person_id: int | None = None) -> Introduction | None:
        shell = self.shell
        dialog = IntroductionDialog(
            shell.db, shell.runner, shell.widget, person_id=person_id, creator=self._creator()
        )
        if not dialog.exec() or dialog.introduction is None:
            return None
        intro = dialog.introduction
        shell.undo_stack.push(undo.recorded(shell, intro))
        shell.announce(introductions.changes(intro.people()))
        names = introductions.names_of(shell.db, intro)
        shell.tell(_("Recorded: {introduction}").format(introduction=describe(intro, names)), 6000)
        return intro

    def edit(self, intro: Introduction) -> None:
        shell = self.shell
        before_channel = undo.channel_of(shell.db, intro)
        dialog = IntroductionDialog(
            shell.db, shell.runner, shell.widget, introduction=intro, creator=self._creator()
        )
        if not dialog.exec() or dialog.introduction is None:
            return
        after = dialog.introduction
        shell.undo_stack.push(
            undo.edited(shell, intro, after, before_channel, undo.channel_of(shell.db, after))
        )
        shell.announce(introductions.changes((*intro.people(), *after.people())))

    def delete(self, intro: Introduction) -> None:
        shell = self.shell
        shell.undo_stack.push(undo.deleted(shell, intro))
        shell.tell(_("Deleted the introduction. Press Ctrl+Z to undo."), 8000)

    def open_network(self) -> NetworkPage:
        if self.network_page is None:
            from relapp.ui.introductions.network_page import NetworkPage

            self.network_page = NetworkPage(self.shell.db, self.shell.runner)
            self.network_page.openPersonRequested.connect(self.shell.open_person)
            self.shell.add_right_page(self.network_page)
        self.shell.show_right_page(self.network_page)
        self.network_page.view.setFocus()
        return self.network_page

    def who_can_introduce(self, person_id: int) -> None:
        page = self.open_network()
        person = self.shell.shown_person
        page.find_introducers(person_id, person.display_name if person else "")
