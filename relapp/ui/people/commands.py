"""The people commands: new, edit and archive a person; log, edit and delete an entry
of their history. Each opens its dialog over the window, pushes an undo step and
announces what changed (``window.announce``). The undo steps (and the write services
they bring) are imported when a command first runs, not at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QStatusBar, QWidget

from relapp.domain.errors import NotFound
from relapp.domain.i18n import _
from relapp.storage import Database
from relapp.ui.shell import DialogExtension
from relapp.ui.tasks import TaskRunner
from relapp.ui.window_menus import make_action

if TYPE_CHECKING:
    from relapp.domain.changes import Changes


class CommandWindow(Protocol):
    """What the commands use of the main window (also the parent of their dialogs and
    the context of their undo steps)."""

    db: Database
    runner: TaskRunner
    undo_stack: QUndoStack
    dialog_extensions: list[DialogExtension]
    mergeRequested: SignalInstance

    def announce(self, changes: Changes, select: int | None = None) -> None: ...

    def report_error(self, error: BaseException) -> None: ...

    def select_person(self, person_id: int) -> None: ...

    def statusBar(self) -> QStatusBar: ...


class PeopleCommands(QObject):
    def __init__(self, window: CommandWindow) -> None:
        super().__init__()
        self.window = window

    def new_person(self, name: str = "") -> None:
        from relapp.services import people  # on use: not before the first paint

        window = self.window
        from relapp.ui import undo_commands
        from relapp.ui.person_dialog import PersonDialog  # with the duplicate guard: on use

        dialog = PersonDialog(window.db, window.runner, None, window, initial_name=name)
        if not dialog.exec():
            if dialog.outcome == "open" and dialog.chosen_existing_id is not None:
                window.select_person(dialog.chosen_existing_id)
            return
        if dialog.outcome == "open" and dialog.chosen_existing_id is not None:
            window.select_person(dialog.chosen_existing_id)
        elif dialog.outcome == "merged" and dialog.chosen_existing_id is not None:
            window.announce(
                people.changes((dialog.chosen_existing_id,), tags=True),
                dialog.chosen_existing_id,
            )
            window.statusBar().showMessage(
                _("Added the new details to the person you already know"), 5000
            )
        elif dialog.person is not None:
            person = dialog.person
            window.undo_stack.push(
                undo_commands.person_added(window, person.id, person.display_name)
            )
            window.announce(people.changes((person.id,), tags=True), person.id)
            window.statusBar().showMessage(_("Added {name}").format(name=person.display_name), 4000)

    def edit_person(self, person_id: int | None) -> None:
        from relapp.services import people  # on use: not before the first paint

        window = self.window
        from relapp.ui import undo_commands

        if person_id is None:
            return
        before = people.get_person(window.db, person_id)
        from relapp.ui.person_dialog import PersonDialog

        dialog = PersonDialog(window.db, window.runner, before, window)
        accepted = dialog.exec()
        if dialog.outcome == "merge" and dialog.chosen_existing_id is not None:
            window.mergeRequested.emit(person_id, dialog.chosen_existing_id)
        elif dialog.outcome == "open" and dialog.chosen_existing_id is not None:
            window.select_person(dialog.chosen_existing_id)
        elif accepted and dialog.person is not None:
            after = dialog.person
            window.undo_stack.push(
                undo_commands.person_edited(window, person_id, before.draft(), after.draft())
            )
            window.announce(people.changes((person_id,), tags=True), person_id)

    def toggle_archive(self, person_id: int | None) -> None:
        from relapp.services import people  # on use: not before the first paint

        window = self.window
        from relapp.ui import undo_commands

        if person_id is None:
            return
        person = people.get_person(window.db, person_id)
        if person.archived:
            window.undo_stack.push(
                undo_commands.DataCommand(
                    window,
                    _("Unarchive {name}").format(name=person.display_name),
                    lambda db: people.unarchive_person(db, person_id),
                    lambda db: people.archive_person(db, person_id),
                    (person_id,),
                    already_done=False,
                )
            )
            window.statusBar().showMessage(
                _("{name} is back in your list").format(name=person.display_name), 5000
            )
            return
        window.undo_stack.push(undo_commands.archive_person(window, person_id, person.display_name))
        window.statusBar().showMessage(
            _("Archived {name}. Press Ctrl+Z to undo.").format(name=person.display_name), 8000
        )

    def log_interaction(self, person_id: int | None) -> None:
        window = self.window
        from relapp.ui import undo_commands

        if person_id is None:
            return
        from relapp.services.logbook import Logged  # with the promises code: on first use
        from relapp.ui.interaction_dialog import InteractionDialog  # imported on first use

        dialog = InteractionDialog(
            window.db,
            window.runner,
            (person_id,),
            None,
            window,
            extensions=window.dialog_extensions,
        )
        if dialog.exec() and dialog.interaction is not None:
            logged = dialog.logged or Logged(dialog.interaction)  # with its promise, if any
            window.undo_stack.push(undo_commands.interaction_logged(window, logged))
            window.announce(logged.changes)

    def edit_interaction(self, interaction_id: int) -> None:
        from relapp.services import interactions  # on use: not before the first paint

        window = self.window
        from relapp.ui import undo_commands

        try:
            before = interactions.get_interaction(window.db, interaction_id)
        except NotFound as exc:
            window.report_error(exc)
            return
        from relapp.services.logbook import Logged  # with the promises code: on first use
        from relapp.ui.interaction_dialog import InteractionDialog

        dialog = InteractionDialog(
            window.db,
            window.runner,
            before.person_ids,
            before,
            window,
            extensions=window.dialog_extensions,
        )
        if dialog.exec() and dialog.interaction is not None:
            edited = dialog.logged or Logged(dialog.interaction)  # with its promise, if any
            command = undo_commands.interaction_edited(window, before.draft(), edited)
            window.undo_stack.push(command)
            window.announce(command.changes)

    def delete_interaction(self, interaction_id: int) -> None:
        from relapp.services import interactions  # on use: not before the first paint

        window = self.window
        from relapp.ui import undo_commands

        try:
            gone = interactions.get_interaction(window.db, interaction_id)
        except NotFound as exc:
            window.report_error(exc)
            return
        window.undo_stack.push(undo_commands.delete_interaction(window, gone))
        window.statusBar().showMessage(_("Deleted the entry. Press Ctrl+Z to undo."), 8000)

    # --- their actions (the window puts them in its menus and toolbar) ------------------
    def build_actions(self, parent: QWidget, current: Callable[[], int | None]) -> None:
        """New, Log, Edit, Archive; the last three act on ``current()`` and start
        disabled (the window enables them while someone is selected)."""
        self.new_action = make_action(
            parent,
            _("&New Person…"),
            lambda: self.new_person(),
            QKeySequence.StandardKey.New,
            "person-add",
            _("Add someone you know"),
        )
        self.log_action = make_action(
            parent,
            _("&Log Interaction…"),
            lambda: self.log_interaction(current()),
            "Ctrl+L",
            "log-interaction",
            _("Log a call, email or meeting"),
        )
        self.edit_action = make_action(
            parent, _("&Edit Person…"), lambda: self.edit_person(current()), "Ctrl+E"
        )
        self.archive_action = make_action(
            parent,
            _("&Archive Person"),
            lambda: self.toggle_archive(current()),
            "Ctrl+Shift+Del",
            "archive",
        )
        for action in self.person_actions:
            action.setEnabled(False)

    @property
    def person_actions(self) -> tuple[QAction, ...]:
        """The actions on the selected person."""
        return (self.log_action, self.edit_action, self.archive_action)
