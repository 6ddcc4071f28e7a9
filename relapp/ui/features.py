"""The features that plug into the main window, in the order they are installed.

Each ``install(window)`` adds its views, pages, menu actions and person-page sections
through the main window's extension points. Keep imports of heavy libraries
(pyqtgraph, networkx) inside the feature's functions, never at install time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relapp.ui.main_window import MainWindow

Installer = Callable[["MainWindow"], None]


def installers() -> list[Installer]:
    from relapp.ui.about_dialog import install as about
    from relapp.ui.backups.feature import install as backups
    from relapp.ui.exporting.feature import install as exporting
    from relapp.ui.health.feature import install as health
    from relapp.ui.importing.feature import install as importing
    from relapp.ui.introductions.feature import install as introductions
    from relapp.ui.merging.feature import install as merging
    from relapp.ui.promises.feature import install as promises

    return [introductions, promises, health, backups, about, importing, exporting, merging]


def install_features(window: MainWindow) -> None:
    for install in installers():
        install(window)
