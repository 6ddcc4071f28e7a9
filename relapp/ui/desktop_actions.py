"""The desktop file's actions, New Person and Log Interaction: ``relapp --new-person``
and ``relapp --log``, run by this launch or handed by a later one to the running Relapp
(``SingleInstance.commandReceived``). Each brings the window forward first."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from relapp.domain.i18n import N_, _
from relapp.ui.main_window import MainWindow

NEW_PERSON, LOG = "new-person", "log"
FIND_FIRST = N_("Find the person, then press Ctrl+L to log what passed between you.")


def run(window: MainWindow, command: str) -> None:
    """Carry out ``command`` once the window is in front (after the event that asked)."""
    window.bring_forward()
    if command == NEW_PERSON:
        QTimer.singleShot(0, lambda: window.commands.new_person())
    elif command == LOG:
        QTimer.singleShot(0, lambda: log_interaction(window))


def log_interaction(window: MainWindow) -> None:
    """The log dialog for the person selected, else the search box to find them."""
    person_id = window.current_person_id()
    if person_id is not None:
        window.commands.log_interaction(person_id)
        return
    window.people_list.focus_search()
    window.statusBar().showMessage(_(FIND_FIRST), 10_000)
