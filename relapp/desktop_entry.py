"""Putting Relapp in the desktop's application menu (``relapp --install-desktop-entry``).

Writes ``$XDG_DATA_HOME/applications/io.github.relapp.Relapp.desktop`` (``~/.local/share``
by default) from the template in ``resources/``, with Exec lines that start this very
Relapp: the bundle's executable when frozen, else ``python -m relapp`` with this
interpreter. One app id names everything (``relapp.APP_ID``): the entry, the icons that go
into the hicolor theme beside it (so ``Icon=`` resolves), the AppStream metainfo in
``metainfo/``, the app's ``setDesktopFileName`` and the notifications' ``desktop-entry``.
The entry declares text/vcard, so "Open with Relapp" on a .vcf file starts Relapp with the
file on its command line, which opens the import preview; its actions New Person and Log
Interaction start ``relapp --new-person`` / ``relapp --log`` (handed to the running one).
An entry an earlier Relapp installed as ``relapp.desktop`` is removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from relapp import APP_ID
from relapp.paths import resources_dir

DESKTOP_ID = f"{APP_ID}.desktop"
METAINFO = f"{APP_ID}.metainfo.xml"
TEMPLATE = f"{APP_ID}.desktop.in"
ICON_NAME = APP_ID  # the name in the icon theme
SOURCE_ICON = "relapp"  # resources/icons/relapp.svg and hicolor/*/apps/relapp.png
LEGACY_DESKTOP_ID = "relapp.desktop"  # what Relapp 0.1 installed

# Characters that make an Exec argument need quoting, and those escaped inside the quotes
# (the Desktop Entry Specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = '"`$\\'


@dataclass(frozen=True)
class InstallResult:
    desktop_file: Path
    icons: tuple[Path, ...]
    metainfo: Path | None
    notes: tuple[str, ...] = field(default=())


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when unset or not absolute (XDG spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How to start this Relapp: the bundle's executable, or this Python with ``-m relapp``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "relapp"]


def quote_exec_argument(argument: str) -> str:
    """One Exec argument, quoted when needed, then escaped as a desktop-file string value."""
    if argument and not any(ch in _RESERVED for ch in argument):
        quoted = argument
    else:
        inner = "".join(f"\\{ch}" if ch in _ESCAPED_IN_QUOTES else ch for ch in argument)
        quoted = f'"{inner}"'
    # The desktop file's string escaping comes on top: a backslash is written twice.
    return quoted.replace("\\", "\\\\")


def render_desktop_entry(command: Sequence[str], template: str | None = None) -> str:
    """The desktop entry text for ``command`` (Exec gets `` %F`` for the files opened)."""
    if template is None:
        template = (resources_dir() / TEMPLATE).read_text(encoding="utf-8")
    exec_line = " ".join(quote_exec_argument(part) for part in command)
    return template.replace("@EXEC@", exec_line).replace(
        "@TRY_EXEC@", quote_exec_argument(command[0])
    )


def _install_icons(share: Path) -> list[Path]:
    icons = resources_dir() / "icons"
    theme = share / "icons" / "hicolor"
    written: list[Path] = []
    for png in sorted((icons / "hicolor").glob(f"*/apps/{SOURCE_ICON}.png")):
        target = theme / png.parent.relative_to(icons / "hicolor") / f"{ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
        written.append(target)
    svg = icons / f"{SOURCE_ICON}.svg"
    if svg.is_file():
        target = theme / "scalable" / "apps" / f"{ICON_NAME}.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, target)
        written.append(target)
    return written


def _run_if_present(tool: str, *args: str) -> str | None:
    """Run a desktop cache tool if installed; a missing or failing tool is only a note."""
    exe = shutil.which(tool)
    if exe is None:
        return f"{tool} not found; the menu picks the entry up on its next scan"
    try:
        result = subprocess.run([exe, *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{tool} failed: {exc}"
    if result.returncode != 0:
        return f"{tool} failed: {result.stderr.strip() or result.returncode}"
    return None


def install_desktop_entry(
    share: Path | None = None, command: Sequence[str] | None = None
) -> InstallResult:
    """Write the desktop entry, icons and metainfo under ``share`` (default: XDG data home)."""
    share = share or data_home()
    applications = share / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    desktop_file = applications / DESKTOP_ID
    text = render_desktop_entry(list(command or launch_command()))
    temporary = desktop_file.with_suffix(".desktop.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o755)  # some desktops only trust executable local entries
    temporary.replace(desktop_file)
    (applications / LEGACY_DESKTOP_ID).unlink(missing_ok=True)  # else Relapp shows twice
    icons = _install_icons(share)
    metainfo_source = resources_dir() / METAINFO
    metainfo: Path | None = None
    if metainfo_source.is_file():
        metainfo = share / "metainfo" / METAINFO
        metainfo.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(metainfo_source, metainfo)
    notes = [
        note
        for note in (
            _run_if_present("update-desktop-database", str(applications)),
            _run_if_present("gtk-update-icon-cache", "-q", "-t", str(share / "icons" / "hicolor")),
        )
        if note
    ]
    return InstallResult(desktop_file, tuple(icons), metainfo, tuple(notes))


def main() -> int:
    """``relapp --install-desktop-entry``: install and say where."""
    result = install_desktop_entry()
    print(f"Installed {result.desktop_file}")
    print(f"Installed {len(result.icons)} icons under {data_home() / 'icons' / 'hicolor'}")
    if result.metainfo:
        print(f"Installed {result.metainfo}")
    for note in result.notes:
        print(f"note: {note}")
    return 0
