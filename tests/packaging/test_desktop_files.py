"""The desktop entry and AppStream metainfo pass the freedesktop validators, and
``relapp --install-desktop-entry`` puts a working entry and its icons in XDG_DATA_HOME."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relapp import desktop_entry
from relapp.desktop_entry import install_desktop_entry, quote_exec_argument, render_desktop_entry
from relapp.paths import resources_dir

METAINFO = resources_dir() / desktop_entry.METAINFO


def _tool(name: str, package: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return exe


def _fields(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_rendered_desktop_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    entry = tmp_path / "relapp.desktop"
    entry.write_text(render_desktop_entry(["/opt/My Apps/relapp", "--flag"]), encoding="utf-8")
    result = subprocess.run([validate, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no warnings either


def test_metainfo_passes_appstreamcli_validate() -> None:
    appstreamcli = _tool("appstreamcli", "appstream")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_launches_the_desktop_file_that_is_installed() -> None:
    text = METAINFO.read_text(encoding="utf-8")
    assert f'<launchable type="desktop-id">{desktop_entry.DESKTOP_ID}</launchable>' in text


def test_entry_opens_vcards_with_the_files_on_the_command_line() -> None:
    fields = _fields(render_desktop_entry(["/usr/bin/relapp"]))
    assert fields["Exec"] == "/usr/bin/relapp %F"
    assert fields["MimeType"] == "text/vcard;text/x-vcard;"
    assert fields["Icon"] == "relapp"
    assert fields["StartupWMClass"] == "relapp"  # QApplication.setDesktopFileName("relapp")
    assert "ContactManagement" in fields["Categories"]


@pytest.mark.parametrize(
    ("argument", "written"),
    [
        ("/usr/bin/python3", "/usr/bin/python3"),
        ("/home/me/My Apps/relapp", '"/home/me/My Apps/relapp"'),
        ('/tmp/a"b', '"/tmp/a\\\\"b"'),
        ("/tmp/$HOME", '"/tmp/\\\\$HOME"'),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(argument: str, written: str) -> None:
    assert quote_exec_argument(argument) == written


def test_install_writes_entry_icons_and_metainfo_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # cache tools absent: only notes
    result = install_desktop_entry()
    assert result.desktop_file == share / "applications" / "relapp.desktop"
    fields = _fields(result.desktop_file.read_text(encoding="utf-8"))
    assert fields["Exec"] == f"{quote_exec_argument(sys.executable)} -m relapp %F"
    for size in (16, 48, 256, 512):
        assert (share / f"icons/hicolor/{size}x{size}/apps/relapp.png").is_file()
    assert (share / "icons/hicolor/scalable/apps/relapp.svg").is_file()
    assert result.metainfo is not None and result.metainfo.is_file()
    assert any("update-desktop-database not found" in note for note in result.notes)


def test_installed_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    result = install_desktop_entry(tmp_path, ["/usr/bin/python3", "-m", "relapp"])
    checked = subprocess.run([validate, str(result.desktop_file)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_command_line_flag_installs(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "relapp", "--install-desktop-entry"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "applications" / "relapp.desktop").is_file()
    assert "Installed" in result.stdout
