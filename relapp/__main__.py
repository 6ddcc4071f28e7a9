"""Entry point: ``relapp`` (the desktop app), ``relapp --demo``, and headless commands."""

from __future__ import annotations

import argparse
import gc
import os
import sys

from relapp import __version__
from relapp.domain.i18n import N_, _


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relapp",
        description=_("Relapp: a personal relationship manager. Without a command, opens the app."),
        epilog=_("commands (no window; see relapp COMMAND --help): {commands}").format(
            commands="import FILE..., export --vcard OUT | --json OUT, backup [--to FILE], "
            "restore FILE, show NAME [--json], today [--json], due [--json]"
        ),
    )
    parser.add_argument("--version", action="version", version=f"Relapp {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "keep the database in DIR instead of the user data folder "
            "(also: environment variable RELAPP_DATA_DIR)"
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open a separate demo database filled with example people (rebuilt each time)"),
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help=_(
            "start hidden (in the system tray, or with reminders as desktop notifications), "
            "e.g. at login"
        ),
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--new-person",
        action="store_true",
        help=_("open the New Person dialog (in the Relapp already running, if there is one)"),
    )
    actions.add_argument(
        "--log",
        action="store_true",
        help=_("log an interaction with the person shown (in the Relapp already running)"),
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help=_(
            "check that this installation works (temporary database, vCard import, health, "
            "main window drawn offscreen), print one line per step, exit 0 if all passed"
        ),
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help=_("add Relapp to the desktop's application menu (and as a handler for .vcf files)"),
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help=_("files to import (handed to the running Relapp if there is one)"),
    )
    return parser


NO_DISPLAY = N_(
    "Relapp needs a graphical desktop (no DISPLAY or WAYLAND_DISPLAY is set); "
    "the command-line commands work without one: relapp --help"
)


def unreachable_display() -> str | None:
    """A local X display that is set but that nobody answers (``DISPLAY=:7`` after its X
    server ended, a closed SSH forward): the words to say, else None. Only local
    displays are tried (a unix socket, abstract or in /tmp/.X11-unix; well under a
    millisecond); Wayland, a chosen Qt platform and remote displays are left to Qt."""
    if not sys.platform.startswith("linux") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    display = os.environ.get("DISPLAY", "")
    host, _colon, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if host not in ("", "unix") or not number.isdigit():
        return None
    import _socket  # not ``socket``: its enums and selectors cost 16 million instructions

    path = f"/tmp/.X11-unix/X{number}"
    for address in ("\0" + path, path):
        probe = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            probe.settimeout(1.0)
            probe.connect(address)
        except OSError:
            continue
        finally:
            probe.close()
        return None
    return _(
        "Relapp cannot reach the display {display} (no X server answers there); "
        "the command-line commands work without one: relapp --help"
    ).format(display=display)


def has_display() -> bool:
    """Whether Qt can show a window here. On Linux it needs an X or Wayland display (or a
    platform chosen with QT_QPA_PLATFORM, e.g. offscreen); without one Qt aborts with a
    hint about libxcb-cursor0 that sends people the wrong way."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _leave_quietly(code: int) -> None:
    """A command's process on its way out, its work done and said. A Ctrl+C from here on
    (the interpreter tearing down, its handlers gone) would kill it by the signal after
    "imported"; and a Ctrl+C the command handled (exit code 130, "interrupted", nothing
    half-written) must end as 130: Python re-sends itself SIGINT at exit when it saw a
    KeyboardInterrupt go by unhandled anywhere (seen in CI: exit -2 after the message)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from relapp.cli.errors import INTERRUPTED_CODE

    if code == INTERRUPTED_CODE:
        import contextlib
        import logging

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
                stream.flush()
        logging.shutdown()
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Exit codes: ``relapp.exit_codes`` (0 done, 2 usage, 3 the folder is held, 4 the
    database needs attention)."""
    from_process = argv is None  # the process's own command line, not a caller's list
    argv = sys.argv[1:] if argv is None else argv
    from relapp import i18n
    from relapp.cli.argv import first_word

    i18n.install()  # LANGUAGE / LC_ALL / LC_MESSAGES / LANG, like every gettext program
    from relapp.exit_codes import USAGE

    if first_word(argv) is not None:  # without a word, no command: the window starts
        from relapp import cli  # without loading the commands

        if cli.is_command(argv):  # relapp [--data-dir DIR] import FILE...: no window
            if from_process:  # this whole process: no window's thread waits for the GIL
                from relapp.cli.interrupts import deliver_swallowed_interrupts
                from relapp.domain.letting_go import no_window_waits

                no_window_waits()
                deliver_swallowed_interrupts()
            code = cli.main(argv)
            if from_process:
                _leave_quietly(code)
            return code
        problem = cli.unknown_command(argv)
        if problem is not None:  # relapp backp: a typo, not a file to import
            print(f"relapp: {problem}", file=sys.stderr)
            return USAGE
    args = build_parser().parse_args(argv)
    from relapp.paths import resolve

    if args.self_check:
        from relapp.self_check import main as self_check

        return self_check()
    if args.install_desktop_entry:
        from relapp.desktop_entry import main as install_desktop_entry

        return install_desktop_entry()
    missing = [name for name in args.files if not os.path.exists(name)]
    if missing:
        nothing = _("no such file: {files}").format(files=", ".join(missing))
        print(f"relapp: {nothing}", file=sys.stderr)
        return USAGE
    if not has_display():  # before Qt, before the lock: nothing is left behind
        print(_(NO_DISPLAY), file=sys.stderr)
        return USAGE
    unreachable = unreachable_display()
    if unreachable:  # Qt would abort (exit 134) with a misleading hint about libxcb
        print(unreachable, file=sys.stderr)
        return USAGE
    paths = resolve(args.data_dir)
    from relapp.app_logging import log_dir

    logs = log_dir(paths, bool(args.data_dir) or None)
    # No garbage collection while the window starts (the imports, Qt's types, the
    # window: next to nothing to free, 5% of the start-up's instructions spent walking
    # them). The app keeps the automatic collector off from here on and collects on its
    # GUI thread (relapp.ui.gc_collector); what the start made is frozen (run_gui).
    gc.disable()
    from relapp.ui.app import run_gui

    command = "new-person" if args.new_person else "log" if args.log else None
    return run_gui(
        paths,
        demo=args.demo,
        files=args.files,
        minimized=args.minimized,
        log_folder=logs,
        command=command,
    )


if __name__ == "__main__":
    sys.exit(main())
