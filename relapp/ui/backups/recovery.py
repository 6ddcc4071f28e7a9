"""When the database is damaged: offer the newest good backup, never write over the
damaged file (it is set aside as ``relapp.sqlite3.damaged-<time>``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from relapp.domain.errors import DatabaseCorrupt, RelappError
from relapp.domain.i18n import _
from relapp.paths import AppPaths
from relapp.storage import Database

if TYPE_CHECKING:  # the backups are read only for a damaged database: not at start-up
    from relapp.services import backups

log = logging.getLogger(__name__)


def ask_to_restore(
    parent: QWidget | None, database: Path, problem: str, newest: backups.BackupInfo | None
) -> bool:
    """The dialog for a damaged database; True when the user chose to restore."""
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    from relapp.ui.backups.format import describe_backup

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("The database is damaged"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    text = _("Relapp found damage in its database:") + f"\n\n{database}\n\n{problem}"
    if newest is None:
        box.setText(text)
        box.setInformativeText(
            _(
                "There is no good backup to restore. The file was left exactly as it was; "
                "keep a copy of it before trying anything else."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()
        return False
    box.setText(text)
    box.setInformativeText(
        _("The newest good backup is from {backup}.").format(backup=describe_backup(newest))
        + "\n\n"
        + _("Restore it? The damaged file is kept aside, untouched, next to it.")
    )
    restore = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def restore_damaged(
    parent: QWidget | None,
    database: Path,
    problem: str,
    close: Callable[[], None] = lambda: None,
) -> backups.RestoreResult | None:
    """Offer and, if accepted, do the restore of a damaged database (``close`` closes
    the app's connection to it first). Looking for a good backup (each is checked) and
    putting it in place take seconds for a big one: both run on a thread of their own
    behind a progress dialog, the GUI turning (issue 18: no stall over 50 ms)."""
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    from relapp.services import backups
    from relapp.ui.backups.restoring import run_on_a_thread

    folder = backups.backups_folder(database)
    newest, error = run_on_a_thread(
        parent,
        _("Looking for a good backup in {folder}…").format(folder=folder),
        lambda: backups.newest_good_backup(folder),
    )
    if error is not None:
        raise error
    if not ask_to_restore(parent, database, problem, newest) or newest is None:
        return None
    close()
    result, error = run_on_a_thread(
        parent,
        _("Restoring {file}…\nThe damaged database is kept aside.").format(file=newest.path.name),
        lambda: backups.restore(database, newest.path),
    )
    if isinstance(error, RelappError | OSError):
        log.error("restore failed: %s", error)
        box = QMessageBox(QMessageBox.Icon.Critical, _("Cannot restore"), "", parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(_("The backup could not be restored:") + f"\n\n{error}")
        box.exec()
        return None
    if error is not None:
        raise error
    log.warning("restored %s from %s; damaged copy: %s", database, newest.path, result.damaged)
    return result


def restored_message(parent: QWidget | None, result: backups.RestoreResult, restart: bool) -> None:
    from PySide6.QtCore import Qt  # on use: the Qt namespace's enums cost start-up
    from PySide6.QtWidgets import QMessageBox  # on use: its types cost start-up

    lines = [_("Restored from:") + f"\n{result.restored_from}"]
    if result.damaged is not None:
        lines.append(_("The damaged database was kept aside as:") + f"\n{result.damaged}")
    if result.previous is not None:
        lines.append(_("What was there before was backed up as:") + f"\n{result.previous}")
    box = QMessageBox(QMessageBox.Icon.Information, _("Backup restored"), "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("\n\n".join(lines))
    if restart:
        box.setInformativeText(_("Relapp will now close. Start it again to use the restored data."))
    box.exec()


def open_user_database_or_restore(paths: AppPaths) -> Database:
    """Open the user's database; when it is damaged, offer the newest good backup
    (the damaged file is kept aside) and open the restored one. Re-raises the error
    when the user declines or there is no good backup."""
    from relapp.bootstrap import open_user_database

    try:
        return open_user_database(paths)
    except DatabaseCorrupt as error:
        result = restore_damaged(None, paths.database, error.message)
        if result is None:
            raise
    restored_message(None, result, restart=False)
    return open_user_database(paths)
