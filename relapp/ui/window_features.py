"""The window's features arrive after its first paint (issue 18: start-up within 1.5× a
bare window, no GUI stall over 50 ms): the window appears as soon as the people list can;
then the list's first search starts on the worker, the features' modules are imported
there too, and the features are installed on the GUI thread (quick once their modules
are loaded). ``MainWindow`` takes this part from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer

from relapp.domain import dates
from relapp.ui import icons, qt_types, theme

if TYPE_CHECKING:
    from relapp.ui.people.list_panel import PeopleListPanel
    from relapp.ui.tasks import TaskRunner


class FeaturesAfterFirstPaint:
    """The features' installing, now or after the first paint (a mixin of the window)."""

    runner: TaskRunner
    people_list: PeopleListPanel
    features_installed: bool
    _install: Callable[[], None] | None
    _prepare: Callable[[], object] | None
    _installing: bool
    featuresInstalled: Any  # the window's Signal
    page: Any  # the window's person page (made on first use)

    # With ``after_first_paint``, the features are installed right after the window's first
    # paint (or after this long if it is never painted): the window appears as soon as
    # the people list can, and the features' imports (numpy, the vCard and JSON code,
    # the network and chart modules) happen while the user is already looking at it.
    DEFERRED_FALLBACK_MS = 1500

    def plug_in(
        self,
        install: Callable[[], None],
        *,
        after_first_paint: bool = False,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        """``install`` the features now, or right after the first paint; then
        ``prepare`` (importing their modules) runs on the worker first, so that the
        window just shown is not held while Python loads them."""
        self._install = install
        self._prepare = prepare if after_first_paint else None
        if after_first_paint:
            self.installEventFilter(self)  # type: ignore[attr-defined]
            QTimer.singleShot(self.DEFERRED_FALLBACK_MS, self.install_features)
        else:
            self.install_features()

    def install_features(self) -> None:
        """Install the features (once). A person already on screen is shown again so
        that the features' sections fill in for them."""
        if self.features_installed or self._installing or self._install is None:
            return
        self._installing = True
        self.removeEventFilter(self)  # type: ignore[attr-defined]
        self.start_list()  # on the worker while the features install
        # The icon after the first paint: X11 is sent every size of it (16-512 px
        # decoded from PNG and converted, 60 million instructions).
        self.setWindowIcon(icons.app_icon())  # type: ignore[attr-defined]
        theme.finish_start()  # the check boxes' edges (a style object)
        self.people_list.after_first_paint()
        self.page  # noqa: B018  (made now if nothing asked for it yet: the features add to it)
        self.people_list.build_hits()  # "In your notes", made now if not yet
        if self._prepare is None:
            self._finish_install()
        else:  # the features' modules are loaded on the worker, then installed here
            finish = lambda _result=None: self._finish_install()  # noqa: E731
            prepare = self._prepare
            # Qt's types made here first: made on two threads at once, they crash (qt_types)
            qt_types.make_then(
                self,  # type: ignore[arg-type]
                lambda: self.runner.submit(prepare, finish, finish),  # an error: raised by install
            )

    def _finish_install(self) -> None:
        page = self.page
        self._install()
        self.features_installed = True
        self.runner.submit(dates.load_locale_data)  # off the GUI thread, before a view needs it
        if page.person is not None:
            page.show_person(page.person)
        self.featuresInstalled.emit()

    def start_list(self) -> None:
        """The list's first search, if it waited for the first paint (``__init__``)."""
        if self.people_list.holding:
            self.people_list.holding = False
            self.refresh_list()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Installed on the window only until its first paint (``plug_in``).
        if watched is self and event.type() == QEvent.Type.UpdateRequest:
            self.removeEventFilter(self)  # type: ignore[attr-defined]
            QTimer.singleShot(0, self.after_first_paint)  # runs once the paint is done
        return False

    def after_first_paint(self) -> None:
        """Once the first paint is done: the ``Qt`` namespace's 93 enums, which it did
        without (``relapp/ui/qt_values.py``) and nearly everything after it uses, made in
        a turn of the event loop of their own (125 million instructions); then the
        features (``install_features``)."""
        from PySide6 import QtCore

        QtCore.Qt  # noqa: B018  (PySide6 makes the type on first use)
        QTimer.singleShot(0, self.install_features)
