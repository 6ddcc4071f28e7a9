"""Entry point: ``relapp`` (the desktop app), ``relapp --demo``, and headless commands."""

from __future__ import annotations

import argparse
import sys

from relapp import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relapp",
        description="Relapp: a personal relationship manager. Without a command, opens the app.",
        epilog="commands (no window; see relapp COMMAND --help): "
        "import FILE..., export --vcard OUT | --json OUT, backup [--to FILE], restore FILE, "
        "show NAME [--json], today [--json], due [--json]",
    )
    parser.add_argument("--version", action="version", version=f"Relapp {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the database in DIR instead of the user data folder "
        "(also: environment variable RELAPP_DATA_DIR)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a separate demo database filled with example people (rebuilt each time)",
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start hidden in the system tray (when there is one), e.g. at login",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check that this installation works (temporary database, vCard import, health, "
        "main window drawn offscreen), print one line per step, exit 0 if all passed",
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Relapp to the desktop's application menu (and as a handler for .vcf files)",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="files to import (handed to the running Relapp if there is one)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from relapp import cli

    if cli.is_command(argv):  # relapp [--data-dir DIR] import FILE...: no window
        return cli.main(argv)
    args = build_parser().parse_args(argv)
    from relapp.paths import resolve

    if args.self_check:
        from relapp.self_check import main as self_check

        return self_check()
    if args.install_desktop_entry:
        from relapp.desktop_entry import main as install_desktop_entry

        return install_desktop_entry()
    paths = resolve(args.data_dir)
    from relapp.app_logging import log_dir, setup_logging

    setup_logging(log_dir(paths, bool(args.data_dir) or None))
    from relapp.ui.app import run_gui

    return run_gui(paths, demo=args.demo, files=args.files, minimized=args.minimized)


if __name__ == "__main__":
    sys.exit(main())
