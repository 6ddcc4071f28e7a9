"""LANGUAGE=de: the command line speaks German — ``--help`` with argparse's own words
("Verwendung:", "Optionen:"), its usage errors, and what the commands print — as real
processes; JSON output and vCard data stay as they are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from relapp.storage import open_database

ROOT = Path(__file__).resolve().parents[2]


def _relapp(*argv: str, language: str = "de") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANGUAGE=language, TZ="UTC")
    env.pop("RELAPP_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "relapp", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_help_is_german_with_argparse_words() -> None:
    main = _relapp("--help")
    assert main.returncode == 0, main.stderr
    assert main.stdout.startswith("Verwendung: relapp ")
    assert "\nOptionen:\n" in main.stdout
    assert "\nPositionale Argumente:\n" in main.stdout
    assert "diese Hilfe zeigen und beenden" in main.stdout
    assert "eine eigene Demo-Datenbank mit Beispielpersonen öffnen" in " ".join(main.stdout.split())
    export = _relapp("export", "--help")
    assert export.returncode == 0, export.stderr
    assert export.stdout.startswith("Verwendung: relapp export ")
    words = " ".join(export.stdout.split())  # argparse wraps the help at the terminal width
    assert "Personen als vCard-Datei schreiben" in words
    assert "die Datenbank in DIR statt im Datenordner des Benutzers ablegen" in words
    commands = _relapp("export", "--help", language="en")
    assert commands.stdout.startswith("usage: relapp export ")
    assert "write people as a vCard file" in commands.stdout


def test_usage_errors_are_german(tmp_path: Path) -> None:
    open_database(tmp_path / "relapp.sqlite3").close()
    wrong = _relapp("--data-dir", str(tmp_path), "export")
    assert wrong.returncode == 2
    assert "relapp export: Fehler: eines der Argumente --vcard --json ist nötig" in wrong.stderr
    choice = _relapp("--data-dir", str(tmp_path), "export", "--vcard", "x.vcf", "--version", "5")
    assert "ungültige Auswahl: '5' (wähle aus '4.0', '3.0')" in choice.stderr


def test_what_the_commands_print_is_german(tmp_path: Path) -> None:
    open_database(tmp_path / "relapp.sqlite3").close()
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n", encoding="utf-8")
    data = ("--data-dir", str(tmp_path))
    imported = _relapp(*data, "import", str(card))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[:3] == [
        "1 Person importiert, 0 zusammengeführt",
        "  neu:             1",
        "  zusammengeführt: 0 (Personen, die du schon kanntest)",
    ]
    found = _relapp(*data, "search", "Zed")
    assert found.stdout.strip() == "Nichts passt zu 'Zed'."
    people = _relapp(*data, "search", "Ada")
    assert people.stdout.splitlines()[0] == "Personen (1 Person)"
    backup = _relapp(*data, "backup", "--to", str(tmp_path / "copy.sqlite3"))
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith(f"Gesichert nach {tmp_path / 'copy.sqlite3'} (")
    assert backup.stdout.rstrip().endswith(" Bytes)")
    as_json = _relapp(*data, "search", "Ada", "--json")
    assert json.loads(as_json.stdout)["people"][0]["name"] == "Ada Lovelace"
