"""Promised callbacks, installed into the main window.

``install(window)`` adds the Due view, the person page's open promises, the
log-interaction extension, the reminder scheduler with the tray (or, without a system
tray, reminders in the window), the close-to-tray behaviour, and the Settings entries
(start at login, outreach warnings).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon, QWidget

from relapp.domain.changes import Changes
from relapp.services import promises as service
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.promises import autostart, dialog_extension
from relapp.ui.promises.actions import PromiseActions
from relapp.ui.promises.clock import Clock, local_zone, system_now
from relapp.ui.promises.due_view import DueView
from relapp.ui.promises.person_section import OpenPromisesSection
from relapp.ui.promises.scheduler import ReminderScheduler
from relapp.ui.promises.settings_dialog import OutreachSettingsDialog
from relapp.ui.promises.tray import ReminderTray
from relapp.ui.promises.window_reminders import WindowReminders

if TYPE_CHECKING:
    from relapp.ui.main_window import MainWindow

TOLD_ABOUT_TRAY = "tray/told-keeps-running"
DUE_TAB = "Due"


def tray_available() -> bool:
    """Whether a system tray is there to hold Relapp's icon (tests replace this)."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def feature_of(window: QWidget) -> PromisesFeature | None:
    return window.findChild(PromisesFeature, PromisesFeature.NAME)


def install(window: MainWindow) -> None:
    PromisesFeature(window)


