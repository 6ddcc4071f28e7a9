"""The main window: people on the left, the chosen person on the right."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from relapp.domain.errors import NotFound
from relapp.domain.i18n import _
from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui import icons
from relapp.ui.errors import show_error
from relapp.ui.people.commands import PeopleCommands
from relapp.ui.people.list_panel import PeopleListPanel
from relapp.ui.shell import CloseVeto, DialogExtension, Features, everything_about
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.activation import repaint_only_for_new_colours
from relapp.ui.window_features import FeaturesAfterFirstPaint
from relapp.ui.window_menus import build_menus, make_action, set_shortcut
from relapp.ui.writer import show_waiting_in

if TYPE_CHECKING:
    from relapp.domain.changes import Changes
    from relapp.domain.text_search import TextHit
    from relapp.ui.empty_states import EmptyState
    from relapp.ui.person_page import PersonPage


class MainWindow(FeaturesAfterFirstPaint, QMainWindow):
    """People on the left, the chosen person on the right.

    Features never see it: ``app.open_window`` builds it, a ``WindowShell``
    (``ui/window_shell.py``) over it, and installs the features against that shell
    (``plug_in``). ``changed`` carries a ``Changes`` after every write (``announce``).
    """

    changed = Signal(object)  # a Changes, once per write (see ``announce``)
    personShown = Signal(object)  # the Person the page now shows (``PersonPage``'s)
    mergeRequested = Signal(int, int)  # two people to merge (the merging feature asks)
    featuresInstalled = Signal()

    def __init__(
        self,
        db: Database,
        paths: AppPaths,
        *,
        demo: bool = False,
        runner: TaskRunner | None = None,
        list_after_first_paint: bool = False,
    ) -> None:
        super().__init__()
        self.db = db
        self.paths = paths
        self.runner = runner or TaskRunner(self)
        self.settings = QSettings(str(paths.data_dir / "window.ini"), QSettings.Format.IniFormat)
        self.undo_stack = QUndoStack(self)
        # What the shell hands to the features, and what they hand back: a feature (the
        # tray) may keep Relapp running when the window is closed; features extend the
        # log dialog; the installed features, by type.
        self.close_vetoes: list[CloseVeto] = []
        self.dialog_extensions: list[DialogExtension] = []
        self.features = Features()
        self.features_installed = False
        self._install: Callable[[], None] | None = None
        self._prepare: Callable[[], object] | None = None
        self._installing = False
        self._quitting = False
        self._page: PersonPage | None = None  # made on first use (``page``)
        self._shown_ahead: int | None = None  # shown before the list found their row
        self._welcome: EmptyState | None = None  # made on first use (``welcome``)
        self._nothing_selected: EmptyState | None = None  # (``nothing_selected``)

        self.setWindowTitle(_("Relapp — Demo") if demo else _("Relapp"))
        self._build_right()
        self.people_list = PeopleListPanel(
            db,
            self.runner,
            page_shown=lambda: self._page is not None and self.stack.currentWidget() is self._page,
            on_error=self.report_error,
            search_now=not list_after_first_paint,
        )
        self.people_list.currentChanged.connect(self._show_person_at)
        self.people_list.nobodySelected.connect(self._show_nobody)
        self.people_list.hitChosen.connect(self._show_hit)
        self.people_list.hitActivated.connect(lambda hit: self._show_hit(hit, focus=True))
        # The list's parts, by the names the window has always given them.
        self.search, self.model = self.people_list.search, self.people_list.model
        self.view: QTableView = self.people_list.view
        repaint_only_for_new_colours(self.view)  # not at each dialog opened or closed
        self.commands = PeopleCommands(self)
        self.people_list.newPersonRequested.connect(self.commands.new_person)
        self.left_tabs = QTabWidget()
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.people_list, _("People"))
        splitter = QSplitter()  # side by side
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._build_actions()
        self._build_menus()
        show_waiting_in(self.runner, self.statusBar())  # "Saving after the import…"
        self.status_count = self.people_list.count_label
        self.statusBar().addPermanentWidget(self.status_count)
        self._restore_state()
        self.search.setFocus()
        # ``list_after_first_paint``: the first search starts once the window has painted
        # (``install_features``), so that neither its imports on the worker (the people's
        # model, storage and search: 124 million instructions) nor its reading compete
        # for the interpreter with the window's start.
        if not list_after_first_paint:
            self.refresh_list()

    # --- people ------------------------------------------------------------------------
    def open_person(self, person_id: int) -> None:
        """Show a person from anywhere (a reminder, a network node, a Today row)."""
        self.left_tabs.setCurrentIndex(0)
        self.select_person(person_id)

    # --- building ------------------------------------------------------------------
    def _build_right(self) -> None:
        self.stack = QStackedWidget()
        # First a blank page: until the list says whether there is anyone, neither the
        # welcome (a first start) nor "nobody selected" is true (``_show_nobody``); they
        # are made when first shown, after the first paint.
        self.stack.addWidget(QWidget())

    @property
    def welcome(self) -> EmptyState:
        """The page while there is nobody at all (a first start)."""
        if self._welcome is None:
            from relapp.ui import welcome

            self._welcome = welcome.welcome_page(self, lambda: self.commands.new_person())
            self.stack.addWidget(self._welcome)
        return self._welcome

    @property
    def nothing_selected(self) -> EmptyState:
        """The page while nobody is chosen in the list."""
        if self._nothing_selected is None:
            from relapp.ui import welcome

            self._nothing_selected = welcome.nothing_selected_page()
            self.stack.addWidget(self._nothing_selected)
        return self._nothing_selected

    @property
    def page(self) -> PersonPage:
        """The person page, made when first asked for: the first paint shows the
        welcome or "nobody selected", so the page (and its module) come after it, at the
        latest when the features are installed (``install_features``)."""
        if self._page is None:
            from relapp.ui.person_page import PersonPage

            page = self._page = PersonPage(self.db, runner=self.runner)
            self.stack.addWidget(page)
            page.personShown.connect(self.personShown)
            page.logInteractionRequested.connect(self.commands.log_interaction)
            page.editPersonRequested.connect(self.commands.edit_person)
            page.archiveRequested.connect(self.commands.toggle_archive)
            page.editInteractionRequested.connect(self.commands.edit_interaction)
            page.deleteInteractionRequested.connect(self.commands.delete_interaction)
            state = self.settings.value("window/person-splitter")
            if state is not None:
                page.splitter.restoreState(state)
        return self._page

    def _build_actions(self) -> None:
        self.commands.build_actions(self, self.current_person_id)
        c = self.commands  # the people commands' actions, by the window's names for them
        self.new_action, self.log_action = c.new_action, c.log_action
        self.edit_action, self.archive_action = c.edit_action, c.archive_action
        find = self.people_list.focus_search
        self.find_action = make_action(self, _("&Find…"), find, QKeySequence.StandardKey.Find)
        self.quit_action = make_action(self, _("&Quit"), self.quit, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, _("&Undo"))
        set_shortcut(self.undo_action, QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icons.icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Redo"))
        set_shortcut(self.redo_action, QKeySequence.StandardKey.Redo)
        archived = self.people_list.set_show_archived
        self.archived_action = make_action(self, _("Show &Archived People"), archived)
        self.archived_action.setCheckable(True)
        self.about_action = make_action(self, _("&About Relapp"), self._about)

    def _build_menus(self) -> None:
        self.menus, self.toolbar = build_menus(
            self,
            {
                "file": [self.new_action, None, self.quit_action],
                "edit": [self.undo_action, self.redo_action, None, self.find_action],
                "person": list(self.commands.person_actions),
                "view": [self.archived_action],
                "help": [self.about_action],
            },
            [self.new_action, self.log_action, None, self.undo_action],
        )

    # --- the list (ui/people/list_panel.py) --------------------------------------------
    @property
    def list_loaded(self) -> bool:
        return self.people_list.list_loaded

    def refresh_list(self, *, recount: bool = True) -> None:
        self.people_list.refresh_list(recount=recount)

    def current_person_id(self) -> int | None:
        return self.people_list.current_person_id()

    def select_person(self, person_id: int) -> None:
        """Select them in the list; someone on a page not read yet (and of the list
        shown: archived or not) is shown at once, while the list finds their row on the
        worker."""
        if self.list_loaded and self.model.row_of(person_id) is None:
            from relapp.services import people  # on use: not before the first paint

            row = people.person_rows(self.db, [person_id]).get(person_id)
            if row is not None and row.archived == self.people_list.show_archived:
                self._show_person_at(person_id)
                self._shown_ahead = person_id
        self.people_list.select_person(person_id)

    def _show_nobody(self, no_people: bool) -> None:
        self.stack.setCurrentWidget(self.welcome if no_people else self.nothing_selected)

    def _show_person_at(self, person_id: int | None) -> None:
        has_person = person_id is not None
        for action in self.commands.person_actions:
            action.setEnabled(has_person)
        if person_id is None:
            if self._page is not None:
                self._page.person = None
            self.stack.setCurrentWidget(self.nothing_selected)
            return
        shown = self.page.person
        ahead, self._shown_ahead = self._shown_ahead, None
        if shown is not None and shown.id == person_id:
            if self.people_list.keeping_page:
                return  # a search that still finds them: the page stays as it is
            if ahead == person_id:
                return  # shown a moment ago, before the list found their row
        from relapp.services import people  # on use: not before the first paint

        try:
            person = people.get_person(self.db, person_id)
        except NotFound:
            self.refresh_list()
            return
        # What the page's sections ask of the worker (the brief, the introductions, the
        # health chart) starts once the window has painted them: not before, competing
        # with the paint for the interpreter (issue 18).
        self.runner.hold_until_painted(self)
        self.page.show_person(person)
        self.archive_action.setText(
            _("Un&archive Person") if person.archived else _("&Archive Person")
        )
        self.page.archive_button.setText(_("Unarchive") if person.archived else _("Archive"))
        self.stack.setCurrentWidget(self.page)

    def _show_hit(self, hit: TextHit, *, focus: bool = False) -> None:
        """A hit in "In your notes": its person, the entry selected in the history
        (``focus``: and the history given the keyboard)."""
        shown = self.page.person
        on_page = self.stack.currentWidget() is self.page
        if shown is None or shown.id != hit.person_id or not on_page:
            self._show_person_at(hit.person_id)
        entry = hit.history_entry
        if entry is not None and self.page.scroll_history_to(entry) and focus:
            self.page.history_view.setFocus()

    def _about(self) -> None:
        from relapp.ui.about_dialog import AboutDialog  # the library table: on use

        AboutDialog(self.paths.data_dir, self).exec()

    # --- UndoContext ---------------------------------------------------------------
    def announce(self, changes: Changes, select: int | None = None) -> None:
        """A write happened: read again what it touched and tell the features
        (``changed``); each refreshes only on the kinds of records that concern it.
        ``select``: the person to show once the list is read again."""
        touched = self.model.ids() if changes.everyone else changes.person_ids
        self.model.forget(touched)
        self.changed.emit(changes)
        current = self.current_person_id()
        if select is not None:
            self.people_list.select_after_refresh(select)
        if current is not None and changes.touches(current) and select is None:
            from relapp.services import people  # on use: not before the first paint

            with contextlib.suppress(NotFound):
                self.page.show_person(people.get_person(self.db, current))
        self.refresh_list()

    def data_changed(self, person_ids: tuple[int, ...], select: int | None = None) -> None:
        """Anything about these people may have changed (the callers not yet precise)."""
        self.announce(everything_about(person_ids), select)

    def report_error(self, error: BaseException) -> None:
        show_error(self, error)

    # --- state ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        if self._page is not None:  # else what was saved stays
            self.settings.setValue("window/person-splitter", self._page.splitter.saveState())
        self.settings.sync()

    def bring_forward(self) -> None:
        """Show the window in front (a second launch, the tray's Open, a reminder)."""
        if self.isMinimized():
            self.showNormal()
        else:
            self.show()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        """End Relapp (File ▸ Quit, the tray's Quit), also when it lives in the tray."""
        self._quitting = True
        if self.close():
            QApplication.quit()
        self._quitting = False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if not self._quitting and any(veto() for veto in self.close_vetoes):
            event.ignore()
            self.hide()
            return
        self.runner.wait(5000)
        super().closeEvent(event)
