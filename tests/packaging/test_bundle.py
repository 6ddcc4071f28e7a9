"""CI builds the PyInstaller bundle and runs its self-check, so a missing hidden import,
Qt plugin or resource fails here and not on a user's desktop.

Takes about a minute (the build) and needs network the first time (pip installs PyInstaller
into the test environment). Set RELAPP_SKIP_BUNDLE=1 to leave it out of a quick local run.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relapp.self_check import STEPS

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLE = ROOT / "dist" / "relapp"
EXECUTABLE = BUNDLE / "relapp"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="packaging/build is Linux"),
    pytest.mark.skipif(
        os.environ.get("RELAPP_SKIP_BUNDLE", "") not in ("", "0"),
        reason="RELAPP_SKIP_BUNDLE is set",
    ),
]


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


@pytest.fixture(scope="module")
def bundle(testrun_uid: str) -> Path:
    """The bundle, built once per test run. The suite's conftest runs this module's
    first test first and the others last (the build then overlaps the whole run), so
    under pytest-xdist they may fall to any of the workers: the first to come builds, holding
    a lock, and writes this run's id (pytest-xdist's ``testrun_uid``) beside the build;
    the others wait on the lock and use that build."""
    ROOT.joinpath("build").mkdir(exist_ok=True)
    built_by = ROOT / "build" / "bundle-test-run"
    with (ROOT / "build" / "bundle-test.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if EXECUTABLE.is_file() and built_by.is_file() and built_by.read_text() == testrun_uid:
            return EXECUTABLE
        built_by.unlink(missing_ok=True)
        _build()
        built_by.write_text(testrun_uid)
    return EXECUTABLE


def _build() -> None:
    env = {**os.environ, "PYTHON": sys.executable}
    started = time.monotonic()
    build = subprocess.run(
        [str(ROOT / "packaging" / "build")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    elapsed = time.monotonic() - started
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    assert EXECUTABLE.is_file()
    print(f"\nbundle built in {elapsed:.1f} s, {_size_mb(BUNDLE):.0f} MB")


def test_bundle_passes_its_self_check(bundle: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    started = time.monotonic()
    result = subprocess.run(
        [str(bundle), "--self-check"], capture_output=True, text=True, env=env, timeout=120
    )
    elapsed = time.monotonic() - started
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-check passed" in result.stdout
    assert result.stdout.count("\nok ") == len(STEPS), result.stdout
    assert "draw a health chart" in result.stdout  # pyqtgraph and its Qt modules are in
    print(f"bundle self-check took {elapsed:.2f} s from exec to exit")


def test_bundle_knows_its_version(bundle: Path) -> None:
    from relapp import __version__

    result = subprocess.run([str(bundle), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Relapp {__version__}"


def test_bundle_leaves_out_the_qt_it_does_not_use(bundle: Path) -> None:
    names = {p.name for p in BUNDLE.rglob("*")}
    for unwanted in ("libQt6WebEngineCore.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6"):
        assert unwanted not in names
    translations = {p.name for p in BUNDLE.rglob("*.qm")}
    assert "qtbase_de.qm" in translations  # Qt's own buttons in German (ui/qt_translations)
    assert all(name.startswith("qtbase_") for name in translations), translations
    assert (
        BUNDLE / "_internal" / "resources" / "locale" / "de" / "LC_MESSAGES" / "relapp.po"
    ).is_file()
    assert (BUNDLE / "_internal" / "resources" / "icons" / "relapp.svg").is_file()


def test_bundle_shows_qt_own_words_in_german(bundle: Path) -> None:
    """Issue 17: Qt's own translations travel in the bundle AND are found there: the
    self-check's window, under LANGUAGE=de, has Qt's Cancel in German."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["LANGUAGE"] = "de"
    result = subprocess.run(
        [str(bundle), "--self-check"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt's Cancel reads 'Abbrechen'" in result.stdout, result.stdout


def test_bundle_speaks_german(bundle: Path, tmp_path: Path) -> None:
    """The catalogue travels in the bundle and is compiled there (no .mo is built)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["LANGUAGE"] = "de"
    result = subprocess.run(
        [str(bundle), "--data-dir", str(tmp_path / "none"), "due"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert "hier gibt es keinen Relapp-Datenordner" in result.stderr, result.stderr
