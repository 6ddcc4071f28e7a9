"""What a feature may use of the window: the Shell.

A feature (``ui/<noun>/feature.py``) is installed with ``install(shell) -> feature``
and reaches the rest of Relapp only through this class: menus by id, left-hand views,
right-hand pages, sections of the person page, the person on screen, the runner, the
undo stack, settings, the clock, the status bar (``tell``), errors (``report_error``),
what changed (``changed``/``announce``), close vetoes, extensions of the log dialog,
and the other installed features (``features``, by type). No feature imports the main
window; ``ui/window_shell.py`` implements the window-side half over it, and
``tests/ui/fake_shell.py`` over plain widgets, so a feature can be tested alone.

The base class holds what is the same everywhere (the change event, the vetoes, the
extensions, the features); the window-side methods raise ``NotImplementedError`` here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Literal, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from relapp.domain.clock import Clock
from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from relapp.domain.changes import Changes
    from relapp.domain.model import Person
    from relapp.ui.interaction_dialog import InteractionDialog
    from relapp.ui.notifications.transport import Notifications

MenuId = Literal["file", "edit", "person", "view", "settings", "help"]
MENU_IDS: tuple[MenuId, ...] = ("file", "edit", "person", "view", "settings", "help")
DialogExtension = Callable[["InteractionDialog"], None]
CloseVeto = Callable[[], bool]  # True: keep running (hide the window instead of closing)
T = TypeVar("T")


def everything_about(person_ids: tuple[int, ...] | list[int] | frozenset[int]) -> Changes:
    """Every kind of record of these people may have changed (callers not yet precise)."""
    from relapp.domain.changes import Changes  # after the first paint (with the first write)

    return Changes.of_people(
        person_ids, persons=True, interactions=True, promises=True, introductions=True, tags=True
    )


class Features:
    """The installed features, one object per type: what ``install`` returned.

    ``get(PromisesFeature)`` is typed (it returns a ``PromisesFeature``); tests and, where
    really needed, another feature reach a feature this way instead of ``findChild``."""

    def __init__(self) -> None:
        self._by_type: dict[type, object] = {}

    def add(self, feature: object) -> None:
        kind = type(feature)
        if kind in self._by_type:
            raise ValueError(f"{kind.__name__} is installed twice")
        self._by_type[kind] = feature

    def find(self, kind: type[T]) -> T | None:
        found = self._by_type.get(kind)
        return found if isinstance(found, kind) else None

    def get(self, kind: type[T]) -> T:
        found = self.find(kind)
        if found is None:
            raise LookupError(f"{kind.__name__} is not installed")
        return found

    def __iter__(self) -> Iterator[object]:
        return iter(self._by_type.values())

    def __len__(self) -> int:
        return len(self._by_type)


class Shell(QObject):
    """What a feature may use. Signals: ``changed`` (a ``Changes``, after every write),
    ``personShown`` (the ``Person`` the page now shows), ``mergeRequested`` (two ids:
    the person dialog's "Merge with this person…"), ``filesReceived`` (paths handed to
    Relapp on its command line or by a second launch)."""

    changed = Signal(object)
    personShown = Signal(object)
    mergeRequested = Signal(int, int)
    filesReceived = Signal(list)

    def __init__(
        self,
        widget: QWidget,
        *,
        db: Database,
        paths: AppPaths,
        runner: TaskRunner,
        undo_stack: QUndoStack,
        settings: QSettings,
        clock: Clock,
        features: Features | None = None,
        close_vetoes: list[CloseVeto] | None = None,
        dialog_extensions: list[DialogExtension] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget  # the parent of the features' dialogs and message boxes
        self.db = db
        self.paths = paths
        self.runner = runner
        self.undo_stack = undo_stack
        self.settings = settings
        self.clock = clock
        self.features = features if features is not None else Features()
        self._close_vetoes = close_vetoes if close_vetoes is not None else []
        self._dialog_extensions = dialog_extensions if dialog_extensions is not None else []
        self._notifications: Notifications | None = None

    # --- what changed --------------------------------------------------------------------
    def announce(self, changes: Changes, select: int | None = None) -> None:
        """A write happened: the window reads again what it touched, then ``changed``."""
        self.changed.emit(changes)

    # --- closing and the log dialog --------------------------------------------------------
    def add_close_veto(self, veto: CloseVeto) -> None:
        """``veto()`` is asked when the window is closed (not quit): True keeps Relapp
        running with the window hidden (the tray)."""
        self._close_vetoes.append(veto)

    def keeps_running_on_close(self) -> bool:
        return any(veto() for veto in self._close_vetoes)

    def add_dialog_extension(self, extend: DialogExtension) -> None:
        """``extend(dialog)`` is called for every log-interaction dialog that is opened."""
        if extend not in self._dialog_extensions:
            self._dialog_extensions.append(extend)

    @property
    def dialog_extensions(self) -> tuple[DialogExtension, ...]:
        """What to pass to ``InteractionDialog(..., extensions=...)``."""
        return tuple(self._dialog_extensions)

    # --- notifications to the desktop -------------------------------------------------------
    @property
    def notifications(self) -> Notifications:
        """Notifications with actions through the desktop's notification server (made on
        first use; ``show(note, fallback)`` falls back where there is none)."""
        if self._notifications is None:
            from relapp.ui.notifications.transport import Notifications

            self._notifications = Notifications(self)
        return self._notifications

    def set_notifications(self, notifications: Notifications) -> None:
        """Use these (tests: a private session bus) before a feature first asks."""
        self._notifications = notifications

    # --- the window side (see ui/window_shell.py) ------------------------------------------
    def menu(self, menu_id: MenuId) -> QMenu:
        raise NotImplementedError

    def add_actions(self, menu_id: MenuId, *actions: QAction, separate: bool = False) -> None:
        """Add actions to a menu (File: above Quit). ``separate``: a separator sets them
        apart from what the menu had."""
        menu = self.menu(menu_id)
        if separate and menu.actions():
            menu.addSeparator()
        for action in actions:
            menu.addAction(action)

    def add_list_action(self, action: QAction) -> None:
        """An action in the people list's context menu (it acts on the current person)."""
        raise NotImplementedError

    def add_left_view(self, widget: QWidget, title: str) -> None:
        raise NotImplementedError

    def show_left_view(self, widget: QWidget) -> None:
        raise NotImplementedError

    def set_left_view_title(self, widget: QWidget, title: str) -> None:
        raise NotImplementedError

    def add_right_page(self, widget: QWidget) -> None:
        raise NotImplementedError

    def show_right_page(self, widget: QWidget) -> None:
        raise NotImplementedError

    def add_top_section(self, widget: QWidget) -> None:
        raise NotImplementedError

    def add_detail_section(self, title: str, widget: QWidget) -> None:
        raise NotImplementedError

    def add_history_header(self, widget: QWidget) -> None:
        raise NotImplementedError

    def scroll_history_to(self, interaction_id: int) -> bool:
        raise NotImplementedError

    @property
    def person_page(self) -> QWidget:
        """The person page as a widget (a drop target); its slots are the add_* above."""
        raise NotImplementedError

    @property
    def shown_person(self) -> Person | None:
        """The person the page shows (also while the list has nobody selected)."""
        raise NotImplementedError

    def current_person_id(self) -> int | None:
        """The person selected in the people list."""
        raise NotImplementedError

    def open_person(self, person_id: int) -> None:
        """Show a person from anywhere (a reminder, a node): back on the People list."""
        raise NotImplementedError

    def select_person(self, person_id: int) -> None:
        """Show a person's page, leaving the left-hand view as it is."""
        raise NotImplementedError

    def tell(self, text: str, msecs: int = 5000) -> None:
        """A line in the status bar; ``msecs`` 0 keeps it until the next one."""
        raise NotImplementedError

    def add_status_widget(self, widget: QWidget) -> None:
        """A permanent widget at the right of the status bar (the sync status line)."""
        raise NotImplementedError

    def report_error(self, error: BaseException) -> None:
        raise NotImplementedError

    @property
    def undo_action(self) -> QAction:
        raise NotImplementedError

    @property
    def redo_action(self) -> QAction:
        raise NotImplementedError

    def show_window(self) -> None:
        """Bring the window forward (from the tray, a reminder)."""
        raise NotImplementedError

    def quit(self) -> None:
        """End Relapp, also when it lives in the tray."""
        raise NotImplementedError
