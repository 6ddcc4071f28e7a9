"""Promised callbacks, installed through the shell.

``install(shell)`` adds the Due view, the person page's open promises, the
log-interaction extension, the reminder scheduler with the tray (or, without a system
tray, reminders in the window), the close-to-tray behaviour, and the Settings entries
(start at login, outreach warnings).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from relapp.domain.changes import Changes
from relapp.domain.clock import Clock
from relapp.domain.errors import NotFound
from relapp.domain.i18n import N_, _
from relapp.services import promises as service
from relapp.ui.outreach.settings_dialog import OutreachSettingsDialog
from relapp.ui.promises import autostart, dialog_extension
from relapp.ui.promises.actions import PromiseActions
from relapp.ui.promises.clock import local_zone
from relapp.ui.promises.desktop_reminders import DesktopReminders
from relapp.ui.promises.due_view import DueView
from relapp.ui.promises.occasion_reminders import OccasionReminders
from relapp.ui.promises.person_section import OpenPromisesSection
from relapp.ui.promises.scheduler import ReminderScheduler
from relapp.ui.promises.tray import ReminderTray
from relapp.ui.promises.window_reminders import WindowReminders
from relapp.ui.shell import Shell

TOLD_ABOUT_TRAY = "tray/told-keeps-running"
TOLD_ABOUT_BACKGROUND = "background/told-keeps-running"
DUE_TAB = N_("Due")


def tray_available() -> bool:
    """Whether a system tray is there to hold Relapp's icon (tests replace this)."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def install(shell: Shell) -> PromisesFeature:
    return PromisesFeature(shell)


