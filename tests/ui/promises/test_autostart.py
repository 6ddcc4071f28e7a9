"""Start at login: the XDG autostart entry, and the Settings menu entry that writes it."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from relapp import APP_ID
from relapp.ui.promises import autostart


@pytest.fixture
def config(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def exec_args(entry: Path) -> list[str]:
    """Read Exec= back as the Desktop Entry spec says: first the string escapes, then
    arguments split on spaces, double-quoted ones with \\" \\` \\$ \\\\ escaped."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry, encoding="utf-8")
    raw = parser["Desktop Entry"]["Exec"].replace("\\\\", "\\")
    args: list[str] = []
    current, quoted, i = "", False, 0
    while i < len(raw):
        c = raw[i]
        if quoted and c == "\\" and raw[i + 1] in '"`$\\':
            current += raw[i + 1]
            i += 1
        elif c == '"':
            quoted = not quoted
        elif c == " " and not quoted:
            args.append(current)
            current = ""
        else:
            current += c
        i += 1
    return [*args, current]


def test_the_entry_goes_to_xdg_config_home_and_starts_minimised(config: Path) -> None:
    assert autostart.autostart_file() == config / "autostart" / f"{APP_ID}.desktop"
    assert not autostart.is_enabled()
    command = ["/opt/Relapp Beta/relapp", "--minimized", "--data-dir", '/home/a "b"/$x']
    written = autostart.enable(command)
    assert written == config / "autostart" / f"{APP_ID}.desktop"
    assert autostart.is_enabled()
    text = written.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\nType=Application\n")
    assert exec_args(written) == command
    autostart.disable()
    assert not autostart.is_enabled()
    autostart.disable()  # twice is fine


def test_an_entry_an_earlier_relapp_wrote_counts_and_is_replaced(config: Path) -> None:
    old = config / "autostart" / "relapp.desktop"
    old.parent.mkdir(parents=True)
    old.write_text("[Desktop Entry]\nType=Application\nName=Relapp\nExec=relapp --minimized\n")
    assert autostart.is_enabled()
    written = autostart.enable(["/usr/bin/relapp", "--minimized"])
    assert not old.exists(), "Relapp would start twice at login"
    assert f"Icon={APP_ID}" in written.read_text(encoding="utf-8")
    old.write_text("[Desktop Entry]\n")
    autostart.disable()
    assert not old.exists() and not written.exists()


def test_a_relative_xdg_config_home_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.autostart_file() == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"


def test_the_command_names_a_data_folder_other_than_the_default(tmp_path: Path) -> None:
    command = autostart.launch_command(tmp_path / "mine")
    assert "--minimized" in command
    assert command[-2:] == ["--data-dir", str((tmp_path / "mine").resolve())]


def test_the_settings_menu_writes_and_removes_the_entry(qtbot, config: Path, make_relapp):
    app = make_relapp()
    action = app.feature.autostart_action
    assert app.window.menus["settings"].actions()[0] is action
    assert not action.isChecked()
    action.trigger()
    entry = config / "autostart" / f"{APP_ID}.desktop"
    assert entry.is_file()
    assert "--minimized" in exec_args(entry)
    action.trigger()
    assert not entry.exists()
