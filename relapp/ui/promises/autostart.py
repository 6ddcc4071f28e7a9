"""Starting Relapp at login, hidden (in the tray, or with reminders as notifications): an
XDG autostart entry on Linux and other free desktops
(``$XDG_CONFIG_HOME/autostart/io.github.relapp.Relapp.desktop``; one an earlier Relapp
wrote as ``relapp.desktop`` counts, and is replaced). Windows and macOS are described in
docs/promises.md."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

from relapp import APP_ID, APP_NAME

FILE_NAME = f"{APP_ID}.desktop"
LEGACY_FILE_NAME = "relapp.desktop"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def supported() -> bool:
    return not (sys.platform.startswith("win") or sys.platform == "darwin")


def autostart_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    config = Path(base) if os.path.isabs(base) else Path.home() / ".config"
    return config / "autostart" / FILE_NAME


def launch_command(data_dir: Path | None = None) -> list[str]:
    """How to start this Relapp hidden in the tray: the ``relapp`` launcher it was started
    by, else this Python with ``-m relapp``; the data folder when it is not the default."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "relapp" and script.is_file():
        command = [str(script.resolve())]
    else:
        command = [sys.executable, "-m", "relapp"]
    command.append("--minimized")
    default = Path(appdirs.user_data_dir(APP_NAME, False))
    if data_dir is not None and Path(data_dir).resolve() != default.resolve():
        command += ["--data-dir", str(Path(data_dir).resolve())]
    return command


def exec_line(command: list[str]) -> str:
    """The ``Exec=`` value for ``command``, quoted as the Desktop Entry spec asks."""
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if any(c in _RESERVED for c in arg) or not arg:
            inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            arg = f'"{inner}"'
        parts.append(arg)
    # The whole value is a desktop-file string, where a backslash is itself escaped.
    return " ".join(parts).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Relapp",
            "GenericName=Personal relationship manager",
            "Comment=Keep your promises: reminders from the system tray",
            f"Exec={exec_line(command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def _legacy_file() -> Path:
    return autostart_file().with_name(LEGACY_FILE_NAME)


def is_enabled() -> bool:
    return autostart_file().is_file() or _legacy_file().is_file()


def enable(command: list[str]) -> Path:
    target = autostart_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    partial.write_text(desktop_entry(command), encoding="utf-8")
    partial.replace(target)
    _legacy_file().unlink(missing_ok=True)
    return target


def disable() -> None:
    autostart_file().unlink(missing_ok=True)
    _legacy_file().unlink(missing_ok=True)
