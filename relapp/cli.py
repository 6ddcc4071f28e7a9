"""Headless commands for scripts: ``relapp COMMAND ... [--data-dir DIR]``, no window.

Each command is one function registered with ``@command``; adding one is that one
function (its arguments are declared by a second, small function or a lambda)::

    def _export_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--vcard", metavar="OUT")

    @command("export", "write your people to a file", _export_arguments)
    def export(args: argparse.Namespace, paths: AppPaths) -> int:
        with open_db(paths) as db:
            ...
        return 0

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
with exit code 4 and a message naming the file.

Exit codes (``relapp.exit_codes``): 0 done, 1 nothing done (e.g. no card could be
imported, the disk is full), 2 bad usage (also an unknown command, or a data folder that
is a file or, for a command other than ``import`` and ``restore``, does not exist), 3
another program holds the data folder or the database, 4 the database or its folder needs
attention (damaged, read-only, too new). Whatever goes wrong ends as one message on
stderr, never a traceback. When the reader of the output goes away (``relapp import F |
head -1``) the rest of the output is dropped and the exit code is 0: the work was done
before its summary was printed (an import is committed first).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relapp.cli_folder import (
    DATABASE_NEEDS_ATTENTION,
    CommandFailed,
    holding_the_folder,
    open_db,
)

if TYPE_CHECKING:
    from relapp.paths import AppPaths
    from relapp.services.importing import ImportResult
    from relapp.storage import Database

Arguments = Callable[[argparse.ArgumentParser], None]
Runner = Callable[[argparse.Namespace, "AppPaths"], int]

DATA_DIR_HELP = (
    "keep the database in DIR instead of the user data folder "
    "(also: environment variable RELAPP_DATA_DIR)"
)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    arguments: Arguments
    run: Runner


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, arguments: Arguments | None = None) -> Callable[[Runner], Runner]:
    """Register ``fn(args, paths) -> exit code`` as ``relapp NAME``."""

    def register(fn: Runner) -> Runner:
        COMMANDS[name] = Command(name, help, arguments or (lambda _parser: None), fn)
        return fn

    return register


# --- the framework ---------------------------------------------------------------------


def add_commands(subparsers: Any) -> None:
    """Add every registered command to an argparse ``add_subparsers()`` object."""
    for cmd in COMMANDS.values():
        parser = subparsers.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        parser.add_argument(
            "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=DATA_DIR_HELP
        )
        cmd.arguments(parser)
        parser.set_defaults(command=cmd.name)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relapp", description="Relapp's headless commands.")
    parser.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return parser


def is_command(argv: Sequence[str]) -> bool:
    """Whether a command line asks for a command (``relapp [--data-dir DIR] NAME ...``)."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--data-dir":
            position += 2
        elif word.startswith("--data-dir="):
            position += 1
        else:
            return word in COMMANDS
    return False


