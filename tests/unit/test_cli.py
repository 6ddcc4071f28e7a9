"""``relapp import FILE...`` for scripts: a summary, JSON on request, and an exit code."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from relapp import cli
from relapp.__main__ import main as relapp_main
from relapp.paths import AppPaths

GOOD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN;;;\x00\x00:x\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Park\r\nEND:VCARD\r\n"
)


def test_import_prints_what_it_did_and_where_cards_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card_file = tmp_path / "contacts.vcf"
    card_file.write_bytes(GOOD)
    data = tmp_path / "data"
    assert cli.main(["import", str(card_file), "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 2 people, merged 0; 1 card could not be read\n")
    assert "contacts.vcf, card 2 (line 6): contains binary data" in out
    assert (data / "relapp.sqlite3").is_file()
    # The same file again: everything is skipped, which is not a failure.
    assert cli.main(["--data-dir", str(data), "import", str(card_file)]) == 0
    assert "skipped:  2 (2 imported before)" in capsys.readouterr().out


def test_import_json_summary_for_scripts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card_file = tmp_path / "contacts.vcf"
    card_file.write_bytes(GOOD)
    code = cli.main(["import", "--json", str(card_file), "--data-dir", str(tmp_path / "d")])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] is True
    assert (report["created"], report["merged"], report["skipped"]) == (2, 0, 0)
    assert report["errors"] == [
        {
            "file": "contacts.vcf",
            "card": 2,
            "line": 6,
            "message": "contains binary data; the file may be damaged",
        }
    ]
    assert len(report["created_ids"]) == 2 and report["batch_id"] == 1


def test_nothing_importable_exits_non_zero_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "photo.vcf"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code = cli.main(["import", str(picture), str(tmp_path / "missing.vcf"), "--data-dir",
                     str(tmp_path / "d")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "photo.vcf: this is a PNG image, not a vCard file" in captured.out
    assert "missing.vcf: the file cannot be read" in captured.out
    assert "nothing could be imported" in captured.err


def test_the_entry_point_dispatches_commands_and_leaves_the_rest_to_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card_file = tmp_path / "a.vcf"
    card_file.write_bytes(GOOD)
    assert relapp_main(["--data-dir", str(tmp_path / "d"), "import", str(card_file)]) == 0
    assert "Imported 2 people" in capsys.readouterr().out
    assert cli.is_command(["import", "x.vcf"])
    assert cli.is_command(["--data-dir=/x", "import"])
    assert not cli.is_command(["x.vcf"]) and not cli.is_command(["--demo"])
    assert not cli.is_command([])


def test_a_command_is_one_value_in_an_explicit_list(tmp_path: Path) -> None:
    seen: list[tuple[str, Path]] = []

    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--shout", action="store_true")

    def hello(args: argparse.Namespace, paths: AppPaths) -> int:
        seen.append(("shout" if args.shout else "quiet", paths.data_dir))
        return 3

    commands = (*cli.COMMANDS, cli.Command("hello-test", "say hello", arguments, hello))
    assert not cli.is_command(["hello-test"])  # not in the real list
    assert cli.is_command(["hello-test"], commands)
    assert cli.main(["hello-test", "--shout", "--data-dir", str(tmp_path)], commands) == 3
    assert seen == [("shout", tmp_path.resolve())]


def test_every_command_in_the_package_is_in_the_list() -> None:
    """Nothing registers itself on import: a ``Command`` that is not in
    ``relapp.cli.commands.COMMANDS`` would never run, so none may be left out."""
    import importlib
    import pkgutil

    import relapp.cli as package

    defined = {
        value.name
        for info in pkgutil.iter_modules(package.__path__)
        for value in vars(importlib.import_module(f"relapp.cli.{info.name}")).values()
        if isinstance(value, cli.Command)
    }
    listed = [c.name for c in cli.COMMANDS]
    assert len(listed) == len(set(listed))
    assert (
        defined
        == set(listed)
        == {"import", "backup", "restore", "export", "show", "today", "due", "search", "sync"}
    )


def test_a_database_that_cannot_be_opened_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "relapp.sqlite3").write_bytes(b"not a database at all" * 10)
    card_file = tmp_path / "a.vcf"
    card_file.write_bytes(GOOD)
    # 4: the database needs attention (it was 2 before exit codes 3 and 4 were told apart)
    assert cli.main(["import", str(card_file), "--data-dir", str(data)]) == 4
    assert "not a SQLite database" in capsys.readouterr().err


def test_a_relapp_json_file_goes_to_the_json_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    json_format = pytest.importorskip("relapp.services.json_file.format")
    calls: list[Path] = []

    class Restored:
        def summary(self) -> str:
            return "Restored 3 people"

        def as_dict(self) -> dict[str, int]:
            return {"people": 3}

    def fake_import(db: object, path: Path) -> Restored:
        calls.append(Path(path))
        return Restored()

    monkeypatch.setattr(json_format, "import_json", fake_import)
    export = tmp_path / "everything.json"
    export.write_text("{}")
    assert cli.main(["import", str(export), "--data-dir", str(tmp_path / "d")]) == 0
    assert calls == [export] and "Restored 3 people" in capsys.readouterr().out
    assert cli.main(["import", "--json", str(export), "--data-dir", str(tmp_path / "d")]) == 0
    assert json.loads(capsys.readouterr().out)["json"][0]["result"] == {"people": 3}
