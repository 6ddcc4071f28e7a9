"""``relapp export`` run as a user's script would run it: a separate process, a summary on
stdout, and an exit code; and ``relapp import`` reading the JSON back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relapp.domain.vcard import read_vcard_file
from relapp.paths import AppPaths
from relapp.storage import Database, open_database
from tests import export_fixture

ROOT = Path(__file__).resolve().parents[2]


def relapp(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.pop("RELAPP_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "relapp", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def filled(db: Database, paths: AppPaths) -> Path:
    export_fixture.build(db)
    return paths.data_dir


def test_export_json_then_import_it_into_a_new_folder(
    filled: Path, db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "everything.json"
    done = relapp("export", "--json", out, "--data-dir", filled)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Exported 5 people, 5 interactions, 3 introductions, 4 promises")
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "relapp"

    fresh = tmp_path / "fresh"
    back = relapp("--data-dir", fresh, "import", out)
    assert back.returncode == 0, back.stderr
    assert back.stdout.startswith("Restored 5 people")
    restored = open_database(fresh / "relapp.sqlite3")
    try:
        assert export_fixture.dump(restored) == export_fixture.dump(db)
    finally:
        restored.close()

    again = relapp("import", out, "--data-dir", fresh)
    assert again.returncode == 1
    assert "already holds data" in again.stdout + again.stderr


def test_export_vcard_3_0(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "people.vcf"
    done = relapp("export", "--vcard", out, "--version", "3.0", "--data-dir", filled)
    assert done.returncode == 0, done.stderr
    assert "Exported 4 people as vCard 3.0" in done.stdout
    cards = read_vcard_file(out).cards
    assert len(cards) == 4 and {c.version for c in cards} == {"3.0"}

    everyone = relapp("export", "--vcard", out, "--include-archived", "--data-dir", filled)
    assert everyone.returncode == 0 and "Exported 5 people as vCard 4.0" in everyone.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("export",), 2, "one of the arguments --vcard --json is required"),
        (("export", "--json", "x.json", "--version", "3.0"), 2, "go with --vcard"),
        (("export", "--vcard", "{missing}/x.vcf"), 1, "could not be written"),
        (("export", "--vcard", "{tmp}/x.vcf", "--person", "999"), 1, "no person with id 999"),
    ],
)
def test_what_cannot_be_done_says_why_with_an_exit_code(
    filled: Path, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    words = [a.format(missing=tmp_path / "missing", tmp=tmp_path) for a in args]
    done = relapp(*words, "--data-dir", filled)
    assert done.returncode == code
    assert message in done.stderr
    assert not (tmp_path / "x.vcf").exists()