def unknown_command(argv: Sequence[str]) -> str | None:
    """What is wrong with ``relapp WORD`` when WORD is no command and no file."""
    from relapp.cli_errors import unknown_command as unknown

    return unknown(argv, COMMANDS)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run a command; whatever goes wrong ends as a message on stderr and an exit code
    (``relapp.exit_codes``), never a traceback (``relapp.cli_errors``)."""
    from relapp import cli_errors
    from relapp.domain.errors import RelappError
    from relapp.exit_codes import DONE, for_error
    from relapp.services.leftovers import clean_leftovers

    name = args.command
    try:
        new_folder = cli_errors.check_data_folder(name, paths)
        if not new_folder:
            clean_leftovers(paths.data_dir)  # what killed commands left behind
        code = COMMANDS[name].run(args, paths)
        if new_folder and paths.data_dir.is_dir():
            print(f"relapp {name}: a new data folder was made at {paths.data_dir}", file=sys.stderr)
        return code
    except CommandFailed as failure:
        print(f"relapp {name}: {failure}", file=sys.stderr)
        return cli_errors.exit_code(failure.code, failure.__cause__)
    except BrokenPipeError:
        cli_errors.quiet_stdout()  # the work is done (an import commits before it prints)
        return DONE
    except KeyboardInterrupt:
        print(f"relapp {name}: {cli_errors.INTERRUPTED}", file=sys.stderr)
        return cli_errors.INTERRUPTED_CODE
    except RelappError as error:
        print(f"relapp {name}: {error}", file=sys.stderr)
        return for_error(error)
    except Exception as error:
        return cli_errors.explain(name, paths, error)


def main(argv: Sequence[str]) -> int:
    from relapp.cli_errors import quiet_stdout
    from relapp.paths import resolve

    args = build_parser().parse_args(list(argv))
    code = run(args, resolve(args.data_dir))
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    return code


# --- relapp import ---------------------------------------------------------------------


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="vCard files (.vcf) to import, or a Relapp JSON export (.json)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the summary as JSON (for scripts)"
    )


@command(
    "import",
    "import vCard files (people you already know are merged, cards imported before are "
    "skipped) or a Relapp JSON export; prints what was created, merged, skipped and "
    "what could not be read",
    _import_arguments,
)
def import_files(args: argparse.Namespace, paths: AppPaths) -> int:
    json_files = [f for f in args.files if f.lower().endswith(".json")]
    card_files = [f for f in args.files if f not in json_files]
    report: dict[str, Any] = {}
    ok = False
    hint = f"If it is the open window, hand the files to it: relapp {shlex.join(args.files)}"
    with open_db(paths, hint=hint) as db:
        if card_files:
            result, cards = _import_cards(db, card_files)
            report.update(cards)
            ok = result.imported_anything or cards["readable"] > 0
            if not args.json:
                _print_cards(result, cards)
        if json_files:
            restored = [_import_json(db, Path(f)) for f in json_files]
            report["json"] = restored
            ok = ok or any(item["ok"] for item in restored)
            if not args.json:
                for item in restored:
                    print(item["summary"] if item["ok"] else f"error: {item['error']}")
    report["ok"] = ok
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif not ok:
        print("relapp import: nothing could be imported; nothing was changed.", file=sys.stderr)
    return 0 if ok else 1


def _import_cards(db: Database, files: list[str]) -> tuple[ImportResult, dict[str, Any]]:
    """Plan and apply with the defaults: strong matches merge, other cards are created,
    cards imported before are skipped."""
    from relapp.domain.import_plan import Decision
    from relapp.services import importing

    plan = importing.plan_import(db, files)
    try:
        result = importing.apply_import(db, plan)
    except importing.StaleImport:  # someone wrote between plan and apply: plan again
        plan = importing.plan_import(db, files)
        result = importing.apply_import(db, plan)
    report = {
        "files": [
            {
                "file": f.name,
                "path": f.path,
                "cards": f.cards,
                "error": f.error.message if f.error is not None else None,
            }
            for f in plan.files
        ],
        "batch_id": result.batch_id,
        "readable": plan.readable,
        "created": result.created,
        "merged": result.merged,
        "combined": result.combined,
        "skipped": result.skipped,
        "already_imported": sum(1 for c in plan.cards if c.decision is Decision.ALREADY_IMPORTED),
        "created_ids": list(result.created_ids),
        "merged_ids": list(result.merged_ids),
        "errors": [
            {"file": e.file, "card": e.card_index, "line": e.line, "message": e.message}
            for e in result.errors
        ],
        "summary": result.summary(),
    }
    return result, report


def _print_cards(result: ImportResult, report: dict[str, Any]) -> None:
    print(result.summary())
    print(f"  created:  {result.created:,}")
    print(f"  merged:   {result.merged:,} (people you already knew)")
    if result.combined:
        print(f"  combined: {result.combined:,} (cards that were the same person as another)")
    skipped = f"  skipped:  {result.skipped:,}"
    if report["already_imported"]:
        skipped += f" ({report['already_imported']:,} imported before)"
    print(skipped)
    if result.batch_id is not None:
        print(f"  (to undo it: File ▸ Imports… in Relapp, import number {result.batch_id})")
    if result.errors:
        print(f"  errors:   {len(result.errors):,}")
        for error in result.errors:
            print(f"    {error}")


def _import_json(db: Database, path: Path) -> dict[str, Any]:
    """A Relapp JSON export, through the JSON format's own ``import_json``."""
    from relapp.domain.errors import RelappError

    if importlib.util.find_spec("relapp.services.json_format") is None:
        return {"file": path.name, "ok": False, "error": "JSON import is not available"}
    from relapp.services import json_format

    importer = getattr(json_format, "import_json", None)
    if importer is None:
        return {"file": path.name, "ok": False, "error": "JSON import is not available"}
    try:
        result = importer(db, path)
    except RelappError as error:
        return {"file": path.name, "ok": False, "error": str(error)}
    summary = result.summary() if hasattr(result, "summary") else f"Imported {path.name}"
    details = result.as_dict() if hasattr(result, "as_dict") else {}
    return {"file": path.name, "ok": True, "summary": summary, "result": details}


# --- relapp backup / relapp restore ------------------------------------------------------


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", metavar="FILE", help="write the copy to FILE instead of the backups folder"
    )


@command(
    "backup",
    "copy the database now (SQLite's online backup, verified) into the data folder's "
    "backups/ (not while the window runs: it makes its own), or to --to FILE (also "
    "beside the window)",
    _backup_arguments,
)
def backup(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.domain.errors import BackupInvalid, RelappError
    from relapp.services import backups

    hint = "Back up from Settings ▸ Backups… in the app, or with --to FILE."
    with open_db(paths, writes=not args.to, hint=hint) as db:  # --to only reads the folder
        try:
            made = backups.backup_now(db, backups.MANUAL, to=Path(args.to) if args.to else None)
        except BackupInvalid as error:
            raise CommandFailed(str(error), DATABASE_NEEDS_ATTENTION) from error
        except (RelappError, OSError) as error:
            raise CommandFailed(f"the backup could not be written: {error}", 1) from error
    print(f"Backed up to {made} ({made.stat().st_size:,} bytes)")
    return 0


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a backup (.sqlite3) to restore")


@command(
    "restore",
    "replace the database with a backup FILE, after checking it; what is there now is "
    "backed up first (or kept aside if it is damaged)",
    _restore_arguments,
)
def restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.domain.errors import RelappError
    from relapp.services import backups

    hint = "Close it first, or restore from Settings ▸ Backups… in the app."
    with holding_the_folder(paths, hint):
        try:
            result = backups.restore(paths.database, Path(args.file))
        except (RelappError, OSError) as error:
            raise CommandFailed(f"nothing was changed: {error}", 1) from error
    print(f"Restored {paths.database} from {result.restored_from}")
    if result.previous is not None:
        print(f"  what was there before: {result.previous}")
    if result.damaged is not None:
        print(f"  the damaged database was kept aside as {result.damaged}")
    return 0


# --- relapp export, show, today, due (their own modules; importing registers them) ------

from relapp import cli_export, cli_views  # noqa: E402, F401
