"""``relapp sync [--url URL --user USER]``: two-way sync with a CardDAV/CalDAV server.

The first run finds Relapp's collections on the server (or creates them) and keeps the
URL and user name; later runs reuse them. The password comes from
``RELAPP_SYNC_PASSWORD`` or the system keyring, never from an option (it would show in
the process list and the shell's history). Prints what was sent and received; exits 1
when the sync did not complete (what was done is kept; the next sync goes on).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from relapp.cli.command import Command
from relapp.cli.folder import CommandFailed, open_db

if TYPE_CHECKING:
    from relapp.paths import AppPaths


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="the server, e.g. https://dav.example.com/ (first time)")
    parser.add_argument("--user", help="your user name on the server (first time)")
    parser.add_argument(
        "--server-was-emptied",
        action="store_true",
        help="the address book on the server was emptied on purpose: delete everyone here "
        "too (without it, such a sync stops and deletes nobody)",
    )


def sync(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.services.sync import engine

    hint = "The window syncs by itself; close it to sync from the command line."
    with open_db(paths, writes=True, hint=hint) as db:
        try:
            account = engine.account(db, args.url, args.user)
            password = engine.password_for(account)
        except (engine.NoAccount, engine.NoPassword) as error:
            raise CommandFailed(str(error), 2) from error
        print(f"Syncing with {account.url} as {account.user}")
        try:
            result = engine.sync(db, account, password, allow_emptying=args.server_was_emptied)
        except engine.SyncIncomplete as stopped:
            for line in stopped.tally.lines():
                print(line)
            raise CommandFailed(
                f"the sync did not complete: {stopped.error}. What was done is kept; "
                "the next sync goes on from there.",
                1,
            ) from None
    print(f"Address book: {result.people_collection}")
    for line in result.lines():
        print(line)
    return 0


SYNC = Command(
    "sync",
    "sync people both ways with your CardDAV server (Radicale, Nextcloud, Baïkal, "
    "Fastmail, iCloud...): --url and --user the first time, then nothing; the password "
    "from RELAPP_SYNC_PASSWORD or the system keyring",
    _arguments,
    run=sync,
)
