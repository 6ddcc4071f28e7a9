"""Every ``relapp`` command, in the order ``relapp --help`` lists them.

This list is the whole set: adding a command is one ``Command`` value in its module and
one line here (``tests/unit/test_cli.py`` checks that every ``Command`` in
``relapp/cli/`` is listed). The modules import only argparse and typing at the top;
each command imports the services it uses when it runs, so ``relapp`` starts fast.
"""

from __future__ import annotations

from relapp.cli.backup import BACKUP, RESTORE
from relapp.cli.command import Command
from relapp.cli.export import EXPORT
from relapp.cli.import_files import IMPORT
from relapp.cli.search import SEARCH
from relapp.cli.sync import SYNC
from relapp.cli.views import DUE, SHOW, TODAY

COMMANDS: tuple[Command, ...] = (IMPORT, BACKUP, RESTORE, EXPORT, SHOW, TODAY, DUE, SEARCH, SYNC)
