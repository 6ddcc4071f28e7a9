"""The features, in the order they are installed.

Each ``install(shell)`` adds its views, pages, menu actions and person-page sections
through the ``Shell`` (``relapp/ui/shell.py``) and returns the feature object, which
``install_features`` keeps in ``shell.features`` (by type). Keep imports of heavy
libraries (pyqtgraph, networkx) inside the feature's functions, never at install time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from relapp.ui.shell import Features, Shell

Installer = Callable[[Shell], object]


def installers() -> list[Installer]:
    from relapp.ui.backups.feature import install as backups
    from relapp.ui.capture.feature import install as capture
    from relapp.ui.exporting.feature import install as exporting
    from relapp.ui.health.feature import install as health
    from relapp.ui.importing.feature import install as importing
    from relapp.ui.introductions.feature import install as introductions
    from relapp.ui.merging.feature import install as merging
    from relapp.ui.promises.feature import install as promises
    from relapp.ui.sync.feature import install as sync

    # capture after importing: its drop filter sees a drag first (archives only)
    return [introductions, promises, health, backups, importing, capture, exporting, merging, sync]


def install_features(shell: Shell, chosen: Sequence[Installer] | None = None) -> Features:
    """Install the features (``chosen``, else all) against the shell; returns them."""
    for install in installers() if chosen is None else chosen:
        shell.features.add(install(shell))
    return shell.features
