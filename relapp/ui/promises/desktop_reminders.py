"""Reminders as desktop notifications with actions (``shell.notifications``).

One reminder is one note keyed by its promise (``promise-12``), so a later reminder of
the same promise updates the notification still shown instead of stacking another; a
summary of several is the one note ``promises-due``. Its actions: Open (also a click on
it), Done and Snooze 1 hour; a summary's only action shows what is due. What the user
picks comes back as intents, which the feature carries out through ``PromiseActions``
(the one writer, and the undo stack). Where no notification server answers, the
feature's fallback shows the reminder (the tray balloon, or a message in the window).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from relapp.domain.i18n import _
from relapp.services.promises import Announcement
from relapp.ui.notifications.note import OPEN, Note
from relapp.ui.notifications.transport import Notifications

SUMMARY_KEY = "promises-due"
OCCASIONS_KEY = "occasions"
RUNNING_KEY = "relapp-running"
DONE, SNOOZE, SHOW, QUIT = "done", "snooze", "show", "quit"


def key_of(announcement: Announcement) -> str:
    """One notification per promise; one for a summary of due promises; and birthday or
    anniversary notices (no promise ids) one per person, never in a promise's place."""
    if not announcement.promise_ids:
        return f"occasion-{announcement.person_id}" if announcement.person_id else OCCASIONS_KEY
    if len(announcement.promise_ids) == 1:
        return f"promise-{announcement.promise_ids[0]}"
    return SUMMARY_KEY


def note_for(announcement: Announcement) -> Note:
    """The note of a reminder, with the actions that fit it."""
    if len(announcement.promise_ids) == 1 and announcement.person_id is not None:
        actions = (
            (OPEN, _("Open")),
            ("open", _("Open")),
            (DONE, _("Done")),
            (SNOOZE, _("Snooze 1 hour")),
        )
    elif not announcement.promise_ids:  # a birthday or anniversary: nothing to mark done
        actions = (
            ((OPEN, _("Open")), ("open", _("Open")))
            if announcement.person_id
            else ((OPEN, _("Show Relapp")), (SHOW, _("Show Relapp")))
        )
    else:
        actions = ((OPEN, _("Show what is due")), (SHOW, _("Show what is due")))
    return Note(key_of(announcement), announcement.title, announcement.body, actions)


class DesktopReminders(QObject):
    """Sends reminders as notes and turns the actions picked on them into intents."""

    openPersonRequested = Signal(int)  # person id
    showDueRequested = Signal()
    showRequested = Signal()
    doneRequested = Signal(int)  # promise id
    snoozeRequested = Signal(int)
    quitRequested = Signal()

    def __init__(self, notifications: Notifications, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifications = notifications
        self.shown: dict[str, Announcement] = {}  # key -> the reminder it shows
        notifications.actionInvoked.connect(self._picked)
        notifications.closed.connect(self._closed)

    def notify(self, announcement: Announcement, fallback: Callable[[Announcement], None]) -> None:
        note = note_for(announcement)
        self.shown[note.key] = announcement
        self.notifications.show(note, lambda _note: fallback(announcement))

    def say_still_running(self, fallback: Callable[[], None]) -> None:
        """Relapp keeps running with its window closed: say how to come back and quit."""
        note = Note(
            RUNNING_KEY,
            _("Relapp is still running"),
            _(
                "Your reminders will arrive here on time. Start Relapp again to see its "
                "window; quit it with File ▸ Quit or with this notification's Quit button."
            ),
            ((OPEN, _("Show Relapp")), (SHOW, _("Show Relapp")), (QUIT, _("Quit Relapp"))),
        )
        self.notifications.show(note, lambda _note: fallback())

    def settle(self, open_ids: Iterable[int]) -> None:
        """Withdraw the notifications of promises no longer open (done or cancelled in
        the window); a snoozed one stays, and its next reminder replaces it."""
        still = set(open_ids)
        for key in self.notifications.live_keys():
            announcement = self.shown.get(key)
            if announcement is None or not announcement.promise_ids:
                continue  # not about promises (a birthday): it stays
            if not still.intersection(announcement.promise_ids):
                self.notifications.withdraw(key)
                self.shown.pop(key, None)

    def _closed(self, key: str) -> None:
        self.shown.pop(key, None)

    def _picked(self, key: str, action: str) -> None:
        if key == RUNNING_KEY:
            if action == QUIT:
                self.quitRequested.emit()
            elif action in (OPEN, SHOW):
                self.showRequested.emit()
            return
        announcement = self.shown.get(key)
        if announcement is None:
            return
        single = announcement.promise_ids[0] if len(announcement.promise_ids) == 1 else None
        if action in (OPEN, "open") and announcement.person_id is not None:
            self.openPersonRequested.emit(announcement.person_id)
        elif action in (OPEN, SHOW) and not announcement.promise_ids:
            self.showRequested.emit()  # several people's birthdays: the window, with Today
        elif action in (OPEN, SHOW):
            self.showDueRequested.emit()
        elif action == DONE and single is not None:
            self.doneRequested.emit(single)
        elif action == SNOOZE and single is not None:
            self.snoozeRequested.emit(single)
