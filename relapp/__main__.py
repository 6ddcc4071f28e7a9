"""Entry point: ``relapp`` (the desktop app), ``relapp --demo``, and headless commands."""

from __future__ import annotations

import argparse
import sys

from relapp import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relapp",
        description="Relapp: a personal relationship manager. Without a command, opens the app.",
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from relapp.paths import resolve

    paths = resolve(args.data_dir)
    from relapp.ui.app import run_gui

    return run_gui(paths, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
