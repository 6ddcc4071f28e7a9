"""The Shell over the main window: what features may use, implemented by the window.

``app.open_window`` builds the window, then this shell over it, then installs the
features against the shell. Only this module and ``app.py`` know ``MainWindow``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from relapp.domain.clock import Clock
from relapp.domain.i18n import _
from relapp.ui.errors import show_error
from relapp.ui.main_window import MainWindow
from relapp.ui.shell import MenuId, Shell

if TYPE_CHECKING:
    from relapp.domain.changes import Changes
    from relapp.domain.model import Person


def system_now() -> datetime:
    return datetime.now(UTC)


class WindowShell(Shell):
    def __init__(self, window: MainWindow, *, clock: Clock | None = None) -> None:
        super().__init__(
            window,
            db=window.db,
            paths=window.paths,
            runner=window.runner,
            undo_stack=window.undo_stack,
            settings=window.settings,
            clock=clock or system_now,
            features=window.features,
            close_vetoes=window.close_vetoes,
            dialog_extensions=window.dialog_extensions,
        )
        self._window = window
        window.changed.connect(self.changed)
        window.personShown.connect(self.personShown)
        window.mergeRequested.connect(self.mergeRequested)

    # --- menus -------------------------------------------------------------------------
    def menu(self, menu_id: MenuId) -> QMenu:
        window = self._window
        menu = window.menus.get(menu_id)
        if menu is None:  # Settings: made when a feature first adds to it
            menu = QMenu(_("&Settings"), window)
            window.menuBar().insertMenu(window.menus["help"].menuAction(), menu)
            window.menus[menu_id] = menu
        return menu

    def add_actions(self, menu_id: MenuId, *actions: QAction, separate: bool = False) -> None:
        if menu_id != "file":
            super().add_actions(menu_id, *actions, separate=separate)
            return
        menu = self.menu("file")
        quit_action = self._window.quit_action
        for action in actions:
            menu.insertAction(quit_action, action)
        if separate:
            menu.insertSeparator(quit_action)

    def add_list_action(self, action: QAction) -> None:
        from PySide6.QtCore import Qt  # a feature's, after the first paint (``qt_values``)

        view = self._window.view
        view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # --- views and pages ---------------------------------------------------------------
    def add_left_view(self, widget: QWidget, title: str) -> None:
        self._window.left_tabs.addTab(widget, title)

    def show_left_view(self, widget: QWidget) -> None:
        self._window.left_tabs.setCurrentWidget(widget)

    def set_left_view_title(self, widget: QWidget, title: str) -> None:
        tabs = self._window.left_tabs
        tabs.setTabText(tabs.indexOf(widget), title)

    def add_right_page(self, widget: QWidget) -> None:
        self._window.stack.addWidget(widget)

    def show_right_page(self, widget: QWidget) -> None:
        self._window.view.clearSelection()
        self._window.stack.setCurrentWidget(widget)
        # The repaint requests of the page and its children, handed on now: posted after
        # the one its chart's view made as it was shown, they came after the window's
        # paint and had the page painted twice (the health overview, issue 18).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)

    # --- the person page ---------------------------------------------------------------
    def add_top_section(self, widget: QWidget) -> None:
        self._window.page.add_top_section(widget)

    def add_detail_section(self, title: str, widget: QWidget) -> None:
        self._window.page.add_detail_section(title, widget)

    def add_history_header(self, widget: QWidget) -> None:
        self._window.page.add_history_header(widget)

    def scroll_history_to(self, interaction_id: int) -> bool:
        return self._window.page.scroll_history_to(interaction_id)

    @property
    def person_page(self) -> QWidget:
        return self._window.page

    @property
    def shown_person(self) -> Person | None:
        return self._window.page.person

    def current_person_id(self) -> int | None:
        return self._window.current_person_id()

    def open_person(self, person_id: int) -> None:
        self._window.open_person(person_id)

    def select_person(self, person_id: int) -> None:
        self._window.select_person(person_id)

    # --- telling -----------------------------------------------------------------------
    def tell(self, text: str, msecs: int = 5000) -> None:
        self._window.statusBar().showMessage(text, msecs)

    def add_status_widget(self, widget: QWidget) -> None:
        self._window.statusBar().addPermanentWidget(widget)

    def report_error(self, error: BaseException) -> None:
        show_error(self._window, error)

    def announce(self, changes: Changes, select: int | None = None) -> None:
        self._window.announce(changes, select)  # emits changed, forwarded above

    # --- undo, the window itself ---------------------------------------------------------
    @property
    def undo_action(self) -> QAction:
        return self._window.undo_action

    @property
    def redo_action(self) -> QAction:
        return self._window.redo_action

    def show_window(self) -> None:
        self._window.bring_forward()

    def quit(self) -> None:
        self._window.quit()
