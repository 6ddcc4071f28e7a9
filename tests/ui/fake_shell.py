"""A Shell over plain widgets, to install and test one feature without the main window.

Everything a feature may use is here and real (menus, the runner, the undo stack, the
settings file, the change event); what the window would show is recorded instead:
``left_views``, ``right_pages``, ``sections``, ``told``, ``errors``, ``announced``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from relapp.domain.changes import Changes
from relapp.domain.clock import Clock
from relapp.domain.model import Person
from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.shell import MENU_IDS, MenuId, Shell
from relapp.ui.tasks import TaskRunner


class FakeShell(Shell):
    def __init__(
        self, db: Database, paths: AppPaths, runner: TaskRunner, *, clock: Clock | None = None
    ) -> None:
        widget = QWidget()
        undo_stack = QUndoStack(widget)
        settings = QSettings(str(paths.data_dir / "fake-shell.ini"), QSettings.Format.IniFormat)
        super().__init__(
            widget,
            db=db,
            paths=paths,
            runner=runner,
            undo_stack=undo_stack,
            settings=settings,
            clock=clock or (lambda: datetime.now(UTC)),
        )
        self.menus: dict[str, QMenu] = {m: QMenu(m, widget) for m in MENU_IDS}
        self.list_actions: list[QAction] = []
        self.left_views: dict[str, QWidget] = {}
        self.shown_left: QWidget | None = None
        self.right_pages: list[QWidget] = []
        self.shown_right: QWidget | None = None
        self.sections: list[QWidget] = []
        self.told: list[str] = []
        self.status_widgets: list[QWidget] = []
        self.errors: list[BaseException] = []
        self.announced: list[Changes] = []
        self.opened: list[int] = []
        self.quit_asked = 0
        self._page = QWidget(widget)
        self._person: Person | None = None
        self._undo = undo_stack.createUndoAction(widget)
        self._redo = undo_stack.createRedoAction(widget)

    # --- what the test does as the window would ------------------------------------------
    def show(self, person: Person | None) -> None:
        """The window showing (and selecting) ``person``."""
        self._person = person
        if person is not None:
            self.personShown.emit(person)

    # --- the Shell --------------------------------------------------------------------------
    def menu(self, menu_id: MenuId) -> QMenu:
        return self.menus[menu_id]

    def add_list_action(self, action: QAction) -> None:
        self.list_actions.append(action)

    def add_left_view(self, widget: QWidget, title: str) -> None:
        self.left_views[title] = widget

    def show_left_view(self, widget: QWidget) -> None:
        self.shown_left = widget

    def set_left_view_title(self, widget: QWidget, title: str) -> None:
        old = next(t for t, w in self.left_views.items() if w is widget)
        self.left_views[title] = self.left_views.pop(old)

    def add_right_page(self, widget: QWidget) -> None:
        self.right_pages.append(widget)

    def show_right_page(self, widget: QWidget) -> None:
        self.shown_right = widget

    def add_top_section(self, widget: QWidget) -> None:
        self.sections.append(widget)

    def add_detail_section(self, title: str, widget: QWidget) -> None:
        self.sections.append(widget)

    def add_history_header(self, widget: QWidget) -> None:
        self.sections.append(widget)

    def scroll_history_to(self, interaction_id: int) -> bool:
        return False

    @property
    def person_page(self) -> QWidget:
        return self._page

    @property
    def shown_person(self) -> Person | None:
        return self._person

    def current_person_id(self) -> int | None:
        return self._person.id if self._person is not None else None

    def open_person(self, person_id: int) -> None:
        self.opened.append(person_id)

    def select_person(self, person_id: int) -> None:
        self.opened.append(person_id)

    def tell(self, text: str, msecs: int = 5000) -> None:
        self.told.append(text)

    def add_status_widget(self, widget: QWidget) -> None:
        widget.setParent(self.widget)
        self.status_widgets.append(widget)

    def report_error(self, error: BaseException) -> None:
        self.errors.append(error)

    def announce(self, changes: Changes, select: int | None = None) -> None:
        self.announced.append(changes)
        super().announce(changes, select)

    @property
    def undo_action(self) -> QAction:
        return self._undo

    @property
    def redo_action(self) -> QAction:
        return self._redo

    def show_window(self) -> None:
        self.widget.show()

    def quit(self) -> None:
        self.quit_asked += 1