class PromisesFeature(QObject):
    NAME = "promises-feature"

    def __init__(
        self,
        window: MainWindow,
        *,
        now: Clock | None = None,
        use_tray: bool | None = None,
        start: bool = True,
    ) -> None:
        super().__init__(window)
        self.setObjectName(self.NAME)
        self.window = window
        self.now = now or system_now
        db = window.db
        self.actions = PromiseActions(window, self.clock)

        self.due_view = DueView(db, window.runner, self.clock)
        window.add_left_view(self.due_view, DUE_TAB)
        self.due_view.openPersonRequested.connect(window.select_person)
        self._connect_intents(self.due_view)
        self.due_view.doneAndLogRequested.connect(self.actions.done_and_log)
        self.due_view.loaded.connect(self._due_loaded)

        self.section = OpenPromisesSection(db, self.clock)
        window.page.add_top_section(self.section)
        window.page.personShown.connect(self.section.show_person)
        self._connect_intents(self.section)
        self.section.newRequested.connect(self.actions.new)

        if dialog_extension.extend not in InteractionDialog.extensions:
            InteractionDialog.extensions.append(dialog_extension.extend)

        self.scheduler = ReminderScheduler(db, self.clock, self, runner=window.runner)
        self.tray: ReminderTray | None = None
        self.in_window: WindowReminders | None = None
        if tray_available() if use_tray is None else use_tray:
            self._use_tray()
        else:
            self.in_window = WindowReminders(window)
            self.in_window.openPersonRequested.connect(self.open_person)
            self.in_window.showDueRequested.connect(self.show_due)
            self.scheduler.announce.connect(self.in_window.notify)
        self.scheduler.swept.connect(self.refresh)
        window.changed.connect(self._changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.scheduler.stop)
        self._add_menu_actions()
        if start:
            QTimer.singleShot(0, self.scheduler.start)

    # --- time ---------------------------------------------------------------------------
    def clock(self) -> datetime:
        return self.now()

    def set_clock(self, now: Clock) -> None:
        """Use another clock from now on (tests), and look at it at once."""
        self.now = now
        self.scheduler.rearm()

    # --- wiring -------------------------------------------------------------------------
    def _connect_intents(self, source: DueView | OpenPromisesSection) -> None:
        source.doneRequested.connect(self.actions.done)
        source.snoozeRequested.connect(self.actions.snooze)
        source.tomorrowRequested.connect(self.actions.snooze_until_tomorrow)
        source.editRequested.connect(self.actions.edit)
        source.cancelRequested.connect(self.actions.cancel)

    def _use_tray(self) -> None:
        tray = ReminderTray(self, self.window)
        self.tray = tray
        tray.openPersonRequested.connect(self.open_person)
        tray.doneRequested.connect(self.actions.done)
        tray.snoozeHourRequested.connect(self.actions.snooze)
        tray.tomorrowRequested.connect(self.actions.snooze_until_tomorrow)
        tray.showDueRequested.connect(self.show_due)
        tray.showRequested.connect(self.show_window)
        tray.quitRequested.connect(self.window.quit)
        self.scheduler.announce.connect(tray.notify)
        tray.show()
        QApplication.setQuitOnLastWindowClosed(False)
        self.window.keep_running_on_close = self.keep_running_on_close

    def _changed(self, changes: Changes) -> None:
        """Sweep when promises changed; a rename or an archived person only shows
        afresh (names and who is archived are on the Due view and the tray)."""
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
        if self.window.page.person is not None:
            self.section.show_person(self.window.page.person)
        if self.tray is not None:
            now = self.clock()
            due = service.due_entries(self.window.db, now)
            upcoming = None if due else service.next_entry(self.window.db, now)
            self.tray.set_due(due, upcoming, now, local_zone())

    def _due_loaded(self, board: service.DueBoard) -> None:
        tabs = self.window.left_tabs
        index = tabs.indexOf(self.due_view)
        waiting = self.due_view.waiting()
        tabs.setTabText(index, f"{DUE_TAB} · {waiting}" if waiting else DUE_TAB)

    # --- showing ------------------------------------------------------------------------
    def show_window(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        else:
            window.show()
        window.raise_()
        window.activateWindow()

    def open_person(self, person_id: int) -> None:
        self.show_window()
        self.window.open_person(person_id)

    def show_due(self) -> None:
        self.show_window()
        self.window.left_tabs.setCurrentWidget(self.due_view)

    def keep_running_on_close(self) -> bool:
        """Closing the window hides it while the tray icon is there (said once)."""
        if self.tray is None or not self.tray.icon.isVisible():
            return False
        settings = self.window.settings
        if not settings.value(TOLD_ABOUT_TRAY, False, type=bool):
            settings.setValue(TOLD_ABOUT_TRAY, True)
            settings.sync()
            self.tray.say(
                "Relapp is still running",
                "It stays here in the tray so your reminders arrive on time. "
                "Quit it from this icon's menu or with File ▸ Quit.",
            )
        return True

    # --- menus --------------------------------------------------------------------------
    def _add_menu_actions(self) -> None:
        window = self.window
        settings = window.menus.get("settings")
        if settings is None:
            settings = QMenu("&Settings", window)
            window.menuBar().insertMenu(window.menus["help"].menuAction(), settings)
            window.menus["settings"] = settings
        self.autostart_action = settings.addAction("Start Relapp at &Login")
        self.autostart_action.setCheckable(True)
        self.autostart_action.setChecked(autostart.supported() and autostart.is_enabled())
        self.autostart_action.setStatusTip("Start Relapp hidden in the tray when you log in")
        self.autostart_action.toggled.connect(self.set_autostart)
        settings.addAction("&Outreach Warnings…").triggered.connect(self._outreach_settings)
        new_promise = window.menus["person"].addAction("New &Promise…")
        new_promise.setShortcut("Ctrl+Shift+P")
        new_promise.triggered.connect(self._new_for_current)

    def _new_for_current(self) -> None:
        person = self.window.page.person
        if person is not None and self.window.current_person_id() is not None:
            self.actions.new(person.id)
        else:
            self.window.statusBar().showMessage("Choose a person first.", 4000)

    def set_autostart(self, on: bool) -> None:
        if not autostart.supported():
            QMessageBox.information(
                self.window,
                "Start at login",
                "On this system, add Relapp to your login items by hand; "
                "docs/promises.md says how.",
            )
            self.autostart_action.setChecked(False)
            return
        try:
            if on:
                path = autostart.enable(autostart.launch_command(self.window.paths.data_dir))
                self.window.statusBar().showMessage(f"Relapp will start at login ({path})", 6000)
            else:
                autostart.disable()
                self.window.statusBar().showMessage("Relapp will not start at login", 6000)
        except OSError as exc:
            self.window.report_error(exc)

    def _outreach_settings(self) -> None:
        OutreachSettingsDialog(self.window.db, self.window).exec()
