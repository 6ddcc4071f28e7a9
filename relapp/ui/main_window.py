"""The main window: people on the left, the chosen person on the right."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relapp import __version__
from relapp.domain.changes import Changes
from relapp.domain.errors import NotFound
from relapp.domain.search import named_first
from relapp.domain.text import count_of
from relapp.paths import AppPaths
from relapp.services import interactions, people
from relapp.services.logbook import Logged
from relapp.services.people import PeopleSort
from relapp.storage import Database
from relapp.ui import icons, undo_commands, welcome
from relapp.ui.empty_states import EmptyState
from relapp.ui.errors import show_error
from relapp.ui.features import install_features
from relapp.ui.people_model import PeopleListModel
from relapp.ui.person_page import PersonPage
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import show_waiting_in

NAMED_AMONG = 50  # Return looks this far down the results for the person the query names
_SORT_FOR_COLUMN = {
    PeopleListModel.NAME: PeopleSort.NAME,
    PeopleListModel.ORGANISATION: PeopleSort.ORGANISATION,
    PeopleListModel.LAST_CONTACT: PeopleSort.LAST_CONTACT,
}
# The natural order of each sort; the other order is the list reversed.
_NATURAL_ORDER = {
    PeopleSort.NAME: Qt.SortOrder.AscendingOrder,
    PeopleSort.ORGANISATION: Qt.SortOrder.AscendingOrder,
    PeopleSort.LAST_CONTACT: Qt.SortOrder.DescendingOrder,
}


def everything_about(person_ids: Iterable[int]) -> Changes:
    """Every kind of record of these people may have changed."""
    return Changes.of_people(
        person_ids, persons=True, interactions=True, promises=True, introductions=True, tags=True
    )


class MainWindow(QMainWindow):
    """People on the left, the chosen person on the right.

    Features (promises, introductions, health, import) plug in through
    ``relapp/ui/features.py``: they may add left-hand views (``add_left_view``),
    right-hand pages (``add_right_page``/``show_right_page``), menu actions
    (``menus["file"]`` ...), sections of the person page (``page.add_*``), and follow
    ``changed`` (a ``Changes``: which people, which kinds of records) and
    ``page.personShown``.
    """

    changed = Signal(object)  # a Changes, once per write (see ``announce``)
    mergeRequested = Signal(int, int)  # two people to merge (the merging feature asks)
    featuresInstalled = Signal()

    # With ``defer_features``, the features are installed right after the window's first
    # paint (or after this long if it is never painted): the window appears as soon as
    # the people list can, and the features' imports (numpy, the vCard and JSON code,
    # the network and chart modules) happen while the user is already looking at it.
    DEFERRED_FALLBACK_MS = 1500

    def __init__(
        self,
        db: Database,
        paths: AppPaths,
        *,
        demo: bool = False,
        runner: TaskRunner | None = None,
        defer_features: bool = False,
    ) -> None:
        super().__init__()
        self.db = db
        self.paths = paths
        self.runner = runner or TaskRunner(self)
        self.settings = QSettings(str(paths.data_dir / "window.ini"), QSettings.Format.IniFormat)
        self.undo_stack = QUndoStack(self)
        self._sort = PeopleSort.NAME
        self._order = Qt.SortOrder.AscendingOrder
        self._show_archived = False
        self._pending_select: int | None = None
        self._keep_page = False  # while a keystroke's results come in (see refresh_list)
        self._total_people = 0
        self._count_stale = True
        self.list_loaded = False
        # A feature (the tray) may keep Relapp running when the window is closed.
        self.keep_running_on_close: Callable[[], bool] = lambda: False
        self._quitting = False

        self.setWindowTitle("Relapp — Demo" if demo else "Relapp")
        self.setWindowIcon(icons.app_icon())
        self._build_left()
        self._build_right()
        self.left_tabs = QTabWidget()
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.left, "People")
        splitter = QSplitter(Qt.Orientation.Horizontal)
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
        self.status_count = QLabel()
        self.statusBar().addPermanentWidget(self.status_count)
        self.features_installed = False
        if defer_features:
            self.installEventFilter(self)
            QTimer.singleShot(self.DEFERRED_FALLBACK_MS, self.install_features)
        else:
            self.install_features()
        self._restore_state()
        self.search.setFocus()
        self.refresh_list()

    def install_features(self) -> None:
        """Install the features (once). A person already on screen is shown again so
        that the features' sections fill in for them."""
        if self.features_installed:
            return
        self.features_installed = True
        self.removeEventFilter(self)
        install_features(self)
        if self.page.person is not None:
            self.page.show_person(self.page.person)
        self.featuresInstalled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Installed on the window only until its first paint (``defer_features``).
        if watched is self and event.type() == QEvent.Type.UpdateRequest:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self.install_features)  # runs once the paint is done
        return False

    # --- extension points --------------------------------------------------------
    def add_left_view(self, widget: QWidget, title: str) -> None:
        self.left_tabs.addTab(widget, title)

    def add_right_page(self, widget: QWidget) -> None:
        self.stack.addWidget(widget)

    def show_right_page(self, widget: QWidget) -> None:
        self.view.clearSelection()
        self.stack.setCurrentWidget(widget)

    def open_person(self, person_id: int) -> None:
        """Show a person from anywhere (a reminder, a network node, a Today row)."""
        self.left_tabs.setCurrentIndex(0)
        self.select_person(person_id)

    # --- building ------------------------------------------------------------------
    def _build_left(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, emails, phones, tags, notes…")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        # Typing changes what is shown, not how many people there are: no recount.
        self.search.textChanged.connect(lambda _text: self.refresh_list(recount=False))
        self.search.returnPressed.connect(self._open_first_result)

        self.model = PeopleListModel(lambda ids: people.person_rows(self.db, ids), self)
        self.model.sortRequested.connect(self._sort_requested)
        # A table view, not a tree view: on every new result a QTreeView asks the model
        # about each row (300,000 Python calls for 100,000 people, 0.76 s); a table
        # view asks only about the rows on screen (7 ms).
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.setCornerButtonEnabled(False)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        columns = self.view.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.resizeSection(1, 120)
        columns.resizeSection(2, 100)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_row(current.row())
        )
        self.list_empty = QLabel()
        self.list_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.list_empty.setWordWrap(True)
        self.list_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_empty.setStyleSheet("color: palette(dark); padding: 24px;")
        self.add_from_search = QPushButton()
        self.add_from_search.clicked.connect(lambda: self.new_person(self.search.text().strip()))
        self.add_from_search.hide()

        self.left = QWidget()
        layout = QVBoxLayout(self.left)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.list_empty)
        layout.addWidget(self.add_from_search, 0, Qt.AlignmentFlag.AlignHCenter)
        self.list_empty.hide()

    def _build_right(self) -> None:
        self.page = PersonPage(self.db)
        self.page.logInteractionRequested.connect(self.log_interaction)
        self.page.editPersonRequested.connect(self.edit_person)
        self.page.archiveRequested.connect(self.toggle_archive)
        self.page.editInteractionRequested.connect(self.edit_interaction)
        self.page.deleteInteractionRequested.connect(self.delete_interaction)
        self.welcome = EmptyState(
            "Welcome to Relapp",
            "Relapp remembers the people you know: how you met, who introduced you, "
            "everything that passed between you, and what you promised.\n\n"
            "Bring in your address book from a vCard file, start with someone you talked "
            "to this week, or look around the demo first.",
            [
                ("Import a vCard…", lambda: welcome.import_vcard(self)),
                ("Add a person…", self.new_person),
                ("Open the demo", lambda: welcome.open_demo(self)),
            ],
        )
        self.nothing_selected = EmptyState(
            "Nobody selected",
            "Choose someone on the left, or press Ctrl+F to search by name, email, "
            "phone number, organisation, tag or note.",
            [],
        )
        self.stack = QStackedWidget()
        for widget in (self.welcome, self.nothing_selected, self.page):
            self.stack.addWidget(widget)

    def _action(
        self, text: str, slot, shortcut=None, icon_name: str = "", tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if icon_name:
            action.setIcon(icons.icon(icon_name))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "&New Person…",
            lambda: self.new_person(),
            QKeySequence.StandardKey.New,
            "person-add",
            "Add someone you know",
        )
        self.log_action = self._action(
            "&Log Interaction…",
            lambda: self.log_interaction(self.current_person_id()),
            QKeySequence("Ctrl+L"),
            "log-interaction",
            "Log a call, email or meeting",
        )
        self.edit_action = self._action(
            "&Edit Person…",
            lambda: self.edit_person(self.current_person_id()),
            QKeySequence("Ctrl+E"),
        )
        self.archive_action = self._action(
            "&Archive Person",
            lambda: self.toggle_archive(self.current_person_id()),
            QKeySequence("Ctrl+Shift+Del"),
            "archive",
        )
        self.find_action = self._action("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        self.quit_action = self._action("&Quit", self.quit, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icons.icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.archived_action = self._action("Show &Archived People", self._toggle_show_archived)
        self.archived_action.setCheckable(True)
        self.about_action = self._action("&About Relapp", self._about)
        for action in (self.log_action, self.edit_action, self.archive_action):
            action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.menus: dict[str, QMenu] = {"file": file_menu}
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        self.menus["edit"] = edit_menu
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        person_menu = bar.addMenu("&Person")
        self.menus["person"] = person_menu
        for action in (self.log_action, self.edit_action, self.archive_action):
            person_menu.addAction(action)
        view_menu = bar.addMenu("&View")
        self.menus["view"] = view_menu
        view_menu.addAction(self.archived_action)
        help_menu = bar.addMenu("&Help")
        self.menus["help"] = help_menu
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        self.toolbar = toolbar
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.log_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)

    # --- the list ------------------------------------------------------------------
    def refresh_list(self, *, recount: bool = True) -> None:
        """Re-run the search in the background; the newest request wins. ``recount``:
        count everyone again (after edits); a keystroke keeps the count it has."""
        query = self.search.text()
        sort, reverse = self._sort, self._order != _NATURAL_ORDER[self._sort]
        archived = self._show_archived
        db = self.db
        if recount:
            self._count_stale = True  # until a result with a fresh count arrives
        known = None if self._count_stale or not self.list_loaded else self._total_people

        def work() -> tuple[str, list[int], int]:
            ids = people.list_people(db, query, sort, archived=archived)
            if reverse:
                ids.reverse()
            total = known if known is not None else people.count_people(db, archived=archived)
            return query, ids, total

        def ready(result: tuple[str, list[int], int]) -> None:
            if known is None:
                self._count_stale = False
            # A keystroke keeps the open page as it is; after an edit it is shown afresh.
            self._keep_page = not recount and self.stack.currentWidget() is self.page
            try:
                self._list_ready(result)
            finally:
                self._keep_page = False

        self.runner.submit(work, ready, self.report_error, key="people-list")

    def _list_ready(self, result: tuple[str, list[int], int]) -> None:
        query, ids, total = result
        current = self.current_person_id()
        self.model.set_ids(ids)
        self._total_people = total
        self.list_loaded = True
        wanted = self._pending_select if self._pending_select is not None else current
        self._pending_select = None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))
            if wanted != current:
                self._show_row(row)
        elif current is not None and wanted == current:
            self.view.clearSelection()
            self._show_row(-1)
        self._update_empty_states(query, len(ids), total)

    def _update_empty_states(self, query: str, shown: int, total: int) -> None:
        noun = "archived person" if self._show_archived else "person"
        if query.strip():
            self.status_count.setText(f"{shown:,} of {count_of(total, noun)}")
        else:
            self.status_count.setText(count_of(total, noun))
        empty = shown == 0
        self.view.setVisible(not empty)
        self.list_empty.setVisible(empty)
        self.add_from_search.setVisible(empty and bool(query.strip()) and not self._show_archived)
        if empty and query.strip():
            self.list_empty.setText(f"No one matches “{query.strip()}”.")
            self.add_from_search.setText(f"Add “{query.strip()[:40]}” as a new person…")
        elif empty and self._show_archived:
            self.list_empty.setText("No archived people.")
        elif empty:
            self.list_empty.setText("No people yet.\nPress Ctrl+N to add the first one.")
        if self.current_person_id() is None:
            no_people = total == 0 and not self._show_archived and not query.strip()
            self.stack.setCurrentWidget(self.welcome if no_people else self.nothing_selected)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        self._sort = _SORT_FOR_COLUMN.get(column, PeopleSort.NAME)
        self._order = order
        self.refresh_list()

    def _open_first_result(self) -> None:
        """Return: open the person the query names (``search.named_first``), else the
        first row."""
        if self.model.rowCount() > 0:
            ids = self.model.ids()[:NAMED_AMONG]
            rows = people.person_rows(self.db, ids)
            names = [rows[i].display_name if i in rows else "" for i in ids]
            row = named_first(names, self.search.text())
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_person_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_person(self, person_id: int) -> None:
        """Show a person: select them in the list (clearing a search that hides them)."""
        row = self.model.row_of(person_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            return
        self._pending_select = person_id
        if self.search.text():
            self.search.clear()  # triggers a refresh
        else:
            self.refresh_list()

    def _show_row(self, row: int) -> None:
        person_id = self.model.id_at(row)
        has_person = person_id is not None
        for action in (self.log_action, self.edit_action, self.archive_action):
            action.setEnabled(has_person)
        if person_id is None:
            self.page.person = None
            self.stack.setCurrentWidget(self.nothing_selected)
            return
        shown = self.page.person
        if self._keep_page and shown is not None and shown.id == person_id:
            return  # a search that still finds them: the page stays as it is
        try:
            person = people.get_person(self.db, person_id)
        except NotFound:
            self.refresh_list()
            return
        self.page.show_person(person)
        self.archive_action.setText("Un&archive Person" if person.archived else "&Archive Person")
        self.page.archive_button.setText("Unarchive" if person.archived else "Archive")
        self.stack.setCurrentWidget(self.page)

    # --- commands ------------------------------------------------------------------
    def new_person(self, name: str = "") -> None:
        from relapp.ui.person_dialog import PersonDialog  # with the duplicate guard: on use

        dialog = PersonDialog(self.db, self.runner, None, self, initial_name=name)
        if not dialog.exec():
            if dialog.outcome == "open" and dialog.chosen_existing_id is not None:
                self.select_person(dialog.chosen_existing_id)
            return
        if dialog.outcome == "open" and dialog.chosen_existing_id is not None:
            self.select_person(dialog.chosen_existing_id)
        elif dialog.outcome == "merged" and dialog.chosen_existing_id is not None:
            self.announce(
                Changes.of_people((dialog.chosen_existing_id,), persons=True, tags=True),
                dialog.chosen_existing_id,
            )
            self.statusBar().showMessage(
                "Added the new details to the person you already know", 5000
            )
        elif dialog.person is not None:
            person = dialog.person
            self.undo_stack.push(undo_commands.person_added(self, person.id, person.display_name))
            self.announce(Changes.of_people((person.id,), persons=True, tags=True), person.id)
            self.statusBar().showMessage(f"Added {person.display_name}", 4000)

    def edit_person(self, person_id: int | None) -> None:
        if person_id is None:
            return
        before = people.get_person(self.db, person_id)
        from relapp.ui.person_dialog import PersonDialog

        dialog = PersonDialog(self.db, self.runner, before, self)
        accepted = dialog.exec()
        if dialog.outcome == "merge" and dialog.chosen_existing_id is not None:
            self.mergeRequested.emit(person_id, dialog.chosen_existing_id)
        elif dialog.outcome == "open" and dialog.chosen_existing_id is not None:
            self.select_person(dialog.chosen_existing_id)
        elif accepted and dialog.person is not None:
            after = dialog.person
            self.undo_stack.push(
                undo_commands.person_edited(self, person_id, before.draft(), after.draft())
            )
            self.announce(Changes.of_people((person_id,), persons=True, tags=True), person_id)

    def toggle_archive(self, person_id: int | None) -> None:
        if person_id is None:
            return
        person = people.get_person(self.db, person_id)
        if person.archived:
            self.undo_stack.push(
                undo_commands.DataCommand(
                    self,
                    f"Unarchive {person.display_name}",
                    lambda db: people.unarchive_person(db, person_id),
                    lambda db: people.archive_person(db, person_id),
                    (person_id,),
                    already_done=False,
                )
            )
            self.statusBar().showMessage(f"{person.display_name} is back in your list", 5000)
            return
        self.undo_stack.push(undo_commands.archive_person(self, person_id, person.display_name))
        self.statusBar().showMessage(f"Archived {person.display_name}. Press Ctrl+Z to undo.", 8000)

    def log_interaction(self, person_id: int | None) -> None:
        if person_id is None:
            return
        from relapp.ui.interaction_dialog import InteractionDialog  # imported on first use

        dialog = InteractionDialog(self.db, self.runner, (person_id,), None, self)
        if dialog.exec() and dialog.interaction is not None:
            logged = dialog.logged or Logged(dialog.interaction)  # with its promise, if any
            self.undo_stack.push(undo_commands.interaction_logged(self, logged))
            self.announce(logged.changes)

    def edit_interaction(self, interaction_id: int) -> None:
        try:
            before = interactions.get_interaction(self.db, interaction_id)
        except NotFound as exc:
            self.report_error(exc)
            return
        from relapp.ui.interaction_dialog import InteractionDialog

        dialog = InteractionDialog(self.db, self.runner, before.person_ids, before, self)
        if dialog.exec() and dialog.interaction is not None:
            after = dialog.interaction
            self.undo_stack.push(
                undo_commands.interaction_edited(
                    self, interaction_id, before.draft(), after.draft()
                )
            )
            self.announce(
                Changes.of_people((*before.person_ids, *after.person_ids), interactions=True)
            )

    def delete_interaction(self, interaction_id: int) -> None:
        try:
            gone = interactions.get_interaction(self.db, interaction_id)
        except NotFound as exc:
            self.report_error(exc)
            return
        self.undo_stack.push(undo_commands.delete_interaction(self, gone))
        self.statusBar().showMessage("Deleted the entry. Press Ctrl+Z to undo.", 8000)

    def _toggle_show_archived(self, checked: bool) -> None:
        self._show_archived = checked
        self.view.clearSelection()
        self.view.setCurrentIndex(self.model.index(-1, -1))
        self.refresh_list()

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About Relapp")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Relapp {__version__}\n\nA personal relationship manager: remember people well "
            f"and keep your word.\n\nYour data: {self.db.path}"
        )
        box.setIconPixmap(icons.app_icon().pixmap(64, 64))
        box.exec()

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
            self._pending_select = select
        if current is not None and changes.touches(current) and select is None:
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
        page_splitter = self.settings.value("window/person-splitter")
        if page_splitter is not None:
            self.page.splitter.restoreState(page_splitter)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/person-splitter", self.page.splitter.saveState())
        self.settings.sync()

    def quit(self) -> None:
        """End Relapp (File ▸ Quit, the tray's Quit), also when it lives in the tray."""
        self._quitting = True
        if self.close():
            QApplication.quit()
        self._quitting = False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if not self._quitting and self.keep_running_on_close():
            event.ignore()
            self.hide()
            return
        self.runner.wait(5000)
        super().closeEvent(event)
