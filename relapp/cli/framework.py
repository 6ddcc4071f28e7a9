"""Parsing a ``relapp`` command line and running one command from ``commands.COMMANDS``:
whatever goes wrong ends as one message on stderr and an exit code, never a traceback.

Each function takes the commands to choose from (``commands``, by default the real list),
so a test can run one of its own without adding it to the list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from relapp.cli.commands import COMMANDS
from relapp.cli.folder import CommandFailed
from relapp.domain.i18n import N_, _

if TYPE_CHECKING:
    from relapp.cli.command import Command
    from relapp.paths import AppPaths

DATA_DIR_HELP = N_(
    "keep the database in DIR instead of the user data folder "
    "(also: environment variable RELAPP_DATA_DIR)"
)


def _by_name(commands: Sequence[Command]) -> dict[str, Command]:
    return {cmd.name: cmd for cmd in commands}


def add_commands(subparsers: Any, commands: Sequence[Command] = COMMANDS) -> None:
    """Add each command to an argparse ``add_subparsers()`` object."""
    for cmd in commands:
        words = _(cmd.help)  # marked with N_ where the command is made
        parser = subparsers.add_parser(cmd.name, help=words, description=words)
        parser.add_argument(
            "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=_(DATA_DIR_HELP)
        )
        cmd.arguments(parser)
        parser.set_defaults(command=cmd.name)


def build_parser(commands: Sequence[Command] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relapp", description=_("Relapp's headless commands."))
    parser.add_argument("--data-dir", metavar="DIR", help=_(DATA_DIR_HELP))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_commands(subparsers, commands)
    return parser


def is_command(argv: Sequence[str], commands: Sequence[Command] = COMMANDS) -> bool:
    """Whether a command line asks for a command (``relapp [--data-dir DIR] NAME ...``)."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--data-dir":
            position += 2
        elif word.startswith("--data-dir="):
            position += 1
        else:
            return word in _by_name(commands)
    return False


def unknown_command(argv: Sequence[str], commands: Sequence[Command] = COMMANDS) -> str | None:
    """What is wrong with ``relapp WORD`` when WORD is no command and no file."""
    from relapp.cli.errors import unknown_command as unknown

    return unknown(argv, list(_by_name(commands)))


def run(args: argparse.Namespace, paths: AppPaths, commands: Sequence[Command] = COMMANDS) -> int:
    """Run a command; whatever goes wrong ends as a message on stderr and an exit code
    (``relapp.exit_codes``), never a traceback (``relapp.cli.errors``)."""
    from relapp.cli import errors
    from relapp.domain.errors import RelappError
    from relapp.exit_codes import DONE, for_error
    from relapp.services.leftovers import clean_leftovers

    name = args.command
    try:
        new_folder = errors.check_data_folder(name, paths)
        if not new_folder:
            clean_leftovers(paths.data_dir)  # what killed commands left behind
        code = _by_name(commands)[name].run(args, paths)
        if new_folder and paths.data_dir.is_dir():
            made = _("a new data folder was made at {folder}").format(folder=paths.data_dir)
            print(f"relapp {name}: {made}", file=sys.stderr)
        return code
    except CommandFailed as failure:
        print(f"relapp {name}: {failure}", file=sys.stderr)
        return errors.exit_code(failure.code, failure.__cause__)
    except BrokenPipeError:
        errors.quiet_stdout()  # the work is done (an import commits before it prints)
        return DONE
    except KeyboardInterrupt:
        print(f"relapp {name}: {_(errors.INTERRUPTED)}", file=sys.stderr)
        return errors.INTERRUPTED_CODE
    except RelappError as error:
        print(f"relapp {name}: {error}", file=sys.stderr)
        return for_error(error)
    except Exception as error:
        return errors.explain(name, paths, error)


def main(argv: Sequence[str], commands: Sequence[Command] = COMMANDS) -> int:
    from relapp.cli.errors import quiet_stdout
    from relapp.paths import resolve

    args = build_parser(commands).parse_args(list(argv))
    code = run(args, resolve(args.data_dir), commands)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    return code
