"""Every view of the real app, in the light and the dark scheme, on a real X server with
a tray: the welcome page, the people list, a person's page (the brief, the promises, the
chart, the history, the whole details column) and one with a very long name and company,
Due, Today, the health overview, the network, and each dialog (introduction, duplicates,
new/edit person, log, promise, backups, export, the three settings, About, the import
and capture previews), and a person's page after that capture. One app process per
scheme (tests/e2e/screens_driver.py) draws each into the test's tmp folder; this test
judges the pictures: each shows something, in its scheme, with nothing painted bright in
the dark; every text it shows (labels, buttons, list and table rows) reads against what
is drawn under it (WCAG AA, measured on the pixels); and no cell cut with "…" lacks a
tooltip to read it whole."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from relapp.ui.theme.contrast import BODY_TEXT, LARGE_TEXT
from tests.e2e import pictures
from tests.e2e.xserver import xserver

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

EVERY_VIEW = {
    "welcome",
    "people-list",
    "person-page",
    "person-long-name",
    "person-page-whole",
    "tab-due",
    "tab-today",
    "health-overview",
    "network",
    "introduction-dialog",
    "duplicates",
    "new-person",
    "edit-person",
    "log-interaction",
    "new-promise",
    "backups",
    "export",
    "settings-reminders",
    "settings-my-addresses",
    "settings-sync",
    "about",
    "import-preview",
    "capture-preview",
    "person-after-capture",
}
BRIGHT = 0.5  # relative luminance of a square painted bright (the dark window: ~0.03)
BRIGHT_SQUARES = 20  # 16 px squares allowed bright in the dark: the app icon, an avatar


def take_pictures(out: Path, scheme: str, *extra: str) -> dict:
    with xserver() as x:
        env = {**x.env, "RELAPP_COLOR_SCHEME": scheme, "HOME": str(out / "home")}
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "tests.e2e.screens_driver", str(out), *extra],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        took = time.monotonic() - started
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    manifest["seconds"] = took
    return manifest


def too_faint(image, shot: dict) -> list[str]:
    """Each text of the picture whose ink stands out less than WCAG AA asks."""
    faint = []
    for place in shot["text"]:
        rect = QRect(*place["rect"])
        if rect.height() < 8:  # a row that only peeks out under the list's edge
            continue
        found, ink, background = pictures.text_contrast(image, rect)
        words = any(ch.isalnum() for ch in place["text"])  # else a mark: "●", "✕", "…"
        if found < (BODY_TEXT if words else LARGE_TEXT):
            faint.append(f"{place['kind']} {place['text']!r}: {found:.2f} ({ink} on {background})")
    return faint


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_view_reads_in_each_colour_scheme(tmp_path: Path, scheme: str) -> None:
    manifest = take_pictures(tmp_path, scheme)
    shots = {shot["name"]: shot for shot in manifest["shots"]}
    assert set(shots) == EVERY_VIEW, f"views missing: {EVERY_VIEW - set(shots)}"
    problems = []
    for name, shot in shots.items():
        image = pictures.load(tmp_path / shot["file"])
        assert image.width() >= 200 and image.height() >= 150, f"{name} is {image.size()}"
        squares = pictures.blocks(image)
        if pictures.spread(image) < 0.02:
            problems.append(f"{name}: looks blank (spread {pictures.spread(image):.3f})")
        middle = sorted(squares)[len(squares) // 2]
        if scheme == "dark" and middle > 0.1:
            problems.append(f"{name}: the dark view is light (median luminance {middle:.2f})")
        if scheme == "light" and middle < 0.5:
            problems.append(f"{name}: the light view is dark (median luminance {middle:.2f})")
        bright = sum(1 for s in squares if s > BRIGHT)
        if scheme == "dark" and bright > BRIGHT_SQUARES:
            problems.append(f"{name}: {bright} squares painted light in the dark scheme")
        if len(shot["text"]) < 2:
            problems.append(f"{name}: shows almost no text ({shot['text']})")
        problems += [f"{name}: {faint}" for faint in too_faint(image, shot)]
        problems += [
            f"{name}: {place['kind']} {place['text']!r} is cut with no tooltip to read it whole"
            for place in shot["text"]
            if place.get("elided") and not place.get("tooltip")
        ]
    print(f"{scheme}: {len(shots)} views in {manifest['seconds']:.1f} s")
    assert problems == [], "\n".join(problems)
