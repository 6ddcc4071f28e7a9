"""The Relapp JSON format: everything out, and back into an empty database identically;
broken files and non-empty databases change nothing and say what and where."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import interactions, people
from relapp.services.json_file import format as json_format
from relapp.services.json_file.format import (
    DatabaseNotEmpty,
    JsonImportError,
    export_json,
    import_json,
)
from relapp.storage import Database, imports_repo, open_database, restore_repo
from tests import export_fixture
from tests.export_fixture import use


@pytest.fixture
def other_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "other" / "relapp.sqlite3", backups_dir=tmp_path / "b")
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()


def exported(db: Database, tmp_path: Path) -> Path:
    export_fixture.build(db)
    target = tmp_path / "everything.json"
    export_json(db, target)
    return target


def test_round_trip_into_an_empty_database_gives_identical_data(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    source = exported(db, tmp_path)

    result = import_json(other_db, source)

    before, after = export_fixture.dump(db), export_fixture.dump(other_db)
    assert after == before
    for table in ("person", "person_photo", "contact_point", "tag", "person_tag", "interaction"):
        assert before[table], f"the fixture should fill {table}"
    for table in ("interaction_person", "introduction", "promise", "app_state", "person_search"):
        assert before[table], f"the fixture should fill {table}"
    assert (result.people, result.interactions, result.introductions, result.promises) == (
        5,
        5,
        3,
        4,
    )


def test_the_restored_people_read_back_as_they_were(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    source = exported(db, tmp_path)
    import_json(other_db, source)
    ids = people.list_people(db) + people.list_people(db, archived=True)
    before = [people.get_person(use(db), person_id) for person_id in ids]
    after = [people.get_person(use(other_db), person_id) for person_id in ids]
    assert after == before
    assert people.list_people(other_db, "lovelace") == people.list_people(db, "lovelace")


def test_html_in_names_is_kept_literally(db: Database, other_db: Database, tmp_path: Path) -> None:
    source = exported(db, tmp_path)
    written = json.dumps(export_fixture.HTML_NAME, ensure_ascii=False)
    assert written in source.read_text(encoding="utf-8")
    import_json(other_db, source)
    names = {
        r.display_name for r in people.person_rows(other_db, people.list_people(other_db)).values()
    }
    assert export_fixture.HTML_NAME in names


def test_the_file_is_versioned_json_with_ids_kept(db: Database, tmp_path: Path) -> None:
    ids = export_fixture.build(db)
    target = tmp_path / "out.json"
    result = export_json(db, target)

    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("relapp", 1)
    assert data["exported_at"].endswith("Z")
    ada = next(p for p in data["people"] if p["id"] == ids["ada"])
    assert ada["birthday"] == {"month": 12, "day": 10, "year": 1815}
    assert ada["avoid_channels"] == ["call", "video"]
    bo = next(p for p in data["people"] if p["id"] == ids["bo"])
    assert bo["birthday"] == {"month": 2, "day": 29, "year": None}
    assert bo["archived_at"] is not None
    dinner = next(i for i in data["interactions"] if i["id"] == ids["dinner"])
    assert sorted(dinner["people"]) == sorted([ids["ada"], ids["carol"], ids["lukasz"]])
    assert any(i["introducer"] is None for i in data["introductions"])
    assert {p["promiser"] for p in data["promises"]} == {"me", "them"}
    assert result.people == 5 and result.size == target.stat().st_size


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_export_is_private_to_the_user_and_leaves_no_temporary_file(
    db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    target.write_text("an older export")
    os.chmod(target, 0o644)
    export_json(db, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["format"] == "relapp"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_paging_through_many_records_gives_the_same_file(
    db: Database, other_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_format, "PAGE", 2)
    source = exported(db, tmp_path)
    import_json(other_db, source)
    assert export_fixture.dump(other_db) == export_fixture.dump(db)


def test_an_empty_database_round_trips(db: Database, other_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "empty.json"
    export_json(db, target)
    result = import_json(other_db, target)
    assert result.people == 0
    assert export_fixture.dump(other_db) == export_fixture.dump(db)


# --- a database that already has data ------------------------------------------------


def test_a_database_with_people_is_refused_and_left_as_it_was(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    source = exported(db, tmp_path)
    people.add_person(use(other_db), PersonDraft("Someone Already Here"))
    before = export_fixture.dump(other_db)

    with pytest.raises(DatabaseNotEmpty) as caught:
        import_json(other_db, source)

    assert "1 person" in str(caught.value) and "empty database" in str(caught.value)
    assert "--data-dir" in str(caught.value)
    assert export_fixture.dump(other_db) == before


def test_a_new_database_that_saved_its_own_settings_still_takes_a_restore(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    source = exported(db, tmp_path)
    other_db.connection().execute(
        "INSERT INTO app_state (key, value) VALUES ('outreach.unanswered', '9')"
    )
    import_json(other_db, source)
    assert export_fixture.dump(other_db) == export_fixture.dump(db)


# --- broken files --------------------------------------------------------------------


def good_file() -> dict:
    return {
        "format": "relapp",
        "version": 1,
        "tags": [{"id": 1, "name": "friends"}],
        "people": [
            {
                "id": 1,
                "display_name": "Ada",
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
                "people": [1, 2],
            }
        ],
        "introductions": [{"id": 1, "introducer": None, "person_a": 1, "person_b": 2}],
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


def write(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "in.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, indent=1), encoding="utf-8")
    return path


def test_a_small_hand_written_file_imports_with_defaults(
    other_db: Database, tmp_path: Path
) -> None:
    result = import_json(other_db, write(tmp_path, good_file()))
    assert (result.people, result.interactions, result.introductions, result.promises) == (
        2,
        1,
        1,
        1,
    )
    ada = people.get_person(other_db, 1)
    assert ada.tags == ("friends",) and ada.emails() == ["ada@example.com"]
    assert ada.last_contact_at is not None and ada.last_contact_at.hour == 10


def mutated(change) -> dict:
    data = good_file()
    change(data)
    return data


BROKEN = {
    "not JSON": ("hello, this is a letter", "not valid JSON"),
    "binary": (bytes(range(256)) * 4, "not UTF-8 text"),
    "empty": ("", "the file is empty"),
    "a list": ("[1, 2, 3]", "expected '{'"),
    "cut short": (json.dumps(good_file())[:150], "not valid JSON"),
    "other format": (mutated(lambda d: d.update(format="vcard")), 'is "vcard", not "relapp"'),
    "no format": (mutated(lambda d: d.pop("format")), 'no "format": "relapp"'),
    "newer version": (mutated(lambda d: d.update(version=2)), "version 2, written by a newer"),
    "version as text": (mutated(lambda d: d.update(version="1")), "whole number"),
    "missing name": (
        mutated(lambda d: d["people"][1].pop("display_name")),
        "people[1]: display_name is missing",
    ),
    "wrong contact kind": (
        mutated(lambda d: d["people"][0]["contact_points"][0].update(kind="fax")),
        "people[0].contact_points[0]: kind must be one of email, phone, url, address, social "
        '(found "fax")',
    ),
    "dangling person": (
        mutated(lambda d: d["interactions"][0]["people"].append(99)),
        'interactions[0].people[2]: person 99 is not in "people"',
    ),
    "dangling tag": (
        mutated(lambda d: d["people"][1].update(tags=["golf"])),
        'people[1].tags[0]: names the tag "golf", which is not in "tags"',
    ),
    "dangling interaction": (
        mutated(lambda d: d["promises"][0].update(interaction=7)),
        'promises[0].interaction: interaction 7 is not in "interactions"',
    ),
    "same id twice": (
        mutated(lambda d: d["people"][1].update(id=1)),
        "people[1]: id 1 is used by another person too",
    ),
    "two of them are me": (
        mutated(lambda d: d["introductions"][0].update(person_a=None)),
        "introductions[0]: at most one of introducer, person_a and person_b may be you",
    ),
    "unknown status": (
        mutated(lambda d: d["promises"][0].update(status="maybe")),
        'promises[0]: status must be one of open, done, cancelled (found "maybe")',
    ),
    "time without a zone": (
        mutated(lambda d: d["interactions"][0].update(occurred_at="2024-05-01 10:00")),
        "interactions[0]: occurred_at must be a date and time with a time zone",
    ),
    "impossible birthday": (
        mutated(lambda d: d["people"][0].update(birthday={"month": 2, "day": 30, "year": None})),
        "people[0].birthday: is not a real date (--02-30)",
    ),
    "id as text": (
        mutated(lambda d: d["people"][0].update(id="1")),
        'people[0]: id must be a whole number above 0 (found "1")',
    ),
    "a typo in a field": (
        mutated(lambda d: d["people"][0].update(display_nam="x")),
        'people[0]: unknown field "display_nam"',
    ),
    "a typo in a section": (
        mutated(lambda d: d.update(peeple=[])),
        'unknown member "peeple" at the top level',
    ),
    "people not a list": (mutated(lambda d: d.update(people={})), "people: must be a list"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_says_what_and_where_and_changes_nothing(
    name: str, other_db: Database, tmp_path: Path
) -> None:
    content, expected = BROKEN[name]
    before = export_fixture.dump(other_db)
    with pytest.raises(JsonImportError) as caught:
        import_json(other_db, write(tmp_path, content))
    assert expected in str(caught.value)
    assert "Nothing was changed" in str(caught.value) or "nothing was changed" in str(caught.value)
    assert export_fixture.dump(other_db) == before


def test_every_problem_is_listed_with_its_line(other_db: Database, tmp_path: Path) -> None:
    data = good_file()
    data["people"][0]["contact_points"][0]["kind"] = "fax"
    data["interactions"][0]["channel"] = "pigeon"
    data["promises"][0]["promiser"] = "nobody"
    path = write(tmp_path, data)
    lines = path.read_text().splitlines()

    with pytest.raises(JsonImportError) as caught:
        import_json(other_db, path)

    error = caught.value
    assert "3 problems" in error.message
    assert len(error.problems) == 3
    for problem, needle in zip(error.problems, ('"fax"', '"pigeon"', '"nobody"'), strict=True):
        line = int(problem.rsplit("(line ", 1)[1].rstrip(")"))
        record_start = lines[line - 1].strip()
        assert record_start == "{", problem
        assert needle in problem


def test_sections_may_come_in_any_order(other_db: Database, tmp_path: Path) -> None:
    data = good_file()
    reordered = {key: data[key] for key in ("promises", "introductions", "interactions")}
    reordered |= {key: data[key] for key in ("people", "tags", "version", "format")}
    result = import_json(other_db, write(tmp_path, reordered))
    assert result.people == 2 and result.promises == 1


def test_a_reference_to_a_missing_section_is_named(other_db: Database, tmp_path: Path) -> None:
    data = good_file()
    del data["people"]
    with pytest.raises(JsonImportError) as caught:
        import_json(other_db, write(tmp_path, data))
    assert 'interactions[0].people[0]: person 1 is not in "people"' in str(caught.value)


def test_a_file_over_the_size_limit_is_refused(
    other_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_format, "MAX_JSON_BYTES", 100)
    with pytest.raises(JsonImportError) as caught:
        import_json(other_db, write(tmp_path, good_file()))
    assert "Relapp reads JSON files of up to" in str(caught.value)


def test_a_missing_file_is_named(other_db: Database, tmp_path: Path) -> None:
    with pytest.raises(JsonImportError) as caught:
        import_json(other_db, tmp_path / "nowhere.json")
    assert "nowhere.json" in str(caught.value) and "cannot be read" in str(caught.value)


def test_a_failure_half_way_through_writing_leaves_the_database_unchanged(
    db: Database, other_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = exported(db, tmp_path)
    before = export_fixture.dump(other_db)

    def disk_full(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(restore_repo, "insert_interactions", disk_full)
    with pytest.raises(OSError):
        import_json(other_db, source)
    assert export_fixture.dump(other_db) == before


def test_progress_reaches_the_end_and_can_cancel(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    source = exported(db, tmp_path)
    seen: list[tuple[int, int]] = []
    import_json(other_db, source, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancelling_an_import_leaves_the_database_unchanged(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    source = exported(db, tmp_path)
    before = export_fixture.dump(other_db)

    class Cancelled(Exception):
        pass

    def cancel_in_second_pass(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        import_json(other_db, source, progress=cancel_in_second_pass)
    assert export_fixture.dump(other_db) == before


def test_an_interaction_whose_people_were_all_deleted_round_trips(
    db: Database, other_db: Database, tmp_path: Path
) -> None:
    export_fixture.build(db)
    gone = people.add_person(use(db), PersonDraft("Imported By Mistake")).id
    interactions.log_interaction(
        db,
        InteractionDraft(export_fixture.at(2024, 3, 1), Channel.CALL, Direction.INBOUND, (gone,)),
    )
    imports_repo.delete_people(db, [gone])  # as an import undo
    source = tmp_path / "orphan.json"
    export_json(db, source)
    import_json(other_db, source)
    assert export_fixture.dump(other_db) == export_fixture.dump(db)
