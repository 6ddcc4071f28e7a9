"""Starting the desktop app: the QApplication, the database, the main window."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from relapp import APP_ID, APP_NAME, __version__, exit_codes
from relapp.app_logging import setup_logging
from relapp.bootstrap import open_demo_database
from relapp.domain.clock import Clock
from relapp.domain.errors import DatabaseError, RelappError
from relapp.domain.i18n import _
from relapp.paths import AppPaths, check_folder
from relapp.services.leftovers import clean_leftovers
from relapp.storage import Database
from relapp.ui import crash_dialog, gc_collector, icons, qt_translations, theme
from relapp.ui.backups.recovery import open_user_database_or_restore
from relapp.ui.features import Installer, install_features, installers
from relapp.ui.main_window import MainWindow
from relapp.ui.single_instance import SingleInstance
from relapp.ui.tasks import TaskRunner
from relapp.ui.window_shell import WindowShell

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)

GIL_SWITCH_INTERVAL = 0.0002
# Full (generation 2) collections after 1,000 generation-1 collections instead of 10.
GC_THRESHOLDS = (700, 10, 1000)


def tune_interpreter() -> None:
    """Keep the GUI thread from waiting on the task worker for long.

    The GUI thread needs the GIL to run any of our slots, and again for every call Qt
    makes into Python while it paints: a repaint of the people list enters Python about
    1,100 times (the model's data() for each role of each cell, event filters), and
    while a worker runs Python each entry waits up to the switch interval for the GIL.
    With Python's 5 ms one repaint during a capture's planning took 3-4 s; with 1 ms,
    0.5-0.65 s; with 0.2 ms, 0.1-0.2 s (bench.capture_stall's window, quiet machine; the
    worker's planning took as long). The worker only hands over when the GUI thread
    asks, so a shorter interval costs nothing while the window is idle. A full garbage
    collection holds it until done: while an import plans 10,000 cards against 100,000
    people they took 50-90 ms each and stalled the window for up to 213 ms
    (python -m bench, full size); a hundred times rarer, the longest stall of an import
    run first in the process was 20-27 ms (one can still fall inside a later import).
    Cyclic garbage lives a little longer; most objects are freed by reference counting."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    gc.set_threshold(*GC_THRESHOLDS)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    tune_interpreter()
    # argv[0] "relapp" names the X11 WM_CLASS, matching the desktop entry's StartupWMClass;
    # the desktop file name is the app id (Wayland's app_id, notifications' desktop-entry).
    app = QApplication(argv if argv is not None else ["relapp"])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    gc_collector.install(app, GC_THRESHOLDS)  # never in a worker thread: see the module
    theme.install(app)  # the colour scheme: the system's, or RELAPP_COLOR_SCHEME
    qt_translations.install(app)  # Qt's own buttons in the language of relapp.i18n
    return app


def set_app_icon() -> None:
    """The windows' icon (the main window's own is set after its first paint: X11 is
    sent every size of it), before a dialog or once the window has painted."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setWindowIcon(icons.app_icon())


def database_error_box(error: DatabaseError) -> QMessageBox:
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    set_app_icon()
    box = QMessageBox(QMessageBox.Icon.Critical, _(error.title), "", QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(_("Relapp could not open its database:") + f"\n\n{error.path}\n\n{error.message}")
    box.setInformativeText(_("Nothing was changed. Relapp will now close."))
    return box


def forward_to_running(
    instance: SingleInstance, files: Sequence[str], command: str | None = None
) -> int:
    """Another Relapp has this data folder: hand over to it and end this launch."""
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    if instance.forward(list(files), command=command):
        return 0
    holder = instance.lock.holder()
    if holder:
        message = _(
            "Another Relapp (process {pid}) is using this data folder ({folder}) and did not "
            "answer: a command such as 'relapp import' may be at work. Try again when it has "
            "finished."
        )
    else:
        message = _(
            "Another Relapp is using this data folder ({folder}) and did not answer: a "
            "command such as 'relapp import' may be at work. Try again when it has finished."
        )
    message = message.format(pid=holder, folder=instance.data_dir)
    print(f"relapp: {message}", file=sys.stderr)
    set_app_icon()
    box = QMessageBox(QMessageBox.Icon.Warning, _("Relapp is already running"), "")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    box.exec()
    return exit_codes.BUSY


def freeze_startup_objects() -> None:
    """Take everything alive once the app has started (modules, Qt wrappers, the window
    and its features) out of the garbage collector's sight, so that a full collection,
    which holds the GIL and so stops the GUI thread too, walks only what was made since."""
    gc.freeze()


def folder_error_box(error: RelappError) -> QMessageBox:
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    set_app_icon()
    box = QMessageBox(QMessageBox.Icon.Critical, _(error.title), "", QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(_("Relapp cannot use its data folder:") + f"\n\n{error}")
    box.setInformativeText(_("Nothing was changed. Relapp will now close."))
    return box


def prepare_folders(paths: AppPaths, folder: AppPaths, log_folder: Path | None) -> None:
    """The data folder (made on the first start, and said so), then the log."""
    check_folder(paths.data_dir)
    new = not paths.data_dir.exists()
    paths.ensure()
    folder.ensure()
    if log_folder is not None:
        setup_logging(log_folder)
    if new:
        print(f"relapp: a new data folder was made at {paths.data_dir}", file=sys.stderr)
        log.info("a new data folder was made at %s", paths.data_dir)


def reminders_reach_the_user() -> bool:
    """Whether Relapp may start hidden: a tray to live in, or a session bus where a
    notification server may answer (it is asked once the features are installed)."""
    from PySide6.QtWidgets import QSystemTrayIcon  # only for --minimized

    if QSystemTrayIcon.isSystemTrayAvailable():
        return True
    from relapp.ui.notifications.bus import session_address  # only for --minimized
    from relapp.ui.notifications.transport import free_desktop

    return free_desktop() and session_address() is not None


def note_a_sound_close(window: MainWindow) -> None:
    """Once the database is closed cleanly: the backups feature notes the file as sound
    if this session knew it so, and the next start need not read it whole again; the
    write-ahead log is folded into the file in any case."""
    from relapp.ui.backups.feature import BackupsFeature  # at the end only

    feature = window.features.find(BackupsFeature)
    if feature is not None:
        try:
            feature.guard.note_clean_close()
            return
        except RuntimeError:  # its Qt object already gone: nothing noted, the next start checks
            log.warning("the database check's note was not written", exc_info=True)
    from relapp.services.start_check import fold_log

    fold_log(window.db.path)  # the file alone holds every commit all the same


def run_desktop_action(window: MainWindow, command: str) -> None:
    """A desktop action (``desktop_actions``; its module is loaded on first use)."""
    from relapp.ui import desktop_actions

    desktop_actions.run(window, command)


def open_window(
    db: Database,
    paths: AppPaths,
    *,
    demo: bool = False,
    runner: TaskRunner | None = None,
    defer_features: bool = False,
    clock: Clock | None = None,
    features: Sequence[Installer] | None = None,
    files: SignalInstance | None = None,
) -> MainWindow:
    """The composition: the window, the shell over it, the features installed against
    the shell (``features``, else all; after the first paint with ``defer_features``).
    The installed features are in ``window.features``, by type. ``files``: a signal
    of paths handed over (``SingleInstance.filesReceived``), for the shell's features."""
    window = MainWindow(db, paths, demo=demo, runner=runner, list_after_first_paint=defer_features)
    shell = WindowShell(window, clock=clock)
    if files is not None:
        files.connect(shell.filesReceived)
    window.plug_in(
        lambda: install_features(shell, features),
        after_first_paint=defer_features,
        prepare=installers if features is None else None,  # their modules, on the worker
    )
    return window


def run_gui(
    paths: AppPaths,
    *,
    demo: bool = False,
    files: Sequence[str] = (),
    minimized: bool = False,
    log_folder: Path | None = None,
    command: str | None = None,
) -> int:
    """The desktop app. ``files`` are handed to the import feature (``filesReceived``);
    ``minimized`` starts hidden when reminders can reach the user without the window
    (a tray, or a notification server on the session bus); the log goes to
    ``log_folder``; ``command`` is a desktop action (``desktop_actions``). Returns an
    exit code (``relapp.exit_codes``)."""
    app = create_application()
    crash_dialog.install(app)  # an uncaught error: logged, and a dialog names the log
    folder = paths.demo() if demo else paths
    try:
        prepare_folders(paths, folder, log_folder)
    except RelappError as error:
        print(f"relapp: {error}", file=sys.stderr)
        folder_error_box(error).exec()
        return exit_codes.for_error(error)
    instance = SingleInstance(folder.data_dir, app)
    # One Relapp per data folder: the lock guards the database. Its socket (QtNetwork)
    # opens after the first paint (``started``); a later launch retries meanwhile.
    if not instance.acquire(listen=False):
        return forward_to_running(instance, files, command)
    clean_leftovers(folder.data_dir)  # copies that killed restores and backups left behind
    try:
        db = open_demo_database(paths) if demo else open_user_database_or_restore(paths)
    except DatabaseError as error:
        instance.release()
        print(f"relapp: {error}", file=sys.stderr)
        database_error_box(error).exec()
        return exit_codes.for_error(error)
    hidden = minimized and command is None and reminders_reach_the_user()
    # Shown: the features install after the first paint. Hidden: at once, since the
    # tray and the reminders are a feature (which shows the window after all when no
    # tray is there and no notification server answers).
    window = open_window(
        db, folder, demo=demo, defer_features=not hidden, files=instance.filesReceived
    )
    instance.activationRequested.connect(window.bring_forward)
    instance.commandReceived.connect(lambda asked: run_desktop_action(window, asked))
    if not hidden:
        window.show()

    def started() -> None:
        set_app_icon()  # the dialogs' (the window has its own by now)
        instance.listen()
        instance.deliver_own_files(list(files))  # to the import feature, now it is there
        if command is not None:
            run_desktop_action(window, command)
        QTimer.singleShot(0, freeze_startup_objects)

    if window.features_installed:
        QTimer.singleShot(0, started)
    else:
        window.featuresInstalled.connect(started)
    # What the start made so far (modules, the window) is out of the collector's sight at
    # once: its first collection would walk it all, maybe before the first paint.
    freeze_startup_objects()
    code = app.exec()
    db.close()
    note_a_sound_close(window)
    instance.release()
    return code
