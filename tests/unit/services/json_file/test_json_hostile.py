"""Hostile JSON structure (issue 12 item 6): deep nesting, lone surrogates, duplicate
keys, wrong types and huge numbers give a message naming the file and the JSON path,
never a traceback, and nothing stored changes.

Before: a deeply nested array raised RecursionError, and "\\ud800" in a string raised
UnicodeEncodeError when it was inserted.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp import cli
from relapp.domain.errors import RelappError
from relapp.services.json_file.format import JsonImportError, import_json
from relapp.services.json_file.stream import MAX_DEPTH
from relapp.storage import Database, open_database
from tests import export_fixture


def good_file() -> dict[str, Any]:
    return {
        "format": "relapp",
        "version": 1,
        "tags": [{"id": 1, "name": "friends"}],
        "people": [
            {
                "id": 1,
                "display_name": "Ada",
                "notes": "likes tea",
                "tags": ["friends"],
                "contact_points": [{"id": 1, "kind": "email", "value": "ada@example.com"}],
            },
            {"id": 2, "display_name": "Bo"},
        ],
        "interactions": [
            {
                "id": 1,
                "occurred_at": "2024-05-01T10:00:00Z",
                "channel": "call",
                "direction": "outbound",
                "notes": "talked",
                "people": [1, 2],
            }
        ],
        "promises": [
            {
                "id": 1,
                "person": 1,
                "promiser": "me",
                "what": "call back",
                "due_at": "2024-05-02T09:00:00+02:00",
            }
        ],
    }


def new_db(folder: Path) -> Database:
    return open_database(folder / "relapp.sqlite3", backups_dir=folder / "b")


def refused(db: Database, path: Path) -> str:
    before = export_fixture.dump(db)
    with pytest.raises(JsonImportError) as caught:
        import_json(db, path)
    message = str(caught.value)
    message.encode("utf-8")  # printable: no lone surrogate in the message itself
    assert path.name in message and "nothing was changed" in message.lower()
    assert export_fixture.dump(db) == before
    return message


def write_text(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    return path


def with_raw(data: dict[str, Any], raw: str, place: str = "notes") -> str:
    """The file's text with the first person's ``place`` field replaced by raw JSON."""
    data["people"][0][place] = "@@RAW@@"
    return json.dumps(data).replace('"@@RAW@@"', raw, 1)


def test_a_deeply_nested_array_is_refused_with_its_path(db: Database, tmp_path: Path) -> None:
    depth = 100_000
    path = write_text(tmp_path, with_raw(good_file(), "[" * depth + "]" * depth))
    message = refused(db, path)
    assert f"nested more than {MAX_DEPTH} levels" in message
    assert "people[0].notes" + "[0]" * (MAX_DEPTH - 2) in message


def test_nesting_just_over_the_limit_is_refused_and_at_it_is_a_plain_type_error(
    db: Database, tmp_path: Path
) -> None:
    over = write_text(
        tmp_path, with_raw(good_file(), "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    )
    assert "nested" in refused(db, over)
    at = write_text(tmp_path, with_raw(good_file(), "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3)))
    message = refused(db, at)
    assert "nested" not in message and "people[0]: notes must be text" in message


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ('"Ada \\ud800"', "people[0].display_name"),
        ('"\\udfff"', "people[0].display_name"),
    ],
)
def test_a_lone_surrogate_is_refused_with_its_path(
    db: Database, tmp_path: Path, raw: str, where: str
) -> None:
    path = write_text(tmp_path, with_raw(good_file(), raw, "display_name"))
    message = refused(db, path)
    assert where in message and "surrogate" in message


def test_a_lone_surrogate_in_a_tag_list_or_a_key_is_refused(db: Database, tmp_path: Path) -> None:
    in_list = write_text(tmp_path, with_raw(good_file(), '["friends", "x\\udc80"]', "tags"))
    assert "people[0].tags[1]" in refused(db, in_list)
    as_key = write_text(tmp_path, with_raw(good_file(), '{"\\ud800": 1}', "birthday"))
    assert "people[0].birthday" in refused(db, as_key)


def test_a_real_surrogate_pair_is_an_emoji_and_imports(db: Database, tmp_path: Path) -> None:
    path = write_text(tmp_path, with_raw(good_file(), '"Ada \\ud83d\\ude00"', "display_name"))
    assert import_json(db, path).people == 2


def test_a_duplicate_key_in_a_record_is_refused(db: Database, tmp_path: Path) -> None:
    text = json.dumps(good_file()).replace(
        '"display_name": "Ada"', '"display_name": "Ada", "display_name": "Eve"', 1
    )
    message = refused(db, write_text(tmp_path, text))
    assert "people[0]" in message and '"display_name" appears twice' in message


def test_a_ten_thousand_digit_number_is_refused(db: Database, tmp_path: Path) -> None:
    path = write_text(tmp_path, with_raw(good_file(), "1" + "0" * 10_000, "id"))
    assert "people[0].id" in refused(db, path) or "people[0]" in refused(db, path)


def test_the_cli_prints_a_message_for_deep_nesting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_text(tmp_path, with_raw(good_file(), "[" * 50_000 + "]" * 50_000))
    code = cli.main(["--data-dir", str(tmp_path / "data"), "import", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    assert "hostile.json" in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


# --- the fuzzer --------------------------------------------------------------------------

EXAMPLES = 250
_run: list[int] = []
# A new, empty database made once by open_database, copied for each example (closed,
# its WAL folded in): making and migrating one per example was half the fuzzer's CPU.
_empty: list[Path] = []

RAW_VALUES = st.one_of(
    st.integers(1, 20_000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.sampled_from(['"\\ud800"', '"x\\udfff"', '"\\ud83d\\ude00"', '{"\\udc00": 1}']),
    st.integers(18, 6_000).map(lambda k: "1" + "0" * k),
    st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "-0", "1.5", "2e-400"]),
    st.sampled_from(["null", "true", "false", "{}", "[]", '""', "0", "-1", '"x"']),
)


def _containers(value: Any, out: list[Any]) -> None:
    if isinstance(value, dict):
        out.append(value)
        for item in value.values():
            _containers(item, out)
    elif isinstance(value, list):
        out.append(value)
        for item in value:
            _containers(item, out)


@st.composite
def hostile_files(draw: st.DrawFn) -> str:
    data = good_file()
    containers: list[Any] = []
    _containers(data, containers)
    raws: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(containers))
        marker = f"@@RAW{len(raws)}@@"
        if isinstance(target, dict):
            if draw(st.booleans()) and target:  # a key given twice
                key = draw(st.sampled_from(sorted(target)))
                target[f"@@DUP{len(raws)}@@"] = target[key]
                raws.append(json.dumps(key))
                continue
            key = draw(st.sampled_from([*sorted(target), "extra"]))
            target[key] = marker
        else:
            target.insert(draw(st.integers(0, len(target))), marker)
        raws.append(draw(RAW_VALUES))
    text = json.dumps(data)
    for number, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{number}@@"', raw).replace(f'"@@DUP{number}@@"', raw)
    return text


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_files())
def _import_never_crashes(text: str) -> None:
    _run.append(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_text(text, encoding="utf-8")
        shutil.copy(_empty[0], Path(folder) / "relapp.sqlite3")
        db = new_db(Path(folder))
        try:
            before = export_fixture.dump(db)
            try:
                import_json(db, path)
            except RelappError as error:
                message = str(error)
                message.encode("utf-8")
                assert "fuzz.json" in message
                assert export_fixture.dump(db) == before
        finally:
            db.close()


def test_hostile_json_structure_never_gives_a_traceback(tmp_path: Path) -> None:
    _run.clear()
    new_db(tmp_path).close()
    _empty[:] = [tmp_path / "relapp.sqlite3"]
    _import_never_crashes()
    print(f"JSON structure fuzzer: {len(_run)} examples run")
    assert len(_run) >= EXAMPLES
