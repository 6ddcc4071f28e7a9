"""Headless commands for scripts: ``relapp COMMAND ... [--data-dir DIR]``, no window.

Each command is one ``Command`` value (``command.py``) in its own module, and the list of
them all is ``commands.COMMANDS``, spelled out; nothing registers itself on import.
Adding one is a function, its arguments and one line in that list::

    def _export_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--vcard", metavar="OUT")

    def export(args: argparse.Namespace, paths: AppPaths) -> int:
        with open_db(paths) as db:
            ...
        return 0

    EXPORT = Command("export", "write your people to a file", _export_arguments, export)

The parts: ``framework.py`` (parse, dispatch, every failure as one message),
``folder.py`` (the folder's lock and the checked database), ``errors.py`` (what a failure
says), ``words.py`` (the text of ``show``/``today``/``due``), and one module per command
or family: ``import_files.py``, ``backup.py`` (backup, restore), ``export.py``,
``views.py`` (show, today, due).

``relapp/__main__.py`` hands the command line here when its first word (after an
optional ``--data-dir DIR``) names a command, and starts the app otherwise. Commands
use the same services as the app.

One writer per data folder: ``import``, ``restore`` and ``backup`` (into ``backups/``)
hold the folder's lock (``relapp.storage.folder_lock``) while they work, as the open
window does for its whole run; when another Relapp holds it they change nothing and exit
3 ("another Relapp is using DIR (process N)"). ``export`` and ``backup --to FILE`` only
read the folder: they take the lock when it is free (so no restore can replace the file
under them) and otherwise read beside the holder, from one consistent snapshot.

Before writing, backing up or exporting, a command checks the database (``PRAGMA
quick_check``; a 0-byte file or a ``-wal`` of another database is damage too) and stops
with exit code 4 and a message naming the file. ``import`` and ``backup`` check it by
making their verified copy first (``import``: before it writes anything): the copy holds
the database's own pages, so the copy's check is the database's, and the file is read
once.

Exit codes (``relapp.exit_codes``): 0 done, 1 nothing done (e.g. no card could be
imported, the disk is full), 2 bad usage (also an unknown command, or a data folder that
is a file or, for a command other than ``import`` and ``restore``, does not exist), 3
another program holds the data folder or the database, 4 the database or its folder needs
attention (damaged, read-only, too new). Whatever goes wrong ends as one message on
stderr, never a traceback. When the reader of the output goes away (``relapp import F |
head -1``) the rest of the output is dropped and the exit code is 0: the work was done
before its summary was printed (an import is committed first).

The names below are loaded on first use, not with the package: ``relapp`` without a
command (the window) reads its command line with ``argv.first_word`` alone and never
imports the commands.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relapp.cli.command import Command
    from relapp.cli.commands import COMMANDS
    from relapp.cli.framework import build_parser, is_command, main, run, unknown_command

__all__ = ["COMMANDS", "Command", "build_parser", "is_command", "main", "run", "unknown_command"]
_HOMES = {"Command": "command", "COMMANDS": "commands"}


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_HOMES.get(name, 'framework')}")
    return getattr(module, name)
