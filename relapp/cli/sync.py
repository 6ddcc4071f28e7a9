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
from relapp.domain.i18n import N_, _

if TYPE_CHECKING:
    from relapp.paths import AppPaths


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help=_("the server, e.g. https://dav.example.com/ (first time)"))
    parser.add_argument("--user", help=_("your user name on the server (first time)"))
    parser.add_argument(
        "--server-was-emptied",
        action="store_true",
        help=_(
            "the address book on the server was emptied on purpose: delete everyone here "
            "too (without it, such a sync stops and deletes nobody)"
        ),
    )
    parser.add_argument(
        "--parts",
        help=_(
            "what to sync from now on, comma-separated: people, promises, history "
            "(default: what was chosen before; at first all three)"
        ),
    )


def sync(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.services.sync import engine

    hint = _("The window syncs by itself; close it to sync from the command line.")
    with open_db(paths, writes=True, hint=hint) as db:
        try:
            account = engine.account(db, args.url, args.user)
            password = engine.password_for(account)
        except (engine.NoAccount, engine.NoPassword) as error:
            raise CommandFailed(str(error), 2) from error
        if args.parts is not None:
            chosen = {p.strip() for p in args.parts.split(",") if p.strip()}
            unknown = chosen - set(engine.PARTS)
            if unknown:
                raise CommandFailed(
                    _("--parts: {parts} is not one of {known}").format(
                        parts=", ".join(sorted(unknown)), known=", ".join(engine.PARTS)
                    ),
                    2,
                )
            with db.atomic():
                engine.set_parts(db, chosen)
        print(_("Syncing with {url} as {user}").format(url=account.url, user=account.user))
        try:
            result = engine.sync(db, account, password, allow_emptying=args.server_was_emptied)
        except engine.SyncIncomplete as stopped:
            for line in stopped.lines():
                print(line)
            raise CommandFailed(
                _(
                    "the sync did not complete: {error}. What was done is kept; "
                    "the next sync goes on from there."
                ).format(error=stopped.error),
                1,
            ) from None
    for what, url in (
        (_("Address book: {url}"), result.people_collection),
        (_("Tasks (promises): {url}"), result.promises_collection),
        (_("Journal (history): {url}"), result.history_collection),
    ):
        if url:
            print(what.format(url=url))
    for line in result.lines():
        print(line)
    return 0


SYNC = Command(
    "sync",
    N_(
        "sync people, promises and history both ways with your CardDAV/CalDAV server "
        "(Radicale, Nextcloud, Baïkal, Fastmail, iCloud...): --url and --user the first "
        "time, then nothing; the password from RELAPP_SYNC_PASSWORD or the system keyring"
    ),
    _arguments,
    run=sync,
)
