"""The desktop entry and AppStream metainfo pass the freedesktop validators, and
``relapp --install-desktop-entry`` puts a working entry and its icons in XDG_DATA_HOME."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relapp import APP_ID, __version__, desktop_entry
from relapp.__main__ import build_parser
from relapp.desktop_entry import install_desktop_entry, quote_exec_argument, render_desktop_entry
from relapp.paths import resources_dir

METAINFO = resources_dir() / desktop_entry.METAINFO
ROOT = Path(__file__).resolve().parent.parent.parent


def _tool(name: str, package: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return exe


def _sections(text: str) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            current[key] = value
    return sections


def _fields(text: str) -> dict[str, str]:
    return _sections(text)["Desktop Entry"]


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
    assert fields["Icon"] == APP_ID
    assert fields["StartupWMClass"] == "relapp"  # X11's WM_CLASS, from argv[0]
    assert "ContactManagement" in fields["Categories"]


def test_one_app_id_names_the_entry_the_icon_the_launchable_and_the_app() -> None:
    assert f"{APP_ID}.desktop" == desktop_entry.DESKTOP_ID
    assert desktop_entry.ICON_NAME == APP_ID
    text = METAINFO.read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text
    assert f'<icon type="stock">{APP_ID}</icon>' in text
    code = (
        "from relapp.ui.app import create_application\n"
        "print(create_application().desktopFileName())"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert shown.stdout.strip() == APP_ID, shown.stderr


def test_the_entry_says_it_notifies_and_offers_new_person_and_log_interaction() -> None:
    sections = _sections(render_desktop_entry(["/usr/bin/relapp"]))
    entry = sections["Desktop Entry"]
    assert entry["X-GNOME-UsesNotifications"] == "true"
    assert entry["Actions"] == "new-person;log-interaction;"
    new_person = sections["Desktop Action new-person"]
    log = sections["Desktop Action log-interaction"]
    assert (new_person["Name"], log["Name"]) == ("New Person", "Log Interaction")
    assert new_person["Exec"] == "/usr/bin/relapp --new-person"
    assert log["Exec"] == "/usr/bin/relapp --log"
    assert build_parser().parse_args(new_person["Exec"].split()[1:]).new_person
    assert build_parser().parse_args(log["Exec"].split()[1:]).log


def test_metainfo_has_screenshots_and_this_release() -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(METAINFO).getroot()
    shots = root.findall("./screenshots/screenshot")
    assert shots and shots[0].get("type") == "default"
    for shot in shots:
        image = shot.find("image")
        assert image is not None and (image.text or "").startswith("https://")
        assert (shot.findtext("caption") or "").strip()
    versions = [r.get("version") for r in root.findall("./releases/release")]
    assert versions[0] == __version__  # newest first


def test_each_metainfo_screenshot_is_a_file_of_this_repository_with_its_stated_size() -> None:
    """A software centre shows the image at the URL: it must be one of ours, at the size
    the metainfo says (raw.githubusercontent.com/relapp/relapp/main/<path>)."""
    import struct
    import xml.etree.ElementTree as ET

    prefix = "https://raw.githubusercontent.com/relapp/relapp/main/"
    for image in ET.parse(METAINFO).getroot().findall("./screenshots/screenshot/image"):
        url = image.text or ""
        assert url.startswith(prefix), url
        picture = ROOT / url.removeprefix(prefix)
        assert picture.is_file(), f"{url}: no {picture.relative_to(ROOT)} in the repository"
        header = picture.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{picture.name} is not a PNG"
        size = struct.unpack(">II", header[16:24])
        assert size == (int(image.get("width", 0)), int(image.get("height", 0))), size


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
    old = share / "applications" / "relapp.desktop"  # what an earlier Relapp installed
    old.parent.mkdir(parents=True)
    old.write_text("[Desktop Entry]\nType=Application\nName=Relapp\nExec=relapp\n")
    result = install_desktop_entry()
    assert result.desktop_file == share / "applications" / f"{APP_ID}.desktop"
    assert not old.exists(), "Relapp would be in the menu twice"
    fields = _fields(result.desktop_file.read_text(encoding="utf-8"))
    assert fields["Exec"] == f"{quote_exec_argument(sys.executable)} -m relapp %F"
    for size in (16, 48, 256, 512):
        assert (share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (share / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
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
    assert (tmp_path / "applications" / f"{APP_ID}.desktop").is_file()
    assert "Installed" in result.stdout
