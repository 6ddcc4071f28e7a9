"""``relapp export``: your people as vCards, or everything as Relapp JSON, from a script.

    relapp export --vcard OUT.vcf [--version 3.0] [--include-archived] [--person ID ...]
    relapp export --json OUT.json

Listed in ``relapp.cli.commands``. Exit codes: 0 written, 1 the
file could not be written (an earlier file there is left as it was), 2 bad usage or no
data folder there; a database that cannot be opened: 3 locked, 4 needs attention or fails
its check (``relapp.exit_codes``). It only reads: beside a running Relapp it reads one
consistent snapshot.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from relapp.cli.command import Command
from relapp.cli.folder import CommandFailed, open_db
from relapp.domain.dates import number_text
from relapp.domain.i18n import N_, _

if TYPE_CHECKING:
    from relapp.paths import AppPaths


def _arguments(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--vcard", metavar="OUT.vcf", help=_("write people as a vCard file"))
    target.add_argument(
        "--json",
        metavar="OUT.json",
        help=_(
            "write everything (people, interactions, introductions, promises, settings) "
            "as Relapp JSON, which 'relapp import' reads back into an empty database"
        ),
    )
    parser.add_argument(
        "--version",
        dest="vcard_version",
        choices=("4.0", "3.0"),
        help=_("vCard version (default 4.0; 3.0 for older programs)"),
    )
    parser.add_argument(
        "--include-archived",
        action="store_true",
        help=_("with --vcard: also write archived people (--json always has everyone)"),
    )
    parser.add_argument(
        "--person",
        type=int,
        action="append",
        metavar="ID",
        help=_("with --vcard: only this person (repeat for several)"),
    )


def export(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.domain.errors import RelappError
    from relapp.services.exporting import export_vcards
    from relapp.services.json_file.format import export_json

    if args.json and (args.vcard_version or args.include_archived or args.person):
        raise CommandFailed(_("--version, --include-archived and --person go with --vcard."))
    with open_db(paths, writes=False) as db:
        if args.person:
            from relapp.services.people import person_rows

            missing = sorted(set(args.person) - set(person_rows(db, args.person)))
            if missing:
                listed = ", ".join(map(str, missing))
                nobody = _("no person with id {ids}; nothing was written.").format(ids=listed)
                raise CommandFailed(nobody, 1)
        try:
            if args.json:
                result = export_json(db, args.json)
            else:
                result = export_vcards(
                    db,
                    args.vcard,
                    person_ids=args.person,
                    version=args.vcard_version or "4.0",
                    include_archived=args.include_archived,
                )
        except RelappError as error:
            raise CommandFailed(_("nothing was written: {error}").format(error=error), 1) from error
    seconds = number_text(round(result.seconds, 2))
    print(_("{summary} in {seconds} s").format(summary=result.summary(), seconds=seconds))
    return 0


EXPORT = Command(
    "export",
    N_(
        "write your people to a vCard file (--vcard), or everything to a Relapp JSON file "
        "(--json); the file is replaced only once it is complete"
    ),
    _arguments,
    run=export,
)