class PromisesFeature(QObject):
    def __init__(
        self,
        shell: Shell,
        *,
        now: Clock | None = None,
        use_tray: bool | None = None,
        start: bool = True,
    ) -> None:
        super().__init__(shell)
        self.shell = shell
        self.now = now or shell.clock
        db = shell.db
        self.actions = PromiseActions(shell, self.clock)

        self.due_view = DueView(db, shell.runner, self.clock)
        shell.add_left_view(self.due_view, _(DUE_TAB))
        self.due_view.openPersonRequested.connect(shell.select_person)
        self._connect_intents(self.due_view)
        self.due_view.doneAndLogRequested.connect(self.actions.done_and_log)
        self.due_view.loaded.connect(self._due_loaded)

        self.section = OpenPromisesSection(db, self.clock)
        shell.add_top_section(self.section)
        shell.personShown.connect(self.section.show_person)
        self._connect_intents(self.section)
        self.section.newRequested.connect(self.actions.new)

        extend = partial(
            dialog_extension.extend, clock=self.clock, promises_changed=self.promises_changed
        )
        shell.add_dialog_extension(extend)

        self.scheduler = ReminderScheduler(db, self.clock, self, runner=shell.runner)
        # Birthdays and anniversaries go out the same way as promises.
        self.occasions = OccasionReminders(db, self.clock, self, runner=shell.runner)
        self.occasions.announce.connect(self.scheduler.announce)
        self.scheduler.clockJumped.connect(self.occasions.sweep)
        self.notifications = shell.notifications
        self.desktop = DesktopReminders(self.notifications, self)
        self._connect_desktop(self.desktop)
        self.scheduler.announce.connect(self.remind)
        self.tray: ReminderTray | None = None
        self.in_window: WindowReminders | None = None
        if tray_available() if use_tray is None else use_tray:
            self._use_tray()
        else:
            self._run_without_tray()
        self.scheduler.swept.connect(self.refresh)
        shell.changed.connect(self._changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.scheduler.stop)
            app.aboutToQuit.connect(self.occasions.stop)
        self._add_menu_actions()
        if start:
            QTimer.singleShot(0, self.scheduler.start)
            QTimer.singleShot(0, self.occasions.start)

    # --- time ---------------------------------------------------------------------------
    def clock(self) -> datetime:
        return self.now()

    def set_clock(self, now: Clock) -> None:
        """Use another clock from now on (tests), and look at it at once."""
        self.now = now
        self.scheduler.rearm()
        self.occasions.rearm()

    # --- wiring -------------------------------------------------------------------------
    def _connect_intents(self, source: DueView | OpenPromisesSection) -> None:
        source.doneRequested.connect(self.actions.done)
        source.snoozeRequested.connect(self.actions.snooze)
        source.tomorrowRequested.connect(self.actions.snooze_until_tomorrow)
        source.editRequested.connect(self.actions.edit)
        source.cancelRequested.connect(self.actions.cancel)

    def _connect_desktop(self, desktop: DesktopReminders) -> None:
        desktop.openPersonRequested.connect(self.open_person)
        desktop.showDueRequested.connect(self.show_due)
        desktop.showRequested.connect(self.show_window)
        desktop.doneRequested.connect(self.actions.done)
        desktop.snoozeRequested.connect(self.actions.snooze)
        desktop.quitRequested.connect(self.shell.quit)

    def remind(self, announcement: service.Announcement) -> None:
        """A reminder: to the desktop's notification server, or where there is none,
        to the tray's balloon (or, without a tray, a message in the window)."""
        self.desktop.notify(announcement, self._remind_here)

    def _remind_here(self, announcement: service.Announcement) -> None:
        if self.tray is not None:
            self.tray.notify(announcement)
        elif self.in_window is not None:
            self.in_window.notify(announcement)

    def _run_without_tray(self) -> None:
        """No tray: reminders in the window when no notification server answers; with
        one, closing the window keeps Relapp running (see ``keep_running_on_close``)."""
        self.in_window = WindowReminders(self.shell.widget)
        self.in_window.openPersonRequested.connect(self.open_person)
        self.in_window.showDueRequested.connect(self.show_due)
        self.shell.add_close_veto(self.keep_running_on_close)
        if self.notifications.available is None:
            self.notifications.availabilityKnown.connect(self._server_known)
        else:
            self._server_known(self.notifications.available)

    def _server_known(self, available: bool) -> None:
        if not available:  # started hidden (at login) with nowhere to remind: show up
            QTimer.singleShot(0, self._show_if_unreachable)

    def _show_if_unreachable(self) -> None:
        if self.tray is None and not self.notifications.available and self.shell.widget.isHidden():
            self.show_window()

    def _use_tray(self) -> None:
        tray = ReminderTray(self, self.shell.widget)
        self.tray = tray
        tray.openPersonRequested.connect(self.open_person)
        tray.doneRequested.connect(self.actions.done)
        tray.snoozeHourRequested.connect(self.actions.snooze)
        tray.tomorrowRequested.connect(self.actions.snooze_until_tomorrow)
        tray.showDueRequested.connect(self.show_due)
        tray.showRequested.connect(self.show_window)
        tray.quitRequested.connect(self.shell.quit)
        tray.show()
        QApplication.setQuitOnLastWindowClosed(False)
        self.shell.add_close_veto(self.keep_running_on_close)

    def _changed(self, changes: Changes) -> None:
        """Sweep when promises changed; a rename or an archived person only shows
        afresh (names and who is archived are on the Due view and the tray)."""
        if changes.persons or changes.settings or changes.everyone:
            # A birthday set or changed, a person archived, the time of day changed.
            self.occasions.sweep(None if changes.everyone or changes.settings else changes.people)
        if changes.promises or changes.everyone:
            self.promises_changed()
        elif changes.persons:
            self.refresh()

    def promises_changed(self) -> None:
        """Promises (or people) changed: announce what is now due and re-arm."""
        if self.scheduler.started:
            self.scheduler.sweep()
        else:
            self.refresh()

    def refresh(self) -> None:
        self.due_view.refresh()
        if self.shell.shown_person is not None:
            self.section.show_person(self.shell.shown_person)
        if self.tray is not None:
            now = self.clock()
            due = service.due_entries(self.shell.db, now)
            upcoming = None if due else service.next_entry(self.shell.db, now)
            self.tray.set_due(due, upcoming, now, local_zone())
        self._settle_notifications()

    def _settle_notifications(self) -> None:
        """Withdraw the notifications of promises done or cancelled since."""
        shown = {pid for a in self.desktop.shown.values() for pid in a.promise_ids}
        if not shown or not self.notifications.live_keys():
            return
        still_open = set()
        for pid in shown:
            try:
                if service.get_promise(self.shell.db, pid).is_open:
                    still_open.add(pid)
            except NotFound:
                pass
        self.desktop.settle(still_open)

    def _due_loaded(self, board: service.DueBoard) -> None:
        waiting = self.due_view.waiting()
        self.shell.set_left_view_title(
            self.due_view, f"{_(DUE_TAB)} · {waiting}" if waiting else _(DUE_TAB)
        )

    # --- showing ------------------------------------------------------------------------
    def show_window(self) -> None:
        self.shell.show_window()

    def open_person(self, person_id: int) -> None:
        self.show_window()
        self.shell.open_person(person_id)

    def show_due(self) -> None:
        self.show_window()
        self.shell.show_left_view(self.due_view)

    def keep_running_on_close(self) -> bool:
        """Closing the window hides it while the tray icon is there, or, without a
        tray, while a notification server takes the reminders (said once)."""
        if self.tray is None:
            return self._keep_running_in_background()
        if not self.tray.icon.isVisible():
            return False
        settings = self.shell.settings
        if not settings.value(TOLD_ABOUT_TRAY, False, type=bool):
            settings.setValue(TOLD_ABOUT_TRAY, True)
            settings.sync()
            self.tray.say(
                _("Relapp is still running"),
                _(
                    "It stays here in the tray so your reminders arrive on time. "
                    "Quit it from this icon's menu or with File ▸ Quit."
                ),
            )
        return True

    def _keep_running_in_background(self) -> bool:
        keep = bool(self.notifications.available)
        QApplication.setQuitOnLastWindowClosed(not keep)
        settings = self.shell.settings
        if keep and not settings.value(TOLD_ABOUT_BACKGROUND, False, type=bool):
            settings.setValue(TOLD_ABOUT_BACKGROUND, True)
            settings.sync()
            self.desktop.say_still_running(lambda: None)
        return keep

    # --- menus --------------------------------------------------------------------------
    def _add_menu_actions(self) -> None:
        settings = self.shell.menu("settings")
        self.autostart_action = settings.addAction(_("Start Relapp at &Login"))
        self.autostart_action.setCheckable(True)
        self.autostart_action.setChecked(autostart.supported() and autostart.is_enabled())
        self.autostart_action.setStatusTip(_("Start Relapp hidden in the tray when you log in"))
        self.autostart_action.toggled.connect(self.set_autostart)
        settings.addAction(_("&Reminders and Warnings…")).triggered.connect(self._outreach_settings)
        new_promise = self.shell.menu("person").addAction(_("New &Promise…"))
        new_promise.setShortcut("Ctrl+Shift+P")
        new_promise.triggered.connect(self._new_for_current)

    def _new_for_current(self) -> None:
        person = self.shell.shown_person
        if person is not None and self.shell.current_person_id() is not None:
            self.actions.new(person.id)
        else:
            self.shell.tell(_("Choose a person first."), 4000)

    def set_autostart(self, on: bool) -> None:
        if not autostart.supported():
            QMessageBox.information(
                self.shell.widget,
                _("Start at login"),
                _(
                    "On this system, add Relapp to your login items by hand; "
                    "docs/promises.md says how."
                ),
            )
            self.autostart_action.setChecked(False)
            return
        try:
            if on:
                path = autostart.enable(autostart.launch_command(self.shell.paths.data_dir))
                self.shell.tell(_("Relapp will start at login ({file})").format(file=path), 6000)
            else:
                autostart.disable()
                self.shell.tell(_("Relapp will not start at login"), 6000)
        except OSError as exc:
            self.shell.report_error(exc)

    def _outreach_settings(self) -> None:
        dialog = OutreachSettingsDialog(self.shell.db, self.shell.widget, runner=self.shell.runner)
        if dialog.exec():
            self.occasions.sweep()  # a new time of day: look again, and re-arm
