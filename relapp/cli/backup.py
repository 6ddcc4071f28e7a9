"""``relapp backup [--to FILE]`` and ``relapp restore FILE``: SQLite's online backup,
verified, into the data folder's ``backups/`` or to a file; and a backup put back after
checking it. ``backup`` into ``backups/`` and ``restore`` hold the folder's lock;
``backup --to`` only reads the folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from relapp.cli.command import Command
from relapp.cli.folder import (
    DATABASE_NEEDS_ATTENTION,
    CommandFailed,
    damaged,
    holding_the_folder,
    open_db,
)
from relapp.domain.dates import number_text
from relapp.domain.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from relapp.paths import AppPaths


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", metavar="FILE", help=_("write the copy to FILE instead of the backups folder")
    )


def backup(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.domain.errors import BackupInvalid, RelappError
    from relapp.services import backups

    hint = _("Back up from Settings ▸ Backups… in the app, or with --to FILE.")
    # --to only reads the folder. The copy's check is the database's (it holds the same
    # pages): the file is read once to check it, not twice (``backed_up_first``).
    with open_db(paths, writes=not args.to, hint=hint, check=False) as db:
        try:
            made = backups.backup_now(db, backups.MANUAL, to=Path(args.to) if args.to else None)
        except BackupInvalid as error:
            if error.damage:
                raise damaged(db.path, error.damage) from None
            raise CommandFailed(str(error), DATABASE_NEEDS_ATTENTION) from error
        except (RelappError, OSError) as error:
            failed = _("the backup could not be written: {error}").format(error=error)
            raise CommandFailed(failed, 1) from error
    size = made.stat().st_size
    print(
        ngettext("Backed up to {file} ({n} byte)", "Backed up to {file} ({n} bytes)", size).format(
            file=made, n=number_text(size)
        )
    )
    return 0


BACKUP = Command(
    "backup",
    N_(
        "copy the database now (SQLite's online backup, verified) into the data folder's "
        "backups/ (not while the window runs: it makes its own), or to --to FILE (also "
        "beside the window)"
    ),
    _backup_arguments,
    run=backup,
)


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a backup (.sqlite3) to restore"))


def restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.domain.errors import RelappError
    from relapp.services import backups

    hint = _("Close it first, or restore from Settings ▸ Backups… in the app.")
    with holding_the_folder(paths, hint):
        try:
            result = backups.restore(paths.database, Path(args.file))
        except (RelappError, OSError) as error:
            raise CommandFailed(_("nothing was changed: {error}").format(error=error), 1) from error
    print(
        _("Restored {database} from {backup}").format(
            database=paths.database, backup=result.restored_from
        )
    )
    if result.previous is not None:
        print("  " + _("what was there before: {file}").format(file=result.previous))
    if result.damaged is not None:
        print("  " + _("the damaged database was kept aside as {file}").format(file=result.damaged))
    return 0


RESTORE = Command(
    "restore",
    N_(
        "replace the database with a backup FILE, after checking it; what is there now is "
        "backed up first (or kept aside if it is damaged)"
    ),
    _restore_arguments,
    run=restore,
)
