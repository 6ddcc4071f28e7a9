"""LANGUAGE=de: what goes wrong reading a vCard file, and what the services refuse, is
said in German — whole sentences with the file, card and line kept — while the vCard
itself (property names, BEGIN:VCARD) stays as written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.domain.errors import InvalidInput
from relapp.domain.model import PersonDraft
from relapp.domain.promises import Promiser, PromiseStatus
from relapp.domain.vcard.reader import read_vcard_file
from relapp.services import exporting, people, promises
from relapp.services.promises import PromiseDraft
from relapp.storage import Database

NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_file_that_is_no_vcard_is_said_in_german(german: str, tmp_path: Path) -> None:
    empty = read_vcard_file(_file(tmp_path, "leer.vcf", b"  \n"))
    assert str(empty.file_error) == "leer.vcf: die Datei ist leer"
    png = read_vcard_file(_file(tmp_path, "bild.vcf", b"\x89PNG\r\n\x1a\n" + b"\0" * 20))
    assert str(png.file_error) == "bild.vcf: das ist ein PNG-Bild, keine vCard-Datei"
    text = read_vcard_file(_file(tmp_path, "notiz.vcf", b"hello\n"))
    assert str(text.file_error) == (
        "notiz.vcf: darin steht kein BEGIN:VCARD; das ist keine vCard-Datei"
    )
    folder = tmp_path / "ordner.vcf"
    folder.mkdir()
    assert str(read_vcard_file(folder).file_error) == (
        "ordner.vcf: das ist ein Ordner, keine Datei; nichts wurde daraus gelesen"
    )


def test_a_damaged_card_is_said_in_german_with_its_line(german: str, tmp_path: Path) -> None:
    data = (
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nBDAY:someday\nEND:VCARD\n"
        b"BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"
        b"BEGIN:VCARD\nFN:Charles Babbage\nNOTE:engines\n"
    )
    result = read_vcard_file(_file(tmp_path, "karten.vcf", data))
    ada, charles = result.cards
    assert ada.warnings == ("Zeile 4: Geburtstag 'someday' ist kein Datum; weggelassen",)
    assert result.skipped == (
        "Karte 2 (Zeile 6): eine leere Karte (kein Name, keine Kontaktdaten, keine Notizen)",
    )
    assert charles.warnings == (
        "kein END:VCARD; die Datei endet in dieser Karte: was da ist, wurde gelesen",
        "keine VERSION-Zeile; als vCard 3.0 gelesen",
    )


def test_the_services_refuse_in_german(german: str, db: Database, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        exporting.export_vcards(db, tmp_path / "out.vcf", version="5.0")
    assert str(refused.value) == "vCard-Version: wähle eine von 3.0, 4.0, nicht 5.0."
    ada = people.add_person(db, PersonDraft(display_name="Ada"))
    draft = PromiseDraft(ada.id, Promiser.ME, "send the notes", None, NOW + timedelta(days=1))
    promise = promises.create_promise(db, draft, now=NOW)
    promises.complete_promise(db, promise.id, now=NOW)
    assert promises.get_promise(db, promise.id).status is PromiseStatus.DONE
    with pytest.raises(InvalidInput) as again:
        promises.cancel_promise(db, promise.id, now=NOW)
    assert str(again.value) == (
        "Versprechen: absagen geht nicht: dieses Versprechen ist schon erledigt."
    )


def test_every_error_title_is_marked_for_the_catalogue() -> None:
    """An error's title is the heading of the box that shows it (``ui/errors.describe``
    translates it): a plain string there stays English in every language."""
    import ast

    root = Path(__file__).resolve().parents[2] / "relapp"
    plain = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "title" for t in item.targets)
                        and isinstance(item.value, ast.Constant)
                        and item.value.value
                    ):
                        plain.append(f"{path.relative_to(root)}: {node.name}")
    assert plain == []


def test_a_json_restore_refuses_in_german(german: str, db: Database, tmp_path: Path) -> None:
    from relapp.services.json_file.format import DatabaseNotEmpty, JsonImportError, import_json

    broken = _file(tmp_path, "kaputt.json", b'{"format": ')
    with pytest.raises(JsonImportError) as not_json:
        import_json(db, broken)
    assert str(not_json.value).startswith(
        "kaputt.json: das ist keine Relapp-JSON-Datei: sie ist kein gültiges JSON ("
    )
    assert str(not_json.value).endswith("). Nichts wurde geändert.")
    people.add_person(db, PersonDraft(display_name="Ada"))
    with pytest.raises(DatabaseNotEmpty) as not_empty:
        import_json(db, _file(tmp_path, "alles.json", b"{}"))
    assert str(not_empty.value).startswith(
        "alles.json: diese Datenbank enthält schon Daten (1 Person). Eine Relapp-JSON-Datei"
    )


def test_the_problems_inside_a_json_file_are_said_in_german(
    german: str, db: Database, tmp_path: Path
) -> None:
    from relapp.services.json_file.format import JsonImportError, import_json
    from relapp.services.json_file.validate import FORMAT_VERSION

    data = (
        f'{{"format": "relapp", "version": {FORMAT_VERSION},\n'
        ' "people": [\n'
        '  {"id": 1, "display_name": 5, "colour": "blue"},\n'
        '  {"id": -2, "display_name": "Ada"},\n'
        "  []\n"
        " ],\n"
        ' "promises": [{"id": 1, "person": 9, "text": "x", "direction": "sideways"}]\n'
        "}\n"
    )
    with pytest.raises(JsonImportError) as refused:
        import_json(db, _file(tmp_path, "fehler.json", data.encode()))
    problems = refused.value.problems
    assert refused.value.message == "die Datei hat 9 Probleme; nichts wurde geändert."
    assert 'people[0]: unbekanntes Feld "colour" (bekannte Felder: ' in problems[0]
    assert "people[0]: display_name muss Text sein (gefunden: eine Zahl) (Zeile 3)" in problems
    assert any(
        p.startswith("people[1]: id muss eine ganze Zahl über 0 sein (gefunden: -2)")
        for p in problems
    )
    assert "people[2]: muss ein Objekt {...} sein, nicht eine Liste (Zeile 5)" in problems
    assert "promises[0]: promiser fehlt (Zeile 7)" in problems
    assert all("must" not in p and "line" not in p for p in problems)


def test_wrong_references_in_a_json_file_are_said_in_german(
    german: str, db: Database, tmp_path: Path
) -> None:
    from relapp.services.json_file.format import JsonImportError, import_json
    from relapp.services.json_file.validate import FORMAT_VERSION

    data = (
        f'{{"format": "relapp", "version": {FORMAT_VERSION}, "extra": 1,\n'
        ' "tags": [{"id": 1, "name": "Chor"}, {"id": 2, "name": "chor"}],\n'
        ' "people": [{"id": 1, "display_name": "Ada", "tags": ["Band"]},\n'
        '            {"id": 1, "display_name": "Bob"}]\n'
        "}\n"
    )
    with pytest.raises(JsonImportError) as refused:
        import_json(db, _file(tmp_path, "bezug.json", data.encode()))
    assert refused.value.message == "die Datei hat 4 Probleme; nichts wurde geändert."
    assert refused.value.problems == (
        'unbekanntes Element "extra" auf der obersten Ebene (eine Relapp-JSON-Datei hat: '
        "format, version, exported_at, app_version, schema_version, settings, tags, people, "
        "interactions, introductions, promises, captured, capture_keys) (Zeile 1)",
        'tags[1]: der Schlagwortname "chor" kommt zweimal vor (Zeile 2)',
        'people[0].tags[0]: nennt das Schlagwort "band", das nicht in "tags" steht (Zeile 3)',
        "people[1]: die ID 1 hat auch eine andere Person (Zeile 4)",
    )


def test_a_json_file_of_another_format_or_version_is_refused_in_german(
    german: str, db: Database, tmp_path: Path
) -> None:
    from relapp.services.json_file.format import JsonImportError, import_json
    from relapp.services.json_file.validate import FORMAT_VERSION

    other = _file(tmp_path, "andere.json", b'{"format": "vcf", "version": 1}')
    with pytest.raises(JsonImportError) as not_ours:
        import_json(db, other)
    assert not_ours.value.message == (
        'das ist keine Relapp-JSON-Datei: ihr "format" ist "vcf", nicht "relapp". '
        "Nichts wurde geändert."
    )
    newer = f'{{"format": "relapp", "version": {FORMAT_VERSION + 1}}}'.encode()
    with pytest.raises(JsonImportError) as too_new:
        import_json(db, _file(tmp_path, "neu.json", newer))
    assert too_new.value.message.startswith(
        f"sie ist Relapp-JSON Version {FORMAT_VERSION + 1}, von einem neueren Relapp geschrieben"
    )
    with pytest.raises(JsonImportError) as no_version:
        import_json(db, _file(tmp_path, "ohne.json", b'{"format": "relapp"}'))
    assert no_version.value.message == 'sie hat kein Element "version". Nichts wurde geändert.'
